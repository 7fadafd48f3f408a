// The customer display (Electron's second window, here a second browser tab at #display): it
// follows the sale the cashier rings up and shows the e-receipt QR when paper is not possible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { CustomerDisplayPage, tillPages, type TillPages } from './pages/index.ts';

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
});

afterAll(async () => {
  await display?.close();
  await till?.close();
  await closeBrowser();
});

describe('customer display', () => {
  it('greets, then shows each item and the total as the cashier scans', async () => {
    await customer.screen().waitFor();
    await expect.poll(() => customer.screen().textContent()).toContain('歡迎光臨');
    const { page } = till;
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 2 });
    await wedgeScan(page, DEMO.greenTea.barcode);
    // The next item is scanned once the first is on the sale, as a cashier watching the screen would.
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => customer.total().textContent()).toMatch(/54/);
    await expect.poll(() => customer.screen().textContent()).toContain('茶裏王');
    await shot(display, '20-customer-display');
  });

  it('shows the e-receipt QR when the receipt cannot be printed', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    await page.keyboard.press('F8');
    await ui.payment.panel().waitFor();
    const sale = await till.runtime.handlers['session.state']({});
    await till.runtime.handlers['sale.addTender']({ type: 'cash', amount: sale.sale!.total });
    await till.runtime.handlers['sale.complete']({});
    const r = (await till.runtime.handlers['session.state']({})).obligation!;
    await till.runtime.handlers['receipt.electronic']({ receiptNo: r.receiptNo, reason: 'printer-failed', sendTo: 'screen' });
    await customer.receiptQr().waitFor();
    await shot(display, '21-customer-display-e-receipt');
    printer.setFault(null);
  });
});

describe('cash in and out at the till', () => {
  it('records a pickup to the safe with a reason, approved by a manager for a cashier', async () => {
    const { page } = till;
    // Start from a clean sale screen (the e-receipt above was issued behind the UI's back).
    const { sale, dialogs } = ui;
    await page.reload();
    await sale.screen().waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('F10');
    await dialogs.fn('fn.cashMovement').click();
    await dialogs.cashMovement().waitFor();
    await dialogs.cashKind('pickup').check();
    await dialogs.cashAmount().fill('500');
    await dialogs.button(dialogs.cashMovement(), 'cash.confirm').click();
    await approve(page, DEMO.manager);
    await dialogs.cashMovement().waitFor({ state: 'detached' });
    const last = [...till.runtime.store.entries()].filter((e) => e.kind === 'cash-out').at(-1);
    expect(last?.body).toMatchObject({ amount: 500, purpose: 'pickup', reason: 'safe-drop' });
  });
});
