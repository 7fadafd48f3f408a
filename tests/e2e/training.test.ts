// Training mode in the browser: a practice cash sale never opens the drawer, its receipt says
// TRAINING with a number of its own series, and the customer display says TRAINING too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { RECEIPT_LABELS } from '../../core/receipts/labels.ts';
import { CustomerDisplayPage, receiptPreview, tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let display: Page;
let ui: TillPages;
let customer: CustomerDisplayPage;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
  display = await till.page.context().newPage();
  customer = new CustomerDisplayPage(display);
  await display.goto(till.server.displayUrl);
  await ui.app.language('en').click();
});

afterAll(async () => {
  await display?.close();
  await till?.close();
  await closeBrowser();
});

describe('training mode', () => {
  it('a practice cash sale keeps the drawer shut, prints TRAINING with a T-number and tells the customer', async () => {
    const { page, drawer } = till;
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 2 });
    await page.keyboard.press('F10');
    await ui.dialogs.fn('fn.logout').click();
    await ui.login.form().waitFor();
    await login(page, DEMO.cashier, { training: true });
    await ui.app.trainingBanner().waitFor();
    const opens = drawer.opens;

    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await customer.trainingNotice().waitFor();
    await page.keyboard.press('F8');
    await ui.payment.exactCash().click();
    await ui.payment.complete().click();
    await ui.receipt.dialog().waitFor();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    await ui.receipt.showReceipt().click();
    const printed = receiptPreview(ui.receipt.dialog());
    // In the store's language (the demo store prints zh-TW).
    await expect.poll(() => printed.innerText()).toContain(RECEIPT_LABELS['zh-TW'].training);
    await expect.poll(() => printed.innerText()).toMatch(/#T-000001/);
    await customer.trainingNotice().waitFor();
    await shot(display, '22-customer-display-training');
    expect(drawer.opens).toBe(opens);
    // What went to the printer says it too.
    expect(till.printer.printed.at(-1)).toMatchObject({ kind: 'sale', training: true });
  });
});
