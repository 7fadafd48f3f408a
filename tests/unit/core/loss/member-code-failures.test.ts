import { describe, expect, it } from 'vitest';
import { lastUsedCodeStep, memberCodesLocked, memberFailures } from '../../../../core/loss/member-code-failures.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { saleBody } from '../../../helpers/ledger.ts';

const T0 = Date.parse('2026-11-20T02:00:00.000Z');
const rules = { maxFailures: 3, windowMs: 10 * 60_000 };
let seq = 0;
function entry(kind: string, minute: number, body: object): LedgerEntry {
  const at = new Date(T0 + minute * 60_000).toISOString();
  return {
    kind,
    businessDay: '2026-11-20',
    startedAt: at,
    endedAt: at,
    operatorId: '101',
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
const failed = (minute: number, memberId?: string) =>
  entry('member-verification-failed', minute, {
    method: 'app-code',
    reason: 'invalid',
    ...(memberId ? { memberId } : {}),
    source: 'screen',
    tillFailures: 1,
    lockedOut: false,
  });
const sale = (minute: number, memberId: string, codeStep?: number) =>
  entry('sale', minute, {
    ...saleBody(seq + 1),
    member: { memberId, tier: 'vip', verification: 'app-code', ...(codeStep ? { codeStep } : {}) },
  });
const at = (minute: number) => T0 + minute * 60_000;

describe('memberFailures', () => {
  it('counts the till’s failures and one member’s within the window; a good sale does not reset them', () => {
    const log = [failed(0, 'M-1'), failed(1, 'M-2'), sale(2, 'M-1', 5), failed(3, 'M-1'), failed(4)];
    expect(memberFailures(log, 'M-1', rules, at(5))).toEqual({ till: 4, member: 2 });
    expect(memberFailures(log, undefined, rules, at(5))).toEqual({ till: 4, member: 0 });
    // At minute 11 the failure of minute 0 is older than ten minutes.
    expect(memberFailures(log, 'M-1', rules, at(11))).toEqual({ till: 3, member: 1 });
  });

  it('locks at the limit, for the till or for the member', () => {
    expect(memberCodesLocked({ till: 2, member: 2 }, rules)).toBe(false);
    expect(memberCodesLocked({ till: 3, member: 0 }, rules)).toBe(true);
    expect(memberCodesLocked({ till: 3, member: 3 }, { ...rules, maxFailures: 3 })).toBe(true);
  });
});

describe('lastUsedCodeStep', () => {
  it('is the newest app-code step of that member on a sale', () => {
    const log = [sale(0, 'M-1', 7), sale(1, 'M-1', 9), sale(2, 'M-2', 12), sale(3, 'M-1'), failed(4, 'M-1')];
    expect(lastUsedCodeStep(log, 'M-1')).toBe(9);
    expect(lastUsedCodeStep(log, 'M-2')).toBe(12);
    expect(lastUsedCodeStep(log, 'M-3')).toBeUndefined();
  });
});
