// Returns through the contract, against a real SQLite ledger: what goes back to each tender,
// cash rounding of the cash part, the drawer and the day totals afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import { renderReceiptText } from '../../../../core/receipts/receipt-document.ts';

let host: TestHost;
afterEach(() => host.close());

async function start(overrides: Parameters<typeof startTestHost>[0] = {}): Promise<void> {
  host = startTestHost(overrides);
  await loginAs(host, '101');
  await openDrawer(host);
}

const ROUND_TO_5 = { cashRounding: { increment: 5, mode: 'half-up' as const } };
const returns = () => [...host.store.entries()].flatMap((e) => entryOf(e, 'return')?.body ?? []);
const refundedTo = (type: string) =>
  returns()
    .flatMap((r) => r.refunds)
    .filter((t) => t.type === type)
    .reduce((s, t) => s + t.amount, 0);
const xReport = async () => {
  await loginAs(host, '301');
  return host.call('report.x');
};
const expectedCash = () => {
  const s = host.store.drawerSessions({ open: true })[0]!;
  return s.float + s.cashSales - s.cashRefunds + s.cashIn - s.paidOuts - s.pickups - s.otherOut;
};

async function sell(products: string[], tenders: Array<{ type: 'cash' | 'card'; amount: number }>): Promise<number> {
  for (const p of products) await host.call('sale.scan', { code: barcodeOf(p), source: 'hid' });
  await host.call('sale.present');
  for (const t of tenders) {
    if (t.type === 'card') await host.call('sale.addTender', { type: 'card', amount: t.amount, reference: 'AUTH-1', last4: '4242' });
    else await host.call('sale.addTender', { type: 'cash', amount: t.amount });
  }
  return (await host.call('sale.complete')).receiptNo;
}

const giveBack = (receiptNo: number, lineNo: number, extra: { refundTo?: 'original' | 'cash'; qtyMilli?: number } = {}) =>
  host.call('return.complete', {
    originalReceiptNo: receiptNo,
    lines: [{ lineNo, qtyMilli: extra.qtyMilli ?? 1000 }],
    reason: 'changed mind',
    ...(extra.refundTo ? { refundTo: extra.refundTo } : {}),
  });

