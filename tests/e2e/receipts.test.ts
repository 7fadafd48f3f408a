// The receipt obligation end to end: paper out, the e-receipt fallback, the next sale blocked
// until the customer has a receipt, the obligation resumed first after a host restart, then a
// return by scanning the receipt's QR code, a reprint and a post-void.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';

let till: Till;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  await till.page.getByTestId('lang-en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 1, 100: 10 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

async function sellForCash(page: Page, barcode: string): Promise<void> {
  await wedgeScan(page, barcode);
  await expect.poll(() => page.getByTestId('sale-line').count()).toBeGreaterThan(0);
  await page.keyboard.press('F8');
  await page.getByTestId('cash-exact').click();
  await page.getByTestId('complete-sale').click();
  await page.getByTestId('receipt-panel').waitFor();
}

describe('receipt obligation', () => {
  it('says why the receipt did not print and blocks the next sale', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    await sellForCash(page, DEMO.milk.barcode);
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('failed');
    await expect.poll(() => page.getByTestId('receipt-failure').textContent()).toMatch(/out of paper/);
    await shot(page, '07-receipt-paper-out');
    // Retrying while the paper is still out fails the same way.
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('notice-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('failed');
    // A scan now is refused: the customer must get this receipt first.
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => page.getByTestId('notice-error').first().textContent()).toMatch(/last receipt/);
    expect(printer.printed).toHaveLength(0);
  });

  it('gives the customer the e-receipt QR instead, then the next sale may start', async () => {
    const { page, runtime } = till;
    await page.getByTestId('receipt-electronic').click();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('electronic');
    const qr = await page.getByTestId('e-receipt-qr').getAttribute('data-qr');
    expect(qr).toMatch(/^TPR1;T=DEMO-01;N=1;K=sale;/);
    await shot(page, '08-e-receipt');
    const issued = [...runtime.store.entries()].filter((e) => e.kind === 'receipt-issued').at(-1);
    expect(issued?.body).toMatchObject({ receiptNo: 1, channel: 'electronic', electronicReason: 'printer-failed' });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
  });

  it('shows an open obligation first after the host restarts, and prints it once paper is back', async () => {
    const { printer } = till;
    await till.page.keyboard.press('F8');
    await till.page.getByTestId('cash-exact').click();
    await till.page.getByTestId('complete-sale').click();
    await expect.poll(() => till.page.getByTestId('receipt-status').getAttribute('data-status')).toBe('failed');
    await till.restartHost();
    const page = till.page;
    await page.getByTestId('login-form').waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /#2/ }).count()).toBe(1);
    await login(page, DEMO.cashier);
    await page.getByTestId('receipt-panel').waitFor();
    await expect.poll(() => page.getByTestId('receipt-panel').textContent()).toContain('receipt #2');
    printer.setFault(null);
    await page.getByTestId('receipt-retry').click();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    expect(printer.printed.map((d) => d.receiptNo)).toEqual([2]);
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
  });

  it('returns an item by scanning the receipt QR code', async () => {
    const { page, printer } = till;
    const sold = printer.printed.find((d) => d.receiptNo === 2)!;
    const qr = sold.lines.find((l) => l.type === 'qr');
    expect(qr?.type).toBe('qr');
    await wedgeScan(page, qr!.type === 'qr' ? qr!.data : '');
    await page.getByTestId('returns-screen').waitFor();
    await page.getByTestId('return-line').first().waitFor();
    await page.getByTestId('return-plus').first().click();
    await expect.poll(() => page.getByTestId('refund-total').textContent()).toBe('$25');
    // The host's quote says where the money goes before the cashier confirms.
    await expect.poll(() => page.getByTestId('refund-split').textContent()).toBe('Cash$25');
    await shot(page, '09-return');
    await page.getByTestId('return-complete').click();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    const doc = printer.printed.at(-1)!;
    expect(doc.kind).toBe('return');
    expect(doc.receiptNo).toBe(3);
    await page.keyboard.press('Escape');
    await page.getByTestId('sale-screen').waitFor();
  });

  it('reprints a receipt marked as a copy', async () => {
    const { page, printer } = till;
    await page.keyboard.press('F10');
    await page.getByTestId('fn-reprint').click();
    await page.getByTestId('receipt-no-input').fill('2');
    await page.getByTestId('receipt-no-confirm').click();
    await expect.poll(() => page.getByTestId('notice-success').first().textContent()).toMatch(/Copy 1 of receipt #2/);
    expect(printer.printed.at(-1)).toMatchObject({ receiptNo: 2, copyNo: 1 });
  });

  it('voids a completed sale with a manager’s approval', async () => {
    const { page, runtime } = till;
    await page.keyboard.press('F10');
    await page.getByTestId('fn-postVoid').click();
    await page.getByTestId('post-void-dialog').waitFor();
    await page.getByTestId('receipt-no-input').fill('1');
    await page.getByTestId('receipt-no-confirm').click();
    await approve(page, DEMO.manager);
    await page.getByTestId('notice-success').filter({ hasText: 'Sale #1 voided' }).waitFor();
    const voided = [...runtime.store.entries()].filter((e) => e.kind === 'void').at(-1);
    expect(voided?.body).toMatchObject({ scope: 'post-void', receiptNo: 1, reason: 'cashier-error' });
  });

  it('counts the drawer blind, gets the co-sign, and closes the day with a Z report', async () => {
    const { page, printer } = till;
    await page.keyboard.press('F10');
    await page.getByTestId('fn-closeDrawer').click();
    await page.getByTestId('drawer-count').waitFor();
    await page.getByTestId('count-1000').fill('1');
    await page.getByTestId('count-submit').click();
    const closed = page.getByTestId('drawer-closed');
    await closed.waitFor();
    // Counted 1,000 against a 2,000 float plus cash sales: short, so a manager co-signs (a
    // supervisor may not by default).
    await closed.getByRole('button', { name: 'Co-sign' }).click();
    await approve(page, DEMO.supervisor);
    await page.getByTestId('approval-error').waitFor();
    await approve(page, DEMO.manager);
    await closed.waitFor({ state: 'detached' });
    await page.keyboard.press('F10');
    await page.getByTestId('fn-zReport').click();
    await page.getByTestId('z-confirm').getByRole('button', { name: 'Close the day' }).click();
    await approve(page, DEMO.manager);
    await page.getByTestId('z-report').waitFor();
    await expect.poll(() => page.getByTestId('z-report').getByTestId('receipt-preview').textContent()).toContain('Z');
    // The manager sees the day by hour and the exceptions per cashier (this run's cashier voided a sale).
    await expect.poll(() => page.getByTestId('z-report').getByTestId('sales-by-hour').locator('rect').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('z-report').getByTestId('exceptions-by-cashier').textContent()).toContain('S001');
    await shot(page, '19-z-report');
    expect(printer.printed.at(-1)?.kind).toBe('report');
  });
});
