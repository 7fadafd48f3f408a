// Held sales (issue #15) on a real SQLite ledger: a cashier parks a sale, serves the next customer,
// and any cashier of the till recalls it; a restart keeps every held sale; a recalled sale is
// charged today's prices and the difference is named.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../core/ports/catalog.ts';
import type { Product } from '../../../../core/catalog/product.ts';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

/** Catalog prices a test changes while a sale is held (what HQ sending a new price does). */
const priceChanges = new Map<string, Product['prices']>();
const changingPrices = (own: Catalog): Catalog => ({
  ...own,
  byGtin: (g) => withChange(own.byGtin(g)),
  bySku: (s) => withChange(own.bySku(s)),
  byId: (id) => withChange(own.byId(id)),
  byItemCode: (c) => withChange(own.byItemCode(c)),
  search: (q, l) => own.search(q, l),
  version: () => own.version(),
});
function withChange(p: Product | undefined): Product | undefined {
  const prices = p && priceChanges.get(p.productId);
  return p && prices ? { ...p, prices } : p;
}

let host: TestHost;
beforeEach(async () => {
  priceChanges.clear();
  host = startTestHost({}, undefined, { catalog: changingPrices });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const scan = (productId: string) => host.call('sale.scan', { code: barcodeOf(productId), source: 'hid' });
const kinds = () => [...host.store.entries()].map((e) => e.kind);

describe('parking a sale', () => {
  it('holds the sale in the ledger and leaves the till free for the next customer', async () => {
    await scan('p-tea');
    await scan('p-tea');
    await scan('p-cake');
    const held = await host.call('sale.park', { label: '  blue jacket  ' });
    expect(held).toMatchObject({ lines: 2, total: 95, label: 'blue jacket', parkedBy: '101', parkedByName: 'Amy 陳', training: false });
    expect((await host.call('session.state')).sale).toBeNull();
    expect(host.store.saleInProgress()).toBeUndefined();
    expect(kinds().at(-1)).toBe('sale-parked');
    expect(await host.call('sale.parked')).toEqual([held]);
    // The next customer is rung up and paid as usual.
    await scan('p-cake');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 45 });
    await host.call('sale.complete');
    expect(await host.call('sale.parked')).toHaveLength(1);
    expect(host.verify().ok).toBe(true);
  });

  it('refuses a sale with a payment taken, and an empty sale, changing nothing', async () => {
    await scan('p-tea');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'card', amount: 10, reference: 'A1', last4: '4242' });
    const before = host.store.head();
    expect((await host.fail('sale.park', {})).code).toBe('sale.has-tenders');
    expect(host.store.head()).toEqual(before);
    expect((await host.call('session.state')).sale?.tenders).toHaveLength(1);
    await host.call('sale.removeTender', { index: 0 });
    // With the payment taken off, the presented sale may be held.
    expect(await host.call('sale.park', {})).toMatchObject({ lines: 1, total: 25 });
  });

  it('refuses a sale with every line voided', async () => {
    await scan('p-tea');
    await host.call('sale.voidLine', { lineNo: 1, reason: 'wrong item', approval: { method: 'pin', staffId: '301', pin: '4444' } });
    expect((await host.fail('sale.park', {})).code).toBe('sale.empty');
  });

  it('refuses without a sale, and a label longer than 60 characters', async () => {
    expect((await host.fail('sale.park', {})).code).toBe('sale.none-open');
    await scan('p-tea');
    expect((await host.fail('sale.park', { label: 'x'.repeat(61) })).code).toBe('payload.invalid');
  });
});

