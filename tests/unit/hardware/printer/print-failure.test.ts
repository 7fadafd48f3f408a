import { describe, expect, it } from 'vitest';
import { printFailure, printFailureOf } from '../../../../hardware/printer/print-failure.ts';

const ok = { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, drawerOpen: false, error: false };

describe('printFailureOf', () => {
  it('names the most specific reason a printer cannot print: paper, cover, error, then offline', () => {
    expect(printFailureOf(ok)).toBeNull();
    expect(printFailureOf({ ...ok, paperNearEnd: true })).toBeNull();
    expect(printFailureOf({ ...ok, online: false, paperOut: true, coverOpen: true })).toBe('paper-out');
    expect(printFailureOf({ ...ok, online: false, coverOpen: true, error: true })).toBe('cover-open');
    expect(printFailureOf({ ...ok, online: false, error: true })).toBe('error');
    expect(printFailureOf({ ...ok, online: false })).toBe('offline');
  });

  it('leaves the detail out when there is none', () => {
    expect(printFailure('timeout')).toEqual({ ok: false, reason: 'timeout' });
    expect(printFailure('offline', 'not connected')).toEqual({ ok: false, reason: 'offline', detail: 'not connected' });
  });
});
