// Exchanges (issue #15): lines of a receipt taken back against a new sale, in one transaction, on one receipt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';
import { renderReceiptText } from '../../../../core/receipts/receipt-document.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

async function ring(codes: string[]): Promise<void> {
  for (const code of codes) await host.call('sale.scan', { code, source: 'hid' });
  await host.call('sale.present');
}

async function sell(codes: string[], cash: number): Promise<number> {
  await ring(codes);
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

describe('exchanges', () => {
  it('an exchange into a gift card loads the card, as a sale of one does', async () => {
    const original = await sell([barcodeOf('p-tea'), barcodeOf('p-cake')], 100);
    // The customer takes the tea's value back onto a new gift card, and adds 75 in cash.
    await host.call('giftcard.sell', { cardNumber: '6012 3456 7890 1234', amount: 100 });
    await host.call('sale.present');
    const back = { originalReceiptNo: original, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'changed mind' };
    const receipt = await host.call('exchange.complete', { ...back, tenders: [{ type: 'cash', amount: 75 }] });
    expect(receipt).toMatchObject({ kind: 'sale', status: 'printed', total: 100 });
    expect(lastOf('sale').body.lines[0]!.giftCard).toMatchObject({ last4: '1234', balance: 100 });
    expect(await host.call('giftcard.balance', { cardNumber: '6012 3456 7890 1234' })).toMatchObject({ balance: 100, known: true });
  });

  it('takes a line back against dearer items: the customer pays the difference, one receipt, linked entries, X not doubled', async () => {
    const original = await sell([barcodeOf('p-tea'), barcodeOf('p-tea'), barcodeOf('p-cake')], 100);
    await ring([barcodeOf('p-cake')]);
    const back = { originalReceiptNo: original, lines: [{ lineNo: 1, qtyMilli: 1000 }] };
    expect(await host.call('exchange.quote', back)).toMatchObject({ credit: 25, saleTotal: 45, applied: 25, balance: 20, refunds: [] });
    // Short of the balance: refused, and nothing is written (the return does not half-happen).
    await expectRefused(
      host,
      'exchange.complete',
      { ...back, reason: 'wrong flavour', tenders: [{ type: 'cash', amount: 10 }] },
      'sale.underpaid',
    );
    const printedBefore = host.printer.printed.length;
    const receipt = await host.call('exchange.complete', { ...back, reason: 'wrong flavour', tenders: [{ type: 'cash', amount: 50 }] });
    expect(receipt).toMatchObject({ kind: 'sale', status: 'printed', total: 45, change: 30 });

    const ret = lastOf('return');
    const sale = lastOf('sale');
    expect(ret.seq + 1).toBe(sale.seq);
    expect(ret.body).toMatchObject({ originalReceiptNo: original, total: 25, refunds: [{ type: 'exchange-credit', amount: 25 }] });
    expect(ret.body.exchange).toEqual({
      exchangeId: sale.body.exchange!.exchangeId,
      saleId: sale.body.saleId,
      saleReceiptNo: receipt.receiptNo,
    });
    expect(sale.body.exchange).toMatchObject({ returnId: ret.body.returnId, returnReceiptNo: ret.body.receiptNo });
    expect(sale.body.tenders.map((t) => [t.type, t.amount])).toEqual([
      ['exchange-credit', 25],
      ['cash', 20],
    ]);
    // One receipt printed; the return's own number owes none.
    expect(host.printer.printed.length).toBe(printedBefore + 1);
    // ...and the till sells on at once: no receipt is still owed.
    await ring([barcodeOf('p-tea')]);
    await host.call('sale.cancel', { reason: 'test', approval: approvalBy('301') });
    const text = renderReceiptText(host.printer.printed.at(-1)!);
    expect(text).toMatch(/EXCHANGE/);
    expect(text).toMatch(new RegExp(`Returned \\(Receipt #${original}\\)`));
    expect(text).toMatch(/Exchange credit\s+-25/);
    expect(text).toMatch(/Customer pays\s+20/);
    // The returned quantity counts against the receipt as a return's does.
    expect((await host.call('return.lookup', { receiptNo: original })).lines[0]!.returnableMilli).toBe(1000);

    await loginAs(host, '301');
    const x = (await host.call('report.x')).keys;
    // The first sale's 95 and the exchange's 20 beyond its credit.
    expect(x['tender:cash']!.amount).toBe(95 + 20);
    expect(x['tender:exchange-credit']!.amount).toBe(0);
    expect(x['exchanges']).toMatchObject({ amount: 25, count: 1 });
    expect(x['refund:exchange-credit']).toBeUndefined();
    expect(x['returns']!.amount).toBe(25);
  });

  it('takes a line back against cheaper items: the difference goes back by the refund rules, and no payment is taken', async () => {
    const original = await sell([barcodeOf('p-cake')], 45);
    await ring([barcodeOf('p-tea')]);
    const back = { originalReceiptNo: original, lines: [{ lineNo: 1, qtyMilli: 1000 }] };
    expect(await host.call('exchange.quote', back)).toMatchObject({
      credit: 45,
      saleTotal: 25,
      balance: -20,
      refunds: [{ type: 'cash', amount: 20 }],
    });
    await expectRefused(host, 'exchange.complete', { ...back, reason: 'swap', tenders: [{ type: 'cash', amount: 5 }] }, 'exchange.invalid');
    const receipt = await host.call('exchange.complete', { ...back, reason: 'swap' });
    expect(receipt.total).toBe(25);
    expect(lastOf('return').body.refunds.map((r) => [r.type, r.amount])).toEqual([
      ['exchange-credit', 25],
      ['cash', 20],
    ]);
    expect(lastOf('sale').body.tenders.map((t) => [t.type, t.amount])).toEqual([['exchange-credit', 25]]);
    expect(renderReceiptText(host.printer.printed.at(-1)!)).toMatch(/Customer gets back\s+20/);
    await loginAs(host, '301');
    const x = await host.call('report.x');
    expect(x.keys['refund:cash']).toMatchObject({ amount: 20, count: 1 });
    // The drawer expects the sale's 45 in, the 20 back out.
    expect(x.drawers[0]!.expected).toBe(2000 + 45 - 20);
    // Returned once: not again, neither by exchange nor by return.
    await ring([barcodeOf('p-tea')]);
    await expectRefused(host, 'exchange.quote', back, 'return.exceeds-sold');
  });

  it('refuses an exchange with nothing returned, nothing sold or payments already on the sale', async () => {
    const original = await sell([barcodeOf('p-tea')], 25);
    await expectRefused(host, 'exchange.quote', { originalReceiptNo: original, lines: [{ lineNo: 1, qtyMilli: 1000 }] }, 'sale.none-open');
    await ring([barcodeOf('p-cake')]);
    // Nothing chosen to take back: the payload itself is refused.
    await expectRefused(host, 'exchange.complete', { originalReceiptNo: original, lines: [], reason: 'x' }, 'payload.invalid');
    await host.call('sale.addTender', { type: 'cash', amount: 10 });
    await expectRefused(
      host,
      'exchange.quote',
      { originalReceiptNo: original, lines: [{ lineNo: 1, qtyMilli: 1000 }] },
      'exchange.invalid',
    );
    expect((await host.call('return.lookup', { receiptNo: original })).lines[0]!.returnableMilli).toBe(1000);
  });
});
