import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../core/ledger/entry.ts';
import { ReportProjection, NO_OPERATOR } from '../../../hq/report-projection.ts';
import { saleBody } from '../../helpers/ledger.ts';

let seq = 0;
function e(kind: string, body: unknown, operatorId: string | null = 'cashier-1', businessDay = '2026-11-20'): LedgerEntry {
  seq++;
  return {
    v: 1,
    terminalId: 'T',
    seq,
    kind,
    businessDay,
    startedAt: '',
    endedAt: '',
    operatorId,
    body: body as LedgerEntry['body'],
    prevHash: '',
    hash: '',
    signature: '',
    keyId: '',
  };
}

describe('ReportProjection', () => {
  it('sums sales, returns and post-voids per day and currency, without training sales', () => {
    const p = new ReportProjection('TWD');
    const sale = saleBody(1);
    p.add(e('sale', sale));
    p.add(e('sale', saleBody(2)));
    p.add(e('sale', saleBody(3, 's3', { training: true })));
    p.add(
      e('return', {
        returnId: 'r',
        receiptNo: 4,
        currency: 'TWD',
        lines: [],
        refunds: [],
        total: 500,
        tax: 0,
        reason: '',
        withReceipt: true,
        training: false,
      }),
    );
    p.add(e('void', { scope: 'post-void', saleId: 'x', receiptNo: 1, amount: sale.total, reason: 'wrong' }));
    p.add(e('sale', saleBody(5), 'cashier-1', '2026-11-21'));
    const rows = p.salesDeltas();
    expect(rows).toEqual([
      {
        businessDay: '2026-11-20',
        currency: 'TWD',
        salesCount: 2,
        salesTotal: sale.total * 2,
        salesTax: sale.tax * 2,
        returnsCount: 1,
        returnsTotal: 500,
        postVoidsCount: 1,
        postVoidsTotal: sale.total,
      },
      expect.objectContaining({ businessDay: '2026-11-21', salesCount: 1 }),
    ]);
  });

  it('counts exceptions per cashier: voids, no-sales, manual members, reprints, discount approvals', () => {
    const p = new ReportProjection('TWD');
    p.add(e('void', { scope: 'line', saleId: 'a', lineNo: 1, amount: 10, reason: '' }));
    p.add(e('void', { scope: 'sale', saleId: 'a', amount: 10, reason: '' }));
    p.add(e('no-sale', { reason: '' }));
    p.add(e('no-sale', { reason: '' }, null));
    p.add(e('receipt-reprinted', { saleId: 'a', receiptNo: 1, copyNo: 2 }, 'cashier-2'));
    p.add(e('sale', { ...saleBody(9), member: { memberId: 'm', tier: 'member', verification: 'manual' } }, 'cashier-2'));
    p.add(e('approval', { action: 'a discount above the limit', approverId: 'mgr', requesterId: 'cashier-2', method: 'pin' }, 'cashier-2'));
    p.add(e('approval', { action: 'a price override', approverId: 'mgr', requesterId: 'cashier-1', method: 'pin' }));
    const byStaff = Object.fromEntries(p.exceptionDeltas().map((r) => [r.staffId, r]));
    expect(byStaff['cashier-1']).toMatchObject({ lineVoids: 1, saleVoids: 1, noSales: 1, priceOverrides: 1 });
    expect(byStaff['cashier-2']).toMatchObject({ reprints: 1, manualMembers: 1, discountApprovals: 1 });
    expect(byStaff[NO_OPERATOR]).toMatchObject({ noSales: 1 });
  });

  it('reads bodies defensively: wrong types count as absent, never throw', () => {
    const p = new ReportProjection('TWD');
    p.add(e('sale', { total: 'lots', currency: 5 }));
    p.add(e('void', null));
    p.add(e('approval', { action: 7 }));
    expect(p.salesDeltas()).toEqual([expect.objectContaining({ salesCount: 1, salesTotal: 0, currency: 'TWD' })]);
  });
});
