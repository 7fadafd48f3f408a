// Returns found by receipt number or signed QR code, with and without a receipt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

async function sell(codes: string[], cash: number): Promise<number> {
  for (const code of codes) await host.call('sale.scan', { code, source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

describe('returns', () => {
  it('a return against the receipt QR refunds what was paid and cannot exceed what was sold', async () => {
    const no = await sell([barcodeOf('p-tea'), barcodeOf('p-tea'), barcodeOf('p-cake')], 100);
    const receipt = await host.call('receipt.get', { receiptNo: no });
    const found = await host.call('return.lookup', { qr: receipt.qr });
    expect(found.lines.map((l) => [l.lineNo, l.returnableMilli])).toEqual([
      [1, 2000],
      [2, 1000],
    ]);
    const back = await host.call('return.complete', {
      originalReceiptNo: no,
      lines: [{ lineNo: 1, qtyMilli: 1000 }],
      reason: 'leaking bottle',
    });
    expect(back).toMatchObject({ kind: 'return', status: 'printed', total: 25 });
    const ret = lastOf('return').body;
    expect(ret).toMatchObject({ originalReceiptNo: no, withReceipt: true, refunds: [{ type: 'cash', amount: 25 }] });
    expect((await host.call('return.lookup', { receiptNo: no })).lines[0]!.returnableMilli).toBe(1000);
    const tooMany = await host.fail('return.complete', { originalReceiptNo: no, lines: [{ lineNo: 1, qtyMilli: 2000 }], reason: 'again' });
    expect(tooMany.code).toBe('return.exceeds-sold');
    // A forged QR (changed total) is refused.
    expect((await host.fail('return.lookup', { qr: receipt.qr.replace('A=95', 'A=950') })).code).toBe('return.not-found');
  });

  it('a return without a receipt needs a manager', async () => {
    expect((await host.fail('return.complete', { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'gift' })).code).toBe(
      'approval.required',
    );
    const r = await host.call('return.complete', {
      lines: [{ productId: 'p-cake', qtyMilli: 1000 }],
      reason: 'gift',
      approval: approvalBy('301'),
    });
    expect(r.total).toBe(45);
    expect(lastOf('return').body.withReceipt).toBe(false);
  });
});
