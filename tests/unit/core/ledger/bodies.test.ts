import { describe, expect, expectTypeOf, it } from 'vitest';
import { entryOf, knownEntry, type EntryBody } from '../../../../core/ledger/bodies.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';

function entry(kind: string, body: Record<string, unknown>): LedgerEntry {
  const at = '2026-11-20T02:00:00.000Z';
  const chain = { v: 1, terminalId: 'T-01', seq: 7, prevHash: '', keyId: 'k', hash: '', signature: '' };
  return { kind, businessDay: '2026-11-20', startedAt: at, endedAt: at, operatorId: '101', body: body as LedgerEntry['body'], ...chain };
}

const cashIn = entry('cash-in', { amount: 500, currency: 'TWD', reason: 'float top-up' });

describe('typed ledger entries', () => {
  it('entryOf gives the entry typed by its kind, and null for another kind or none', () => {
    const typed = entryOf(cashIn, 'cash-in');
    expect(typed?.body.amount).toBe(500);
    expect(typed?.seq).toBe(7);
    expectTypeOf(typed!.body).toEqualTypeOf<EntryBody<'cash-in'>>();
    expect(entryOf(cashIn, 'cash-out')).toBeNull();
    expect(entryOf(undefined, 'cash-in')).toBeNull();
  });

  it('knownEntry narrows the body by kind in a switch, and is null for a kind this code does not know', () => {
    const typed = knownEntry(cashIn);
    switch (typed?.kind) {
      case 'cash-in':
        expectTypeOf(typed.body).toEqualTypeOf<EntryBody<'cash-in'>>();
        expect(typed.body.reason).toBe('float top-up');
        break;
      default:
        expect.unreachable('a cash-in entry is a known kind');
    }
    expect(knownEntry(entry('from-a-newer-terminal', {}))).toBeNull();
  });
});
