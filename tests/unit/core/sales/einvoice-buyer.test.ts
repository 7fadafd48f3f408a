// Who a sale's e-invoice is for, on a till with the Taiwan e-invoice profile and a real SQLite
// ledger: a carrier or a donation code typed or scanned at payment (or the member's own carrier)
// keeps the invoice electronically, so the sale completes with no paper and an electronic
// receipt-issued; a buyer UBN prints the 證明聯 with 買方, 格式 25 and the item list; a reprint of a
// 證明聯 says 補印 and keeps its reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalConfigInput } from '../../../../core/config/terminal-config.ts';
import type { ReceiptDocument } from '../../../../core/contract/views.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

const FISCAL: Partial<TerminalConfigInput> = {
  fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: '0123456789abcdef0123456789abcdef' },
};

let host: TestHost;

function draftAt(h: TestHost) {
  const at = h.clock.now().toISOString();
  return { businessDay: '2026-11-20', startedAt: at, endedAt: at, operatorId: null };
}

beforeEach(async () => {
  host = startTestHost(FISCAL);
  host.store.write((tx) =>
    tx.append({
      ...draftAt(host),
      kind: 'einvoice-range',
      body: { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' },
    }),
  );
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function ringUp(h: TestHost): Promise<number> {
  await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await h.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  return (await h.call('sale.present')).total;
}

async function pay(h: TestHost, total: number) {
  await h.call('sale.addTender', { type: 'cash', amount: total });
  return h.call('sale.complete');
}

const lastOf = <K extends 'sale' | 'receipt-issued' | 'receipt-reprinted'>(h: TestHost, kind: K) =>
  [...h.store.entries()]
    .map((e) => entryOf(e, kind))
    .filter((e) => e !== null && e !== undefined)
    .at(-1)!;

const textOf = (doc: ReceiptDocument) =>
  doc.lines.map((l) => (l.type === 'text' ? l.text : l.type === 'pair' ? `${l.left} | ${l.right}` : `[${l.type}]`)).join('\n');

describe('the e-invoice buyer at the till', () => {
  it('a mobile barcode typed in lower case keeps the invoice on the carrier: no paper, an electronic receipt-issued, no reprint', async () => {
    const total = await ringUp(host);
    const view = await host.call('sale.setInvoiceBuyer', { code: ' /ab+-.12 ' });
    expect(view.invoiceBuyer).toEqual({ kind: 'mobile-barcode', value: '/AB+-.12', paperless: true });
    const printedBefore = host.printer.printed.length;
    const receipt = await pay(host, total);
    expect(receipt.status).toBe('electronic');
    expect(host.printer.printed).toHaveLength(printedBefore);
    expect(lastOf(host, 'sale').body.einvoice).toMatchObject({
      number: 'AB11223300',
      buyer: { kind: 'mobile-barcode', value: '/AB+-.12' },
    });
    expect(lastOf(host, 'receipt-issued').body).toMatchObject({
      receiptNo: receipt.receiptNo,
      channel: 'electronic',
      electronicReason: 'einvoice-carrier',
      destination: 'einvoice-mobile-barcode:/AB+-.12',
    });
    // The till takes the next sale at once: nothing is owed.
    expect((await host.call('session.state')).obligation).toBeNull();
    await expectRefused(host, 'receipt.reprint', { receiptNo: receipt.receiptNo, reason: 'customer-lost' }, 'einvoice.reprint-refused');
  });

  it('refuses what is no carrier, donation code or valid UBN, and keeps the buyer across a restart', async () => {
    await ringUp(host);
    for (const bad of ['/AB,1234', '/AB1234', 'ab1234567890123', '04595258', '00000000', '12', '123456789'])
      await expectRefused(host, 'sale.setInvoiceBuyer', { code: bad }, 'einvoice.invalid-buyer');
    await host.call('sale.setInvoiceBuyer', { code: 'ab12345678901234' });
    host = host.restart();
    await loginAs(host, '101');
    const state = await host.call('session.state');
    expect(state.sale?.invoiceBuyer).toEqual({ kind: 'citizen-certificate', value: 'AB12345678901234', paperless: true });
    // Taken off again: a consumer who takes the paper.
    expect((await host.call('sale.setInvoiceBuyer', { code: null })).invoiceBuyer).toBeUndefined();
  });

  it('a donation code is recorded as a donation and prints nothing', async () => {
    const total = await ringUp(host);
    await host.call('sale.setInvoiceBuyer', { code: '8585' });
    const receipt = await pay(host, total);
    expect(receipt.status).toBe('electronic');
    expect(lastOf(host, 'receipt-issued').body).toMatchObject({
      electronicReason: 'einvoice-donation',
      destination: 'einvoice-donation:8585',
    });
  });

  it('a mobile barcode scanned from the phone at payment is the buyer, not an item', async () => {
    const total = await ringUp(host);
    const view = await host.call('sale.scan', { code: '/XYZ9876', source: 'hid' });
    expect(view.invoiceBuyer).toMatchObject({ kind: 'mobile-barcode', value: '/XYZ9876' });
    expect(view.lines).toHaveLength(2);
    expect((await pay(host, total)).status).toBe('electronic');
  });

  it("fills in the member's own carrier, masked on screen, unless the cashier gives another buyer", async () => {
    host.store.write((tx) =>
      tx.append({
        ...draftAt(host),
        kind: 'member-created',
        body: {
          memberId: 'M-1001',
          name: 'Lin Mei',
          tier: 'member',
          carrier: '/MEM1234',
          consent: { membership: true, marketing: false },
          consentAt: host.clock.now().toISOString(),
        },
      }),
    );
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const attached = await host.call('sale.attachMember', { method: 'manual', memberId: 'M-1001', approval: approvalBy('201') });
    expect(attached.invoiceBuyer).toEqual({ kind: 'member-carrier', value: '/M*****', paperless: true });
    // A UBN given for this sale wins; taking it off brings the member's carrier back.
    expect((await host.call('sale.setInvoiceBuyer', { code: '04595257' })).invoiceBuyer?.kind).toBe('ubn');
    expect((await host.call('sale.setInvoiceBuyer', { code: null })).invoiceBuyer?.kind).toBe('member-carrier');
    const { total } = await host.call('sale.present');
    const receipt = await pay(host, total);
    expect(receipt.status).toBe('electronic');
    expect(lastOf(host, 'sale').body.einvoice?.buyer).toEqual({ kind: 'member-carrier', value: '/MEM1234' });
    expect(lastOf(host, 'receipt-issued').body.destination).toBe('einvoice-member-carrier:/MEM1234');
  });

  it('a buyer UBN prints the 證明聯 with 買方, 格式 25 and the items; a reprint says 補印 and keeps its reason', async () => {
    const total = await ringUp(host);
    const view = await host.call('sale.setInvoiceBuyer', { code: '04595257' });
    expect(view).toMatchObject({ invoiceBuyer: { kind: 'ubn', value: '04595257', paperless: false }, invoiceItemDetails: true });
    const receipt = await pay(host, total);
    expect(receipt.status).toBe('printed');
    const sale = lastOf(host, 'sale').body;
    expect(sale.einvoice).toMatchObject({ buyer: { kind: 'ubn', value: '04595257' }, itemDetails: true });
    const paper = textOf(host.printer.printed.at(-1)!);
    for (const text of [
      '格式 25',
      '買方 04595257',
      '交易明細',
      `銷售額 | ${sale.total - sale.tax}`,
      `稅額 | ${sale.tax}`,
      `總計 | ${sale.total}`,
    ])
      expect(paper).toContain(text);
    expect(paper).toContain(sale.lines[0]!.name);
    expect(paper).not.toContain('補印');

    await expectRefused(host, 'receipt.reprint', { receiptNo: receipt.receiptNo }, 'einvoice.reprint-refused');
    const copy = await host.call('receipt.reprint', { receiptNo: receipt.receiptNo, reason: 'paper-jam' });
    expect(textOf(copy.document)).toContain('補印');
    expect(textOf(host.printer.printed.at(-1)!)).toContain('補印');
    expect(lastOf(host, 'receipt-reprinted').body).toMatchObject({ receiptNo: receipt.receiptNo, copyNo: 1, reason: 'paper-jam' });
  });

  it('prints the item list of a consumer invoice on request, without 買方', async () => {
    const total = await ringUp(host);
    const view = await host.call('sale.setInvoiceBuyer', { code: null, itemDetails: true });
    expect(view.invoiceItemDetails).toBe(true);
    await pay(host, total);
    const paper = textOf(host.printer.printed.at(-1)!);
    expect(paper).toContain('交易明細');
    expect(paper).not.toContain('買方');
    expect(paper).not.toContain('銷售額');
  });
});

it('a till without the e-invoice profile takes no buyer', async () => {
  const plain = startTestHost();
  try {
    await loginAs(plain, '101');
    await plain.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await expectRefused(plain, 'sale.setInvoiceBuyer', { code: '/ABC1234' }, 'einvoice.invalid-buyer');
  } finally {
    plain.close();
  }
});
