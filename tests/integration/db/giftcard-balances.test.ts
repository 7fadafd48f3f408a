// Gift card balances on a real SQLite ledger (issue #15): issue, redeem, refund and void move the
// balance; a restart keeps it; a rebuild from the entries gives the same; tampering is seen.
import { afterEach, describe, expect, it } from 'vitest';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { compareProjections, rebuildProjections } from '../../../db/ledger-verify.ts';

const CARD = '6012345678901234';
let host: TestHost;
afterEach(() => host.close());

const balance = async (h: TestHost) => (await h.call('giftcard.balance', { cardNumber: CARD })).balance;

async function payTeaByCard(h: TestHost, count: number, onCard: number): Promise<number> {
  for (let i = 0; i < count; i++) await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await h.call('sale.present');
  await h.call('sale.addTender', { type: 'giftcard', amount: onCard, cardNumber: CARD });
  const due = count * 25 - onCard;
  if (due > 0) await h.call('sale.addTender', { type: 'cash', amount: due });
  return (await h.call('sale.complete')).receiptNo;
}

/** Sells `amount` onto the card in a sale of its own, paid by bank card (its receipt printed). */
async function sellCard(h: TestHost, amount: number) {
  await h.call('giftcard.sell', { cardNumber: CARD, amount });
  await h.call('sale.present');
  await h.call('sale.addTender', { type: 'card', amount, reference: 'AUTH-9', last4: '4242' });
  await h.call('sale.complete');
}

describe('gift card balance projection', () => {
  it('issue -> redeem -> refund -> post-void, kept across a restart and rebuilt from the entries', async () => {
    host = startTestHost();
    await loginAs(host, '101');
    await openDrawer(host);
    await sellCard(host, 200);
    const first = await payTeaByCard(host, 4, 100); // all 100 on the card
    expect(await balance(host)).toBe(100);

    // A return of one tea goes back onto the card the sale was paid with.
    const back = await host.call('return.complete', { originalReceiptNo: first, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'spilt' });
    expect(back.total).toBe(25);
    expect(JSON.stringify(back.document)).toContain('Gift card ****1234');
    expect(await balance(host)).toBe(125);

    const second = await payTeaByCard(host, 2, 30); // 30 on the card, 20 in cash
    expect(await balance(host)).toBe(95);
    await loginAs(host, '301');
    await host.call('sale.postVoid', { receiptNo: second, reason: 'rang up twice' });
    expect(await balance(host)).toBe(125);

    // Restart: the balance is read from the file, and the card still cannot be overspent.
    host = host.restart();
    await loginAs(host, '101');
    expect(await balance(host)).toBe(125);
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    for (let i = 0; i < 5; i++) await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    expect((await host.fail('sale.addTender', { type: 'giftcard', amount: 150, cardNumber: CARD })).details).toMatchObject({
      balance: 125,
    });
    await host.call('sale.cancel', { reason: 'customer left', approval: { method: 'pin', staffId: '201', pin: '3333' } });

    // The read model is what the entries say, and rebuilding it changes nothing.
    const db = host.store.database;
    const rows = () => db.prepare('SELECT card_ref, last4, balance FROM giftcard_balances').all();
    const before = rows();
    expect(before).toEqual([{ card_ref: expect.stringMatching(/^[0-9a-f]{64}$/), last4: '1234', balance: 125 }]);
    expect(compareProjections(db)).toBeNull();
    rebuildProjections(db);
    expect(rows()).toEqual(before);
    expect(host.verify()).toMatchObject({ ok: true });

    // A balance changed behind the ledger's back is caught by the check.
    db.prepare('UPDATE giftcard_balances SET balance = 100000').run();
    expect(compareProjections(db)).toMatchObject({ table: 'giftcard_balances' });
    rebuildProjections(db);
    expect(await balance(host)).toBe(125);
  });

  it('a sale paid by gift card when the till stopped is resumed with that payment, and spends the card once', async () => {
    host = startTestHost();
    await loginAs(host, '101');
    await openDrawer(host);
    await sellCard(host, 100);
    for (let i = 0; i < 2; i++) await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'giftcard', amount: 30, cardNumber: CARD });

    host = host.restart();
    expect([...host.store.entries()].at(-1)!.body).toMatchObject({
      outcome: 'resumed',
      tenders: [{ type: 'giftcard', amount: 30, last4: '1234' }],
    });
    await loginAs(host, '101');
    expect(await balance(host)).toBe(100); // not spent until the sale completes
    await host.call('sale.addTender', { type: 'cash', amount: 20 });
    await host.call('sale.complete');
    expect(await balance(host)).toBe(70);
  });
});