describe('recalling a held sale', () => {
  it('another cashier of the till recalls it and completes it; it is recalled once', async () => {
    await scan('p-tea');
    await scan('p-cake');
    const held = await host.call('sale.park', {});
    await host.call('session.logout', {});
    await loginAs(host, '102');
    const recalled = await host.call('sale.recall', { saleId: held.saleId });
    expect(recalled).toMatchObject({ parkedTotal: 70, repriced: [], sale: { saleId: held.saleId, total: 70, itemCount: 2 } });
    expect(await host.call('sale.parked')).toEqual([]);
    expect(host.store.saleInProgress()?.saleId).toBe(held.saleId);
    expect((await host.fail('sale.recall', { saleId: held.saleId })).code).toBe('sale.locked');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    const receipt = await host.call('sale.complete');
    expect(receipt.receiptNo).toBeGreaterThan(0);
    const sale = [...host.store.entries()].find((e) => e.kind === 'sale')!;
    expect(sale).toMatchObject({ operatorId: '102', body: { saleId: held.saleId, total: 70 } });
    expect((await host.fail('sale.recall', { saleId: held.saleId })).code).toBe('sale.not-held');
    expect(kinds().filter((k) => k === 'sale-recalled')).toHaveLength(1);
  });

  it('refuses while another sale is in progress', async () => {
    await scan('p-tea');
    const held = await host.call('sale.park', {});
    await scan('p-cake');
    expect((await host.fail('sale.recall', { saleId: held.saleId })).code).toBe('sale.locked');
    expect(await host.call('sale.parked')).toHaveLength(1);
  });

  it('charges the price of today and names the difference', async () => {
    await scan('p-tea');
    await scan('p-cake');
    const held = await host.call('sale.park', {});
    priceChanges.set('p-tea', { retail: 30, member: 27, vip: 25 });
    const recalled = await host.call('sale.recall', { saleId: held.saleId });
    expect(recalled.parkedTotal).toBe(70);
    expect(recalled.sale.total).toBe(75);
    expect(recalled.repriced).toEqual([{ lineNo: 1, sku: 'TEA', from: 25, to: 30 }]);
    expect([...host.store.entries()].at(-1)!.body).toMatchObject({ parkedTotal: 70, total: 75, repriced: [{ sku: 'TEA' }] });
  });

  it('keeps a member attached with how they were verified', async () => {
    await scan('p-tea');
    await host.call('sale.attachMember', { method: 'token', token: host.token('M-1001') });
    const held = await host.call('sale.park', {});
    const recalled = await host.call('sale.recall', { saleId: held.saleId });
    expect(recalled.sale.member?.memberId).toBe('M-1001');
    expect(recalled.sale.total).toBe(22);
  });
});

describe('after a restart', () => {
  it('every held sale is still listed and can be recalled', async () => {
    await scan('p-tea');
    const first = await host.call('sale.park', { label: 'first' });
    await scan('p-cake');
    await scan('p-cake');
    const second = await host.call('sale.park', {});
    host = host.restart();
    await loginAs(host, '102');
    const list = await host.call('sale.parked');
    expect(list.map((h) => [h.saleId, h.lines, h.total])).toEqual([
      [first.saleId, 1, 25],
      [second.saleId, 1, 90],
    ]);
    const recalled = await host.call('sale.recall', { saleId: second.saleId });
    expect(recalled.sale.lines[0]).toMatchObject({ qtyMilli: 2000 });
    expect((await host.call('sale.parked')).map((h) => h.saleId)).toEqual([first.saleId]);
  });
});

describe('held sales on the X and Z reports', () => {
  const manager = { method: 'pin' as const, staffId: '301', pin: '4444' };

  it('the X shows how many sales are on hold and their value; the Z refuses until each is ended', async () => {
    await scan('p-tea');
    const held = await host.call('sale.park', { label: 'table 4' });
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const x = await host.call('report.x');
    expect(x.keys['sales-held']).toEqual({ amount: 25, count: 1 });
    expect(x.keys['sales-parked']).toEqual({ amount: 25, count: 1 });
    expect(x.document.lines).toContainEqual({ type: 'pair', left: '  Sales still on hold', right: '1  25', bold: true });
    await host.call('till.closeDrawer', { counts: [{ value: 1000, count: 2 }] });
    const refused = await host.fail('report.z', { approval: manager });
    expect(refused).toMatchObject({ code: 'till.sales-held', details: { held: [{ saleId: held.saleId, label: 'table 4', total: 25 }] } });
    expect(refused.message).toContain('table 4 (1 lines, 25)');
    await host.call('sale.recall', { saleId: held.saleId });
    await host.call('sale.cancel', { reason: 'customer left', approval: manager });
    const z = await host.call('report.z', { approval: manager });
    expect(z.keys['sales-parked']).toEqual({ amount: 25, count: 1 });
    expect(z.keys['sales-held']).toBeUndefined();
    expect(host.verify().ok).toBe(true);
  });
});
