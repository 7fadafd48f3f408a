// Selling, checking and spending gift cards at a till with a real SQLite ledger (issue #15).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import type { Permission } from '../../../../core/config/permissions.ts';

const CARD = '6012 3456 7890 1234';
const OTHER = '6012 3456 7890 5678';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function ringUpTeaOpen() {
  await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
}

async function ringUpTea(count: number) {
  for (let i = 0; i < count; i++) await ringUpTeaOpen();
  await host.call('sale.present');
}

/** Sells `amount` onto the card in a sale of its own, paid in cash, and completes it (receipt printed). */
async function sellCard(h: TestHost, amount: number, tendered = amount) {
  await h.call('giftcard.sell', { cardNumber: CARD, amount });
  await h.call('sale.present');
  await h.call('sale.addTender', { type: 'cash', amount: tendered });
  return h.call('sale.complete');
}

describe('giftcard.sell', () => {
  it('sells a card as a sale line: receipt printed with the card and its new balance, loaded on commit, a liability', async () => {
    const view = await host.call('giftcard.sell', { cardNumber: CARD, amount: 500 });
    expect(view.lines).toMatchObject([{ sku: 'GIFTCARD', amount: 500, tax: 0 }]);
    // Not loaded until the sale commits.
    expect(await host.call('giftcard.balance', { cardNumber: CARD })).toMatchObject({ balance: 0, known: false });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 1000 });
    const receipt = await sellCardReceipt();
    expect(receipt.status).toBe('printed');
    const text = JSON.stringify(receipt.document);
    expect(text).toContain('****1234');
    expect(text).toContain('New card balance');
    expect(host.drawer.opens).toBe(2); // the float, then the sale's cash
    const entries = [...host.store.entries()];
    const sale = entryOf(
      entries.find((e) => e.kind === 'sale'),
      'sale',
    )!;
    expect(sale.body.lines[0]).toMatchObject({ amount: 500, tax: 0, discount: 0, giftCard: { last4: '1234', balance: 500 } });
    expect(sale.body.tenders[0]).toMatchObject({ type: 'cash', tendered: 1000, change: 500 });
    expect(JSON.stringify(entries)).not.toContain('6012345678901234');
    expect(await host.call('giftcard.balance', { cardNumber: CARD })).toMatchObject({ balance: 500, known: true });
    // A liability, not a sale: counted once as issued, its cash in the drawer, nothing in sales or departments.
    const totals = host.store.dayTotals('2026-11-20');
    expect(totals['giftcards:issued']).toEqual({ amount: 500, count: 1 });
    expect(totals['sales']).toEqual({ amount: 0, count: 1 });
    expect(totals['dept:giftcards']).toBeUndefined();
    expect(host.store.drawerSessions({ open: true })[0]!.cashSales).toBe(500);
    // A top-up adds to the balance and prints the new one.
    const again = await sellCard(host, 300);
    expect(JSON.stringify(again.document)).toContain('800');
    expect(await host.call('giftcard.balance', { cardNumber: CARD })).toMatchObject({ balance: 800 });
  });

  async function sellCardReceipt() {
    return host.call('sale.complete');
  }

  it('takes no discount, quantity or price change, refuses a gift card paying for one, and a card twice', async () => {
    await sellCard(host, 100);
    await ringUpTeaOpen();
    const view = await host.call('giftcard.sell', { cardNumber: OTHER, amount: 200 });
    const line = view.lines.find((l) => l.sku === 'GIFTCARD')!.lineNo;
    await expectRefused(host, 'giftcard.sell', { cardNumber: OTHER, amount: 50 }, 'giftcard.on-sale');
    await expectRefused(host, 'sale.setQuantity', { lineNo: line, qtyMilli: 2000 }, 'giftcard.line-fixed');
    const lineOff = { scope: 'line', lineNo: line, kind: 'percent', value: 1000, reason: 'promo', approval: approvalBy('301') };
    await expectRefused(host, 'sale.applyDiscount', lineOff, 'giftcard.line-fixed');
    // An order discount reaches the tea only.
    const discounted = await host.call('sale.applyDiscount', {
      scope: 'order',
      kind: 'percent',
      value: 1000,
      reason: 'promo',
      approval: approvalBy('301'),
    });
    expect(discounted.lines.find((l) => l.lineNo === line)).toMatchObject({ amount: 200, discount: 0 });
    await host.call('sale.present');
    const refused = await host.fail('sale.addTender', { type: 'giftcard', amount: 10, cardNumber: CARD });
    expect(refused.code).toBe('giftcard.pays-giftcard');
  });

  it('needs the permission, or an approval by someone who has it, recorded', async () => {
    const manager: Permission[] = ['sale.sell', 'giftcard.issue'];
    const restricted = startTestHost({
      roles: { cashier: ['sale.sell' as const], supervisor: ['sale.sell' as const], manager, admin: manager },
    });
    try {
      await loginAs(restricted, '101');
      await openDrawer(restricted);
      await expectRefused(restricted, 'giftcard.sell', { cardNumber: CARD, amount: 300 }, 'approval.required');
      await expectRefused(restricted, 'giftcard.sell', { cardNumber: '1234', amount: 300 }, 'giftcard.invalid');
      const view = await restricted.call('giftcard.sell', { cardNumber: CARD, amount: 300, approval: approvalBy('301') });
      expect(view.total).toBe(300);
      expect([...restricted.store.entries()].some((e) => e.kind === 'approval')).toBe(true);
    } finally {
      restricted.close();
    }
  });

  it('voids the sale of a card only while its balance is untouched, with approval', async () => {
    const first = await sellCard(host, 100);
    await loginAs(host, '301');
    await host.call('sale.postVoid', { receiptNo: first.receiptNo, reason: 'wrong amount' });
    expect(await host.call('giftcard.balance', { cardNumber: CARD })).toMatchObject({ balance: 0 });
    expect(host.store.dayTotals('2026-11-20')['giftcards:issued']).toEqual({ amount: 0, count: 1 });
    const second = await sellCard(host, 100);
    // Not by a return: that would pay the value out and leave it on the card.
    const back = { originalReceiptNo: second.receiptNo, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'unwanted' };
    expect((await host.fail('return.complete', back)).message).toContain('is a gift card');
    await ringUpTea(1);
    await host.call('sale.addTender', { type: 'giftcard', amount: 25, cardNumber: CARD });
    await host.call('sale.complete');
    await expectRefused(host, 'sale.postVoid', { receiptNo: second.receiptNo, reason: 'changed mind' }, 'giftcard.used');
  });

  it('still projects a card loaded by an older till as its own giftcard-issued entry', async () => {
    host.store.write((tx) =>
      tx.append({
        kind: 'giftcard-issued',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T02:00:00.000Z',
        endedAt: '2026-11-20T02:00:00.000Z',
        operatorId: '101',
        body: {
          cardRef: 'a'.repeat(64),
          last4: '1234',
          currency: 'TWD',
          amount: 70,
          tender: { type: 'card', amount: 70, reference: 'A1', last4: '4242' },
          training: false,
        },
      }),
    );
    expect(host.store.giftCardBalance('a'.repeat(64))).toMatchObject({ balance: 70 });
    expect(host.store.dayTotals('2026-11-20')['giftcards:issued']).toEqual({ amount: 70, count: 1 });
    expect(host.verify()).toMatchObject({ ok: true });
  });
});

