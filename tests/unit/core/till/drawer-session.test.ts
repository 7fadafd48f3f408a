// drawerDeltas is the one function the drawer read model and `ledger verify` both use; these are
// its post-void rules (issue #7).
import { describe, expect, it } from 'vitest';
import { drawerDeltas } from '../../../../core/till/drawer-session.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import type { SaleLookup } from '../../../../core/till/day-totals.ts';
import { saleBody } from '../../../helpers/ledger.ts';

const sale = { ...saleBody(7), drawerSessionId: 'drawer-1' };
const cash = sale.tenders[0]!.amount;
const lookup: SaleLookup = (no) => (no === 7 ? { body: sale, operatorId: 'staff-1' } : undefined);

function postVoid(extra: Record<string, unknown>): LedgerEntry {
  return {
    v: 1,
    terminalId: 'T-1',
    seq: 20,
    kind: 'void',
    businessDay: '2026-11-20',
    startedAt: '2026-11-20T12:00:00.000Z',
    endedAt: '2026-11-20T12:00:00.000Z',
    operatorId: 'mgr',
    prevHash: '',
    keyId: '',
    hash: '',
    signature: '',
    body: { scope: 'post-void', saleId: sale.saleId, receiptNo: 7, amount: sale.total, reason: 'test', ...extra },
  } as LedgerEntry;
}

describe('drawerDeltas for a post-void', () => {
  it('takes the cash off the drawer session open at the void, named in the entry', () => {
    expect(drawerDeltas(postVoid({ drawerSessionId: 'drawer-2' }), lookup)).toEqual([
      { type: 'add', sessionId: 'drawer-2', field: 'cashSales', amount: -cash },
    ]);
  });

  it("keeps the old rule for entries written before the field: the sale's own session", () => {
    expect(drawerDeltas(postVoid({}), lookup)).toEqual([{ type: 'add', sessionId: 'drawer-1', field: 'cashSales', amount: -cash }]);
  });

  it('charges no drawer when none was open (null), and nothing for a training sale', () => {
    expect(drawerDeltas(postVoid({ drawerSessionId: null }), lookup)).toEqual([]);
    const training = { ...sale, training: true };
    expect(drawerDeltas(postVoid({ drawerSessionId: 'drawer-2' }), () => ({ body: training, operatorId: 'staff-1' }))).toEqual([]);
  });

  it("charges the void's drawer even when the sale itself had none", () => {
    const { drawerSessionId: _none, ...noSession } = sale;
    expect(drawerDeltas(postVoid({ drawerSessionId: 'drawer-2' }), () => ({ body: noSession, operatorId: 'staff-1' }))).toEqual([
      { type: 'add', sessionId: 'drawer-2', field: 'cashSales', amount: -cash },
    ]);
  });
});