describe('returns of a split-tender sale', () => {
  it('line by line, the card gets back at most what it paid, also after a restart; the rest is cash', async () => {
    await start();
    const no = await sell(
      ['p-noodle', 'p-tea'],
      [
        { type: 'card', amount: 120 },
        { type: 'cash', amount: 25 },
      ],
    );
    expect((await giveBack(no, 1)).total).toBe(120);
    expect(returns()[0]!.refunds).toEqual([{ type: 'card', amount: 120, reference: 'AUTH-1', last4: '4242' }]);
    host = host.restart();
    await loginAs(host, '101');
    expect((await giveBack(no, 2)).total).toBe(25);
    expect(returns()[1]!.refunds).toEqual([{ type: 'cash', amount: 25 }]);
    expect(refundedTo('card')).toBe(120);
    expect(refundedTo('cash')).toBe(25);
    expect(expectedCash()).toBe(2000);
    const x = await xReport();
    expect(x.keys['tender:card']).toMatchObject({ amount: 0 });
    expect(x.keys['tender:cash']).toMatchObject({ amount: 0 });
    expect(x.keys.returns).toEqual({ amount: 145, count: 2 });
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('the cheap line first goes to the card; the dear one then gets what is left on the card and cash', async () => {
    await start();
    const no = await sell(
      ['p-noodle', 'p-tea'],
      [
        { type: 'card', amount: 120 },
        { type: 'cash', amount: 25 },
      ],
    );
    await giveBack(no, 2);
    await giveBack(no, 1);
    expect(returns().map((r) => r.refunds.map((t) => [t.type, t.amount]))).toEqual([
      [['card', 25]],
      [
        ['card', 95],
        ['cash', 25],
      ],
    ]);
    expect(refundedTo('card')).toBe(120);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('refundTo cash still pays everything in cash, and a later return to the original tender keeps the card within what it paid', async () => {
    await start();
    const no = await sell(
      ['p-noodle', 'p-tea'],
      [
        { type: 'card', amount: 120 },
        { type: 'cash', amount: 25 },
      ],
    );
    await giveBack(no, 2, { refundTo: 'cash' });
    await giveBack(no, 1);
    expect(returns().map((r) => r.refunds.map((t) => [t.type, t.amount]))).toEqual([[['cash', 25]], [['card', 120]]]);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a post-voided receipt stays non-returnable', async () => {
    await start();
    const no = await sell(['p-tea'], [{ type: 'card', amount: 25 }]);
    await host.call('sale.postVoid', { receiptNo: no, reason: 'wrong item', approval: approvalBy('301') });
    expect((await host.fail('return.complete', { originalReceiptNo: no, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'x' })).code).toBe(
      'return.invalid',
    );
  });
});

describe('returns under cash rounding to 5', () => {
  it('a full return of a cash sale of 33 (paid 35) gives back 35 in cash, recorded as returns:rounding', async () => {
    await start(ROUND_TO_5);
    const no = await sell(['p-milk'], [{ type: 'cash', amount: 35 }]);
    const sale = entryOf(
      [...host.store.entries()].find((e) => e.kind === 'sale'),
      'sale',
    )!.body;
    expect(sale).toMatchObject({ rounding: 2, total: 35 });
    const back = await giveBack(no, 1);
    expect(back.total).toBe(35);
    expect(returns()[0]).toMatchObject({ refunds: [{ type: 'cash', amount: 35 }], rounding: 2, total: 35 });
    expect(renderReceiptText(back.document)).toMatch(/Rounding\s+-2/);
    expect(expectedCash()).toBe(2000);
    const x = await xReport();
    expect(x.keys).toMatchObject({
      sales: { amount: 35 },
      'sales:rounding': { amount: 2 },
      returns: { amount: 35, count: 1 },
      'returns:rounding': { amount: 2, count: 1 },
      'tender:cash': { amount: 0 },
      'refund:cash': { amount: 35 },
    });
    expect(x.grand.period).toBe(0);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a partial return rounds its cash, and returning the rest gives back exactly the cash the sale kept', async () => {
    await start(ROUND_TO_5);
    const no = await sell(['p-milk', 'p-milk'], [{ type: 'cash', amount: 100 }]); // one line of 2 x 33 = 66, paid 65
    expect((await giveBack(no, 1)).total).toBe(35); // 33 -> 35
    host = host.restart();
    await loginAs(host, '101');
    expect((await giveBack(no, 1)).total).toBe(30); // 66 -> 65 in all, 35 already given
    expect(returns().map((r) => [r.total, r.rounding])).toEqual([
      [35, 2],
      [30, -3],
    ]);
    expect(refundedTo('cash')).toBe(65);
    expect(expectedCash()).toBe(2000);
    const x = await xReport();
    expect(x.keys).toMatchObject({ 'returns:rounding': { amount: -1, count: 2 }, 'tender:cash': { amount: 0 } });
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a partial quantity of a line is rounded; the card part of a split sale is exact', async () => {
    await start(ROUND_TO_5);
    const no = await sell(
      ['p-milk', 'p-noodle'],
      [
        { type: 'card', amount: 100 },
        { type: 'cash', amount: 55 },
      ],
    ); // 153: card 100, cash 53 -> 55
    await giveBack(no, 2); // 120: card 100, cash 20
    await giveBack(no, 1); // 33 cash: 53 in all -> 55
    expect(returns().map((r) => r.refunds.map((t) => [t.type, t.amount]))).toEqual([
      [
        ['card', 100],
        ['cash', 20],
      ],
      [['cash', 35]],
    ]);
    expect(refundedTo('card')).toBe(100);
    expect(refundedTo('cash')).toBe(55);
    expect(expectedCash()).toBe(2000);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a return without a receipt pays rounded cash', async () => {
    await start(ROUND_TO_5);
    const r = await host.call('return.complete', {
      lines: [{ productId: 'p-milk', qtyMilli: 1000 }],
      reason: 'gift',
      approval: approvalBy('301'),
    });
    expect(r.total).toBe(35);
    expect(returns()[0]).toMatchObject({ refunds: [{ type: 'cash', amount: 35 }], rounding: 2 });
    expect(expectedCash()).toBe(1965);
    expect(host.verify()).toMatchObject({ ok: true });
  });
});

describe('returns under tax-exclusive prices', () => {
  const classes = [
    { id: 'standard', rates: [{ id: 'VAT', bp: 500 }] },
    { id: 'zero', rates: [] },
  ];
  const EXCLUSIVE = { tax: { mode: 'exclusive' as const, rounding: 'per-receipt' as const, classes } };

  it('gives back what the customer paid, tax included, and takes the tax back off the day', async () => {
    await start(EXCLUSIVE);
    // (120 + 25) + 5 % = 152.25 -> the receipt is 152 (per-receipt tax rounding); paid 200, change 48.
    const no = await sell(['p-noodle', 'p-tea'], [{ type: 'cash', amount: 200 }]);
    const sale = entryOf([...host.store.entries()].filter((e) => e.kind === 'sale').at(-1), 'sale')!.body;
    expect(sale.total).toBe(152);
    expect((await giveBack(no, 1)).total).toBe(sale.lines[0]!.amount + sale.lines[0]!.tax);
    expect((await giveBack(no, 2)).total).toBe(sale.lines[1]!.amount + sale.lines[1]!.tax);
    expect(refundedTo('cash')).toBe(152);
    expect(expectedCash()).toBe(2000);
    const x = await xReport();
    expect(x.keys.returns).toEqual({ amount: 152, count: 2 });
    expect(x.keys['tax:500:gross']).toMatchObject({ amount: 0 });
    expect(x.keys['tax:500:tax']).toMatchObject({ amount: 0 });
    expect(host.verify()).toMatchObject({ ok: true });
  });
});

describe('return.quote', () => {
  it('tells the screen what return.complete will give back, to which tender, before anything is written', async () => {
    await start(ROUND_TO_5);
    const no = await sell(
      ['p-noodle', 'p-tea'],
      [
        { type: 'card', amount: 100 },
        { type: 'cash', amount: 50 },
      ],
    );
    const entries = [...host.store.entries()].length;
    const quote = await host.call('return.quote', {
      originalReceiptNo: no,
      lines: [
        { lineNo: 1, qtyMilli: 1000 },
        { lineNo: 2, qtyMilli: 1000 },
      ],
    });
    expect([...host.store.entries()].length).toBe(entries);
    // 145 paid as card 100 + cash 45 (50 handed over, 5 change): the card gets 100, the cash 45.
    expect(quote).toEqual({
      total: 145,
      rounding: 0,
      refunds: [
        { type: 'card', amount: 100, last4: '4242' },
        { type: 'cash', amount: 45 },
      ],
    });
    // Only the tea (25, cash under 5-rounding is 25): and to cash only, the whole 145 rounds to 145.
    const teaOnly = await host.call('return.quote', { originalReceiptNo: no, lines: [{ lineNo: 2, qtyMilli: 1000 }], refundTo: 'cash' });
    expect(teaOnly).toEqual({ total: 25, rounding: 0, refunds: [{ type: 'cash', amount: 25 }] });
    const lines = [
      { lineNo: 1, qtyMilli: 1000 },
      { lineNo: 2, qtyMilli: 1000 },
    ];
    const done = await host.call('return.complete', { originalReceiptNo: no, lines, reason: 'changed mind' });
    expect(done.total).toBe(quote.total);
    expect(returns()[0]!.refunds.map((r) => [r.type, r.amount])).toEqual(quote.refunds.map((r) => [r.type, r.amount]));
    expect((await host.fail('return.quote', { originalReceiptNo: no, lines: [{ lineNo: 1, qtyMilli: 1000 }] })).code).toBe(
      'return.exceeds-sold',
    );
  });
});