describe('paying with a gift card', () => {
  it('spends the balance, refuses more than is left with the balance in the message, and checks it', async () => {
    await sellCard(host, 60);
    await ringUpTea(3); // 75
    const tooMuch = await host.fail('sale.addTender', { type: 'giftcard', amount: 75, cardNumber: CARD });
    expect(tooMuch).toMatchObject({ code: 'giftcard.insufficient', details: { balance: 60 } });
    expect(tooMuch.message).toContain('•••• 1234 has 60 left');
    await host.call('sale.addTender', { type: 'giftcard', amount: 50, cardNumber: CARD });
    // What this sale already takes counts: 10 left, not 60.
    expect((await host.fail('sale.addTender', { type: 'giftcard', amount: 20, cardNumber: CARD })).details).toMatchObject({ balance: 10 });
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const receipt = await host.call('sale.complete');
    expect(JSON.stringify(receipt.document)).toContain('Gift card ****1234');
    expect(await host.call('giftcard.balance', { cardNumber: CARD })).toMatchObject({ balance: 10, known: true });
    expect(host.store.dayTotals('2026-11-20')['tender:giftcard']).toEqual({ amount: 50, count: 1 });
  });

  it('refuses a card this till does not know, and a wrong number', async () => {
    await ringUpTea(1);
    const unknown = await host.fail('sale.addTender', { type: 'giftcard', amount: 25, cardNumber: '9999 0000 1111 2222' });
    expect(unknown.code).toBe('giftcard.unknown');
    expect(unknown.message).toContain('•••• 2222');
    await expectRefused(host, 'sale.addTender', { type: 'giftcard', amount: 25, cardNumber: 'not a card' }, 'giftcard.invalid');
    expect(await host.call('giftcard.balance', { cardNumber: '9999 0000 1111 2222' })).toMatchObject({ balance: 0, known: false });
  });
});
