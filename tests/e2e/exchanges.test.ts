// Exchanges (issue #15): from the returns screen, lines of a receipt taken back against new items,
// one with a difference to pay and one with money back; one printed receipt each, and the day's
// figures (the X report's) counting the credit as neither cash in nor out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { renderReceiptText } from '../../core/receipts/receipt-document.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 1, 100: 10 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

/** Opens the returns screen on the first sale's receipt by scanning its QR code, and takes back line `index`. */
async function exchangeLine(page: Page, index: number, refund: string): Promise<void> {
  const { returns } = ui;
  const sold = till.printer.printed.find((d) => d.kind === 'sale')!;
  const qr = sold.lines.find((l) => l.type === 'qr');
  await wedgeScan(page, qr?.type === 'qr' ? qr.data : '');
  await returns.screen().waitFor();
  await returns.receiptLines().nth(index).waitFor();
  await returns.more(returns.receiptLines().nth(index)).click();
  await expect.poll(() => returns.refundTotal().textContent()).toBe(refund);
  await returns.exchange().click();
  await returns.exchangePanel().waitFor();
}

async function ringAndPresent(page: Page, barcode: string): Promise<void> {
  const { sale } = ui;
  await wedgeScan(page, barcode);
  await expect.poll(() => sale.lines().count()).toBe(1);
  await page.keyboard.press('F8');
}

describe('exchanges', () => {
  it('exchanges with a difference to pay and with money back, one receipt each, and the X figures', async () => {
    const { page, printer } = till;
    const { sale, payment, receipt, returns } = ui;
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(2);
    await page.keyboard.press('F8');
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });

    // The tea (25) for an oolong (29): the customer pays 4, with 10 in cash.
    await exchangeLine(page, 1, '$25');
    await ringAndPresent(page, DEMO.oolong.barcode);
    await expect.poll(() => returns.exchangeBalance().textContent()).toBe('$4');
    await returns.exchangeCash().fill('10');
    await returns.completeExchange().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    const paid = printer.printed.at(-1)!;
    expect(paid.kind).toBe('sale');
    const paidText = renderReceiptText(paid);
    // Printed in the store's language (zh-TW): the returned line, the credit, the new line and the balance.
    expect(paidText).toMatch(/換貨\n退回 \(收據 #1\)/);
    expect(paidText).toMatch(/換貨抵用\s+-25\n/);
    expect(paidText).toMatch(/1 x 29\s+29/);
    expect(paidText).toMatch(/現金\s+10\n找零\s+6/);
    expect(paidText).toMatch(/顧客補差額\s+4\n/);
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });

    // The milk (92) for a cola (29): 63 back in cash, nothing taken.
    const printedBefore = printer.printed.length;
    await exchangeLine(page, 0, '$92');
    await ringAndPresent(page, DEMO.cola.barcode);
    await expect.poll(() => returns.exchangeBalance().textContent()).toBe('$63');
    await returns.completeExchange().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    // One receipt for the whole exchange.
    expect(printer.printed.length).toBe(printedBefore + 1);
    expect(renderReceiptText(printer.printed.at(-1)!)).toMatch(/退還顧客\s+63\n\s+現金\s+63/);

    // The X report's figures: both halves counted once, the credit nets to nothing, cash only the differences.
    const store = till.runtime.store;
    const day = store.entry(store.head().seq)!.businessDay;
    const x = store.dayTotals(day);
    expect(x['sales']).toMatchObject({ amount: 117 + 29 + 29, count: 3 });
    expect(x['returns']).toMatchObject({ amount: 25 + 92, count: 2 });
    expect(x['exchanges']).toMatchObject({ amount: 25 + 29, count: 2 });
    expect(x['tender:exchange-credit']!.amount).toBe(0);
    expect(x['tender:cash']!.amount).toBe(117 + 4 - 63);
    expect(x['refund:cash']).toMatchObject({ amount: 63, count: 1 });
  });
});
