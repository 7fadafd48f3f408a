import { describe, expect, it } from 'vitest';
import { badgeFailures, entriesSince, lockedStaff, pinFailures } from '../../../../core/loss/sign-in-lockout.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';

const T0 = Date.parse('2026-11-20T02:00:00.000Z');
const rules = { maxAttempts: 3, windowMs: 15 * 60_000 };
let seq = 0;
function entry(kind: string, minute: number, body: Record<string, unknown>, operatorId: string | null = null): LedgerEntry {
  const at = new Date(T0 + minute * 60_000).toISOString();
  return {
    kind,
    businessDay: '2026-11-20',
    startedAt: at,
    endedAt: at,
    operatorId,
    body: body as LedgerEntry['body'],
    v: 1,
    terminalId: 'T-01',
    seq: ++seq,
    prevHash: '',
    keyId: 'k',
    hash: '',
    signature: '',
  };
}
const failed = (minute: number, staffId: string | undefined, attempts: number, lockedOut = false, method: 'pin' | 'badge' = 'pin') =>
  entry('login-failed', minute, { method, ...(staffId ? { staffId } : {}), attempts, lockedOut });
const at = (minute: number) => T0 + minute * 60_000;

describe('pinFailures', () => {
  it("counts one staff number's wrong PINs in the window and locks from the entry that reached the limit", () => {
    const log = [failed(0, '102', 1), failed(1, '101', 1), failed(2, '102', 2), failed(3, '102', 3, true)];
    expect(pinFailures(log.slice(0, 3), '102', rules, at(3))).toEqual({ failures: 2, lockedUntil: 0 });
    expect(pinFailures(log, '102', rules, at(4))).toEqual({ failures: 0, lockedUntil: at(18) });
    expect(pinFailures(log, '102', rules, at(18))).toEqual({ failures: 0, lockedUntil: 0 });
    expect(pinFailures(log, '101', rules, at(4))).toEqual({ failures: 1, lockedUntil: 0 });
    // Failures older than the window are forgotten.
    expect(pinFailures(log.slice(0, 3), '102', rules, at(16))).toEqual({ failures: 1, lockedUntil: 0 });
  });

  it("a good sign-in or approval resets the count; a manager's edit of the staff member lifts a lockout", () => {
    expect(
      pinFailures([failed(0, '102', 1), entry('login', 1, { method: 'pin', role: 'cashier' }, '102')], '102', rules, at(2)).failures,
    ).toBe(0);
    expect(
      pinFailures(
        [
          failed(0, '301', 1),
          entry('approval', 1, { action: 'drawer.no-sale', approverId: '301', requesterId: '101', method: 'pin', reason: 'x' }, '101'),
        ],
        '301',
        rules,
        at(2),
      ).failures,
    ).toBe(0);
    const locked = [failed(0, '102', 3, true)];
    const reset = entry('config-change', 1, { section: 'staff', version: 'local-2', summary: 'at the till by 301: 102 PIN reset' }, '301');
    const other = entry('config-change', 1, { section: 'staff', version: 'local-2', summary: 'at the till by 301: 1020 PIN reset' }, '301');
    expect(pinFailures([...locked, other], '102', rules, at(2)).lockedUntil).toBe(at(15));
    expect(pinFailures([...locked, reset], '102', rules, at(2))).toEqual({ failures: 0, lockedUntil: 0 });
  });
});

describe('badgeFailures', () => {
  it('counts every refused badge on the till; a good badge does not reset it', () => {
    const log = [
      failed(0, undefined, 1, false, 'badge'),
      entry('login', 1, { method: 'badge', role: 'cashier' }, '101'),
      failed(2, undefined, 2, false, 'badge'),
      failed(2, '102', 1),
    ];
    expect(badgeFailures(log, rules, at(3))).toEqual({ failures: 2, lockedUntil: 0 });
    expect(badgeFailures([...log, failed(4, undefined, 3, true, 'badge')], rules, at(5))).toEqual({ failures: 0, lockedUntil: at(19) });
  });
});

describe('a manager lifting a lockout (lockout-cleared)', () => {
  const clear = (minute: number, scope: 'staff' | 'badge', staffId?: string) =>
    entry('lockout-cleared', minute, { scope, ...(staffId ? { staffId } : {}), lockedUntil: 'x', reason: 'checked ID' }, '301');
  it('lifts that staff number only, or badge sign-in only; later failures count from zero', () => {
    const log = [failed(0, '102', 3, true), failed(0, '103', 3, true), failed(1, undefined, 3, true, 'badge')];
    expect(lockedStaff(log, rules, at(2))).toEqual(
      new Map([
        ['102', at(15)],
        ['103', at(15)],
      ]),
    );
    const lifted = [...log, clear(2, 'staff', '102')];
    expect(lockedStaff(lifted, rules, at(3))).toEqual(new Map([['103', at(15)]]));
    expect(badgeFailures(lifted, rules, at(3)).lockedUntil).toBe(at(16));
    expect(pinFailures([...lifted, failed(4, '102', 1)], '102', rules, at(5))).toEqual({ failures: 1, lockedUntil: 0 });
    expect(badgeFailures([...log, clear(2, 'badge')], rules, at(3))).toEqual({ failures: 0, lockedUntil: 0 });
    expect(lockedStaff([...log, clear(2, 'badge')], rules, at(3)).size).toBe(2);
  });
});

describe('entriesSince', () => {
  it('reads backwards from the head only as far as the window, across chunks', () => {
    const all = Array.from({ length: 1000 }, (_, i) => failed(i / 10, '102', 1));
    const store = {
      head: () => ({ seq: all.at(-1)!.seq }),
      entries: ({ from = 1, to = Infinity }: { from?: number; to?: number } = {}) =>
        all.filter((e) => e.seq >= from && e.seq <= to).values(),
    };
    const recent = entriesSince(store as unknown as Parameters<typeof entriesSince>[0], at(60));
    expect(recent).toHaveLength(400);
    expect(recent[0]!.endedAt).toBe(new Date(at(60)).toISOString());
    expect(recent.map((e) => e.seq)).toEqual([...recent.map((e) => e.seq)].sort((a, b) => a - b));
  });
});
