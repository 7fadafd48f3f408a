// The 證明聯 of an e-invoice sale: the items the QR codes record come from the sale's lines (voided
// ones left out, quantities as decimals), and a reprint is marked 補印.
import { afterEach, describe, expect, it } from 'vitest';
import { proofItems } from '../../../../core/receipts/einvoice-proof.ts';
import { saleBody } from '../../../helpers/ledger.ts';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost | null = null;
afterEach(() => host?.close());

describe('the e-invoice sale receipt', () => {
  it('records the lines sold as QR items: name, decimal quantity, unit price; voided lines left out', () => {
    const body = saleBody(1);
    const [first, second, third] = body.lines;
    const lines = [
      { ...first!, qtyMilli: 250 },
      { ...second!, voided: true },
      { ...third!, qtyMilli: 3000 },
    ];
    expect(proofItems({ ...body, lines })).toEqual([
      { name: first!.name, quantity: '0.25', unitPrice: String(first!.unitPrice) },
      { name: third!.name, quantity: '3', unitPrice: String(third!.unitPrice) },
    ]);
  });

  it('a reprint of the 證明聯 is marked 補印; the original is not', async () => {
    host = startTestHost({
      fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: '0123456789abcdef0123456789abcdef' },
    });
    host.store.write((tx) =>
      tx.append({
        kind: 'einvoice-range',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T02:00:00.000Z',
        endedAt: '2026-11-20T02:00:00.000Z',
        operatorId: null,
        body: { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' },
      }),
    );
    await loginAs(host, '101');
    await openDrawer(host);
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const { total } = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: total });
    const { receiptNo } = await host.call('sale.complete');
    const texts = (i: number) => host!.printer.printed[i]!.lines.flatMap((l) => (l.type === 'text' ? [l.text] : []));
    expect(texts(0)).not.toContain('補印');
    await host.call('receipt.reprint', { receiptNo, reason: 'paper-jam', approval: approvalBy('201') });
    expect(texts(1)).toContain('補印');
    expect(texts(1)).toContain('AB-11223300');
  });
});
