// Ringing up, paying and completing a sale, and voids, through the contract against a real SQLite ledger.
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

const kinds = () => [...host.store.entries()].map((e) => e.kind);
const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

async function sell(codes: string[], cash: number): Promise<number> {
  for (const code of codes) await host.call('sale.scan', { code, source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

describe('a cash sale', () => {
  it('scans, presents, takes cash with change, opens the drawer, prints the receipt, discharges the obligation', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const view = await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'wedge' });
    expect(view.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([
      ['TEA', 2000, 50],
      ['CAKE', 1000, 45],
    ]);
    expect(view.total).toBe(95);
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    const opensBefore = host.drawer.opens;
    const receipt = await host.call('sale.complete');
    expect(receipt).toMatchObject({ receiptNo: 1, status: 'printed', total: 95, change: 5 });
    expect(host.drawer.opens).toBe(opensBefore + 1);
    expect(host.printer.printed).toHaveLength(1);
    const printed = host.printer.printed[0]!;
    expect(printed.lines.some((l) => l.type === 'qr' && l.data === receipt.qr)).toBe(true);
    expect(host.store.openObligations()).toEqual([]);
    expect(kinds().slice(-2)).toEqual(['sale', 'receipt-issued']);
    const sale = lastOf('sale').body;
    expect(sale.tenders).toEqual([{ type: 'cash', amount: 95, tendered: 100, change: 5 }]);
    expect(sale.tax).toBe(5);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('mixed tender: card for part, cash for the rest, change only from cash', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-milk'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'card', amount: 100, reference: 'AUTH-77', last4: '4242' });
    expect((await host.fail('sale.complete')).code).toBe('sale.underpaid');
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    const receipt = await host.call('sale.complete');
    expect(receipt.change).toBe(47);
    const sale = lastOf('sale').body;
    expect(sale.tenders).toEqual([
      { type: 'card', amount: 100, reference: 'AUTH-77', last4: '4242' },
      { type: 'cash', amount: 53, tendered: 100, change: 47 },
    ]);
  });

  it('cash needs an open drawer session (a counted float), said before any money is taken', async () => {
    const other = startTestHost();
    try {
      await loginAs(other, '101');
      await other.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await other.call('sale.present');
      // Refused when the cash is entered, not at Complete after change may have been handed out.
      const refused = await other.fail('sale.addTender', { type: 'cash', amount: 100 });
      expect(refused.code).toBe('till.no-session');
      expect(refused.message).toMatch(/counted float/);
      expect((await other.call('session.state')).sale?.tenders).toEqual([]);
      // A card payment needs no float; the sale completes with it.
      await other.call('sale.addTender', { type: 'card', amount: 25, reference: 'AUTH-1', last4: '4242' });
      await other.call('sale.complete');
      expect((await other.call('session.state')).sale).toBeNull();
    } finally {
      other.close();
    }
  });
});

describe('voids', () => {
  it('post-void of a completed sale needs a manager and reverses the day totals', async () => {
    const no = await sell([barcodeOf('p-noodle')], 120);
    expect(host.store.dayTotals('2026-11-20').sales).toEqual({ amount: 120, count: 1 });
    expect((await host.fail('sale.postVoid', { receiptNo: no, reason: 'wrong item' })).code).toBe('approval.required');
    const v = await host.call('sale.postVoid', { receiptNo: no, reason: 'wrong item', approval: approvalBy('301') });
    expect(v.document.lines.some((l) => l.type === 'text' && l.text.includes('VOIDED'))).toBe(true);
    expect(host.store.dayTotals('2026-11-20')).toMatchObject({ sales: { amount: 0, count: 1 }, 'post-voids': { amount: 120, count: 1 } });
    expect((await host.fail('sale.postVoid', { receiptNo: no, reason: 'twice', approval: approvalBy('301') })).code).toBe('void.invalid');
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a line void before tender is logged with what it removed', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const v = await host.call('sale.voidLine', { lineNo: 1, reason: 'customer changed mind' });
    expect(v.total).toBe(25);
    expect(lastOf('void').body).toMatchObject({ scope: 'line', lineNo: 1, amount: 45 });
  });
});

describe('a code keyed at the scan field', () => {
  it('adds the item whose SKU it is exactly, in any case; a scanner read of the same text stays refused', async () => {
    await host.call('sale.scan', { code: 'TEA', source: 'manual' });
    const view = await host.call('sale.scan', { code: 'cake', source: 'manual' });
    expect(view.lines.map((l) => [l.sku, l.qtyMilli])).toEqual([
      ['TEA', 1000],
      ['CAKE', 1000],
    ]);
    expect((await host.fail('sale.scan', { code: 'TEA', source: 'wedge' })).code).toBe('scan.invalid-barcode');
  });

  it('is refused (so the screen can search) when it is no exact SKU or barcode', async () => {
    expect((await host.fail('sale.scan', { code: 'te', source: 'manual' })).code).toBe('scan.invalid-barcode');
    expect((await host.fail('sale.scan', { code: '4710000000000', source: 'manual' })).code).toMatch(/^scan\./);
  });
});
