import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  invoicePeriodOf,
  localDateIn,
  parsePeriodCode,
  periodCode,
  periodLabel,
  rocDate,
} from '../../../../../core/fiscal/tw-einvoice/roc-calendar.ts';

describe('ROC dates and invoice periods', () => {
  it('writes the spec example date 2013-05-23 as 1020523', () => {
    expect(rocDate({ year: 2013, month: 5, day: 23 })).toBe('1020523');
  });

  it('puts each month in its two-month period, named by the even month', () => {
    expect(periodCode(invoicePeriodOf({ year: 2015, month: 3, day: 1 }))).toBe('10404');
    expect(periodCode(invoicePeriodOf({ year: 2015, month: 4, day: 30 }))).toBe('10404');
    expect(periodCode(invoicePeriodOf({ year: 2025, month: 1, day: 15 }))).toBe('11402');
    expect(periodCode(invoicePeriodOf({ year: 2025, month: 12, day: 31 }))).toBe('11412');
  });

  it('labels the period as the 證明聯 prints it', () => {
    expect(periodLabel(invoicePeriodOf({ year: 2025, month: 2, day: 1 }))).toBe('114年01-02月');
    expect(periodLabel(parsePeriodCode('10404'))).toBe('104年03-04月');
  });

  it('reads back every period code it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1912, max: 2910 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const period = invoicePeriodOf({ year, month, day: 1 });
        expect(parsePeriodCode(periodCode(period))).toEqual(period);
        expect(period.endMonth - period.startMonth).toBe(1);
        expect([period.startMonth, period.endMonth]).toContain(month);
      }),
      { seed: 1911, numRuns: 300 },
    );
  });

  it('refuses dates and codes that are not', () => {
    expect(() => rocDate({ year: 2025, month: 2, day: 29 })).toThrow(expect.objectContaining({ code: 'einvoice.invalid-date' }));
    expect(() => rocDate({ year: 1911, month: 1, day: 1 })).toThrow(/ROC years 1-999/);
    for (const bad of ['11401', '11400', '11414', '1140', 'abcde']) expect(() => parsePeriodCode(bad), bad).toThrow(/such as "11402"/);
  });

  it('takes the date in the store time zone: 16:30 UTC on 28 Feb is 1 Mar in Taipei, the next period', () => {
    const d = localDateIn('2025-02-28T16:30:00Z', 'Asia/Taipei');
    expect(d).toEqual({ year: 2025, month: 3, day: 1 });
    expect(periodCode(invoicePeriodOf(d))).toBe('11404');
    expect(() => localDateIn('yesterday', 'Asia/Taipei')).toThrow(/not an ISO-8601 time/);
  });
});
