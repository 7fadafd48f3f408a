import { describe, expect, it } from 'vitest';
import { businessDayOf, nextDay, openBusinessDay } from '../../../../core/till/business-day.ts';

const taipei = { timeZone: 'Asia/Taipei', rolloverHour: 4 };
const sealed = (...days: string[]) => ({ isDaySealed: (day: string) => days.includes(day) });

describe('business day', () => {
  it('counts the hours before the rollover to the previous day', () => {
    expect(businessDayOf(new Date('2026-11-20T19:30:00Z'), 'Asia/Taipei', 4)).toBe('2026-11-20'); // 03:30 on the 21st
    expect(businessDayOf(new Date('2026-11-20T20:30:00Z'), 'Asia/Taipei', 4)).toBe('2026-11-21'); // 04:30
  });

  it('nextDay crosses months and years', () => {
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('after an early Z a new entry goes to the next day, past every sealed one', () => {
    const at = new Date('2026-11-20T14:00:00Z'); // 22:00 in Taipei
    expect(openBusinessDay(at, taipei, sealed())).toBe('2026-11-20');
    expect(openBusinessDay(at, taipei, sealed('2026-11-20'))).toBe('2026-11-21');
    expect(openBusinessDay(at, taipei, sealed('2026-11-20', '2026-11-21'))).toBe('2026-11-22');
    expect(openBusinessDay(at, { timeZone: 'Asia/Taipei' }, sealed('2026-11-19'))).toBe('2026-11-20');
  });
});
