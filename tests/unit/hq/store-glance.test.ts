import { describe, expect, it } from 'vitest';
import { dayIn, storedReport } from '../../../hq/store-glance.ts';

describe('dayIn', () => {
  it('is the calendar day in the zone asked for', () => {
    const at = new Date('2026-11-19T17:30:00Z');
    expect(dayIn('UTC', at)).toBe('2026-11-19');
    expect(dayIn('Asia/Taipei', at)).toBe('2026-11-20');
    expect(dayIn('America/Los_Angeles', new Date('2026-01-01T05:00:00Z'))).toBe('2025-12-31');
  });
});

describe('storedReport', () => {
  it('reads a stored report and takes anything else (a till that never reported, a damaged value) as not reported', () => {
    const report = { softwareVersion: 'tillproof/1.0.0', devices: [{ kind: 'printer', id: 'p', state: 'idle' }], backlog: 3 };
    expect(storedReport(report)).toEqual(report);
    expect(storedReport(null)).toBeNull();
    expect(storedReport({ ...report, backlog: -1 })).toBeNull();
    expect(storedReport('tillproof/1.0.0')).toBeNull();
  });
});
