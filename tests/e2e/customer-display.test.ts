// The customer display (Electron's second window, here a second browser tab at #display): it
// follows the sale the cashier rings up and shows the e-receipt QR when paper is not possible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';

let till: Till;
let display: Page;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  display = await till.page.context().newPage();
  await display.goto(till.server.displayUrl);
});

afterAll(async () => {
  await display?.close();
  await till?.close();
  await closeBrowser();
});

describe('customer display', () => {
  it('greets, then shows each item and the total as the cashier scans', async () => {
    await display.getByTestId('customer-display').waitFor();
    await expect.poll(() => display.getByTestId('customer-display').textContent()).toContain('歡迎光臨');
    const { page } = till;
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 2 });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => display.getByTestId('display-total').textContent()).toMatch(/54/);
    await expect.poll(() => display.getByTestId('customer-display').textContent()).toContain('茶裏王');
    await shot(display, '20-customer-display');
  });

  it('shows the e-receipt QR when the receipt cannot be printed', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    await page.keyboard.press('F8');
    await page.getByTestId('tender-panel').waitFor();
    const sale = await till.runtime.handlers['session.state']({});
    await till.runtime.handlers['sale.addTender']({ type: 'cash', amount: sale.sale!.total });
    await till.runtime.handlers['sale.complete']({});
    const r = (await till.runtime.handlers['session.state']({})).obligation!;
    await till.runtime.handlers['receipt.electronic']({ receiptNo: r.receiptNo, reason: 'printer-failed', sendTo: 'screen' });
    await display.getByTestId('display-receipt-qr').waitFor();
    await shot(display, '21-customer-display-e-receipt');
    printer.setFault(null);
  });
});

describe('cash in and out at the till', () => {
  it('records a pickup to the safe with a reason, approved by a manager for a cashier', async () => {
    const { page } = till;
    // Start from a clean sale screen (the e-receipt above was issued behind the UI's back).
    await page.reload();
    await page.getByTestId('sale-screen').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('F10');
    await page.getByTestId('fn-cashMovement').click();
    await page.getByTestId('cash-movement-dialog').waitFor();
    await page.getByTestId('cash-kind-pickup').check();
    await page.getByTestId('cash-amount').fill('500');
    await page.getByTestId('cash-submit').click();
    await approve(page, DEMO.manager);
    await page.getByTestId('cash-movement-dialog').waitFor({ state: 'detached' });
    const last = [...till.runtime.store.entries()].filter((e) => e.kind === 'cash-out').at(-1);
    expect(last?.body).toMatchObject({ amount: 500, purpose: 'pickup', reason: 'safe-drop' });
  });
});
