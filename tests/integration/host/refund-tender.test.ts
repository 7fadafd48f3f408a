// A refund to a tender the sale did not use (a card sale paid back in cash) needs approval and
// is named on the X and Z reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { entryOf } from '../../../core/ledger/bodies.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function cardSale(): Promise<number> {
  await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'card', amount: 120, reference: 'AUTH-778', last4: '4242' });
  return (await host.call('sale.complete')).receiptNo;
}

const reportText = (doc: { lines: Array<{ type: string; left?: string; right?: string }> }) =>
  doc.lines.map((l) => `${l.left ?? ''} ${l.right ?? ''}`).join('\n');

describe('refunds to another tender', () => {
  it('a card sale refunded in cash needs approval and shows on the X and Z', async () => {
    const receiptNo = await cardSale();
    const back = {
      originalReceiptNo: receiptNo,
      lines: [{ lineNo: 1, qtyMilli: 1000 }],
      refundTo: 'cash' as const,
      reason: 'card declined refund',
    };
    await expectRefused(host, 'return.complete', back, 'approval.required');
    await host.call('return.complete', { ...back, approval: approvalBy('201') });
    const entries = [...host.store.entries()];
    const ret = entryOf(entries.filter((e) => e.kind === 'return').at(-1), 'return')!;
    expect(ret.body.refunds).toEqual([{ type: 'cash', amount: 120 }]);
    expect(ret.body.otherTender?.amount).toBe(120);
    const approval = entries.find((e) => e.seq === ret.body.otherTender?.approvalSeq)!;
    expect(approval.body).toMatchObject({ action: 'return.other-tender', approverId: '201' });

    await loginAs(host, '301');
    const x = await host.call('report.x');
    expect(x.keys['refunds:other-tender']).toEqual({ amount: 120, count: 1 });
    expect(reportText(x.document)).toMatch(/Refunds to another tender\s+1\s+120/);
    // The Z seals it: the drawer paid 120 out, the card terminal still holds the 120 card payment.
    await host.call('till.closeDrawer', { counts: [{ value: 10, count: 188 }] });
    await host.call('till.cardBatch', { reported: 120 });
    const z = await host.call('report.z', {});
    expect(z.keys['refunds:other-tender']).toEqual({ amount: 120, count: 1 });
    expect(reportText(z.document)).toMatch(/Refunds to another tender\s+1\s+120/);
  });

  it('a refund back to the card it was paid with needs no extra approval', async () => {
    const receiptNo = await cardSale();
    await host.call('return.complete', { originalReceiptNo: receiptNo, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'wrong size' });
    const ret = entryOf([...host.store.entries()].filter((e) => e.kind === 'return').at(-1), 'return')!;
    expect(ret.body.refunds).toMatchObject([{ type: 'card', amount: 120, last4: '4242' }]);
    expect(ret.body.otherTender).toBeUndefined();
  });
});
