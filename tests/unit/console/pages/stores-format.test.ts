import { describe, expect, it } from 'vitest';
import { deviceTone, isStale, minutesAgo, STALE_AFTER_MINUTES } from '../../../../console/pages/stores-format.ts';

describe('the Stores page’s report age', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('counts whole minutes, and a report a little ahead of this clock as now', () => {
    expect(minutesAgo('2026-12-07T09:59:30Z', now)).toBe(0);
    expect(minutesAgo('2026-12-07T09:58:59Z', now)).toBe(1);
    expect(minutesAgo('2026-12-07T10:00:20Z', now)).toBe(0);
    expect(minutesAgo('2026-12-07T07:00:00Z', now)).toBe(180);
  });

  it('calls a report stale from STALE_AFTER_MINUTES on', () => {
    expect(isStale(STALE_AFTER_MINUTES - 1)).toBe(false);
    expect(isStale(STALE_AFTER_MINUTES)).toBe(true);
  });

  it('tones a device by its state', () => {
    expect(['idle', 'busy', 'closed', 'error', 'offline', 'something-new'].map(deviceTone)).toEqual([
      'ok',
      'ok',
      'ok',
      'alert',
      'alert',
      'warn',
    ]);
  });
});
