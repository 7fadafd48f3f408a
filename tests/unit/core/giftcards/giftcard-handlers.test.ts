// Selling, checking and spending gift cards at a till with a real SQLite ledger (issue #15).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import type { Permission } from '../../../../core/config/permissions.ts';

const CARD = '6012 3456 7890 1234';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function ringUpTea(count: number) {
  for (let i = 0; i < count; i++) await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await host.call('sale.present');
}

describe('giftcard.issue', () => {
  it('loads a card paid in cash, gives change, and keeps the number out of the ledger', async () => {
    const view = await host.call('giftcard.issue', { cardNumber: CARD, amount: 500, tender: { type: 'cash', tendered: 1000 } });
    expect(view).toEqual({ last4: '1234', currency: 'TWD', balance: 500, known: true, change: 500 });
    expect(host.drawer.opens).toBe(2); // the float, then the gift card's cash
    const entries = [...host.store.entries()];
    const issued = entryOf(
      entries.find((e) => e.kind === 'giftcard-issued'),
      'giftcard-issued',
    )!;
    expect(issued.body).toMatchObject({ last4: '1234', amount: 500, tender: { type: 'cash', amount: 500, tendered: 1000, change: 500 } });
    expect(JSON.stringify(entries)).not.toContain('6012345678901234');
    // A liability, not a sale: the cash is in the drawer, not in sales.
    const totals = host.store.dayTotals('2026-11-20');
    expect(totals['giftcards:issued']).toEqual({ amount: 500, count: 1 });
    expect(totals['sales']).toBeUndefined();
    expect(host.store.drawerSessions({ open: true })[0]!.cashSales).toBe(500);
  });

  it('refuses too little cash, a bad number and a sale in progress, writing nothing', async () => {
    await expectRefused(
      host,
      'giftcard.issue',
      { cardNumber: CARD, amount: 500, tender: { type: 'cash', tendered: 400 } },
      'sale.underpaid',
    );
    await expectRefused(
      host,
      'giftcard.issue',
      { cardNumber: '1234', amount: 500, tender: { type: 'cash', tendered: 500 } },
      'giftcard.invalid',
    );
    await ringUpTea(1);
    await expectRefused(host, 'giftcard.issue', { cardNumber: CARD, amount: 500, tender: { type: 'cash', tendered: 500 } }, 'sale.locked');
  });

  it('needs the permission, or an approval by someone who has it', async () => {
    const manager: Permission[] = ['sale.sell', 'giftcard.issue'];
    const restricted = startTestHost({
      roles: { cashier: ['sale.sell' as const], supervisor: ['sale.sell' as const], manager, admin: manager },
    });
    try {
      await loginAs(restricted, '101');
      await openDrawer(restricted);
      const params = { cardNumber: CARD, amount: 300, tender: { type: 'card' as const, reference: 'AUTH1', last4: '4242' } };
      await expectRefused(restricted, 'giftcard.issue', params, 'approval.required');
      const view = await restricted.call('giftcard.issue', { ...params, approval: approvalBy('301') });
      expect(view.balance).toBe(300);
      expect([...restricted.store.entries()].some((e) => e.kind === 'approval')).toBe(true);
    } finally {
      restricted.close();
    }
  });
});

describe('paying with a gift card', () => {
  it('spends the balance, refuses more than is left with the balance in the message, and checks it', async () => {
    await host.call('giftcard.issue', { cardNumber: CARD, amount: 60, tender: { type: 'cash', tendered: 60 } });
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
