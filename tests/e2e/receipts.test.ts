// The receipt obligation end to end: paper out, the e-receipt fallback, the next sale blocked
// until the customer has a receipt, the obligation resumed first after a host restart, then a
// return by scanning the receipt's QR code, a reprint and a post-void.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { hasFocus, receiptPreview, tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';

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

async function sellForCash(page: Page, barcode: string): Promise<void> {
  const { sale, payment, receipt } = tillPages(page);
  await wedgeScan(page, barcode);
  await expect.poll(() => sale.lines().count()).toBeGreaterThan(0);
  await page.keyboard.press('F8');
  await payment.exactCash().click();
  await payment.complete().click();
  await receipt.dialog().waitFor();
}

describe('receipt obligation', () => {
  it('says why the receipt did not print and blocks the next sale', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    const { receipt, app } = ui;
    await sellForCash(page, DEMO.milk.barcode);
    await expect.poll(() => receipt.state()).toBe('failed');
    await expect.poll(() => receipt.status().textContent()).toMatch(/out of paper/);
    await shot(page, '07-receipt-paper-out');
    // Retrying while the paper is still out fails the same way.
    await page.keyboard.press('F9');
    await expect.poll(() => app.errorNotices().count()).toBe(0);
    await expect.poll(() => receipt.state()).toBe('failed');
    // A scan now is refused: the customer must get this receipt first.
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => app.errorNotices().first().textContent()).toMatch(/last receipt/);
    expect(printer.printed).toHaveLength(0);
  });

  it('gives the customer the e-receipt QR instead, then the next sale may start', async () => {
    const { page, runtime } = till;
    const { receipt, sale } = ui;
    await receipt.electronic().click();
    await expect.poll(() => receipt.state()).toBe('electronic');
    const qr = await receipt.qr().getAttribute('data-qr');
    expect(qr).toMatch(/^TPR1;T=DEMO-01;N=1;K=sale;/);
    await shot(page, '08-e-receipt');
    const issued = [...runtime.store.entries()].filter((e) => e.kind === 'receipt-issued').at(-1);
    expect(issued?.body).toMatchObject({ receiptNo: 1, channel: 'electronic', electronicReason: 'printer-failed' });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await receipt.dialog().waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().count()).toBe(1);
  });

  it('shows an open obligation first after the host restarts, and prints it once paper is back', async () => {
    const { printer } = till;
    const { payment, receipt, login: form } = ui;
    await till.page.keyboard.press('F8');
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('failed');
    await till.restartHost();
    const page = till.page;
    await form.form().waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /#2/ }).count()).toBe(1);
    await login(page, DEMO.cashier);
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.dialog().textContent()).toContain('receipt #2');
    printer.setFault(null);
    await receipt.retry().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    expect(printer.printed.map((d) => d.receiptNo)).toEqual([2]);
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('returns an item by scanning the receipt QR code', async () => {
    const { page, printer } = till;
    const sold = printer.printed.find((d) => d.receiptNo === 2)!;
    const qr = sold.lines.find((l) => l.type === 'qr');
    expect(qr?.type).toBe('qr');
    const { returns, receipt, sale } = ui;
    await wedgeScan(page, qr!.type === 'qr' ? qr!.data : '');
    await returns.screen().waitFor();
    await returns.receiptLines().first().waitFor();
    await returns.more(returns.receiptLines().first()).click();
    await expect.poll(() => returns.refundTotal().textContent()).toBe('$25');
    // The host's quote says where the money goes before the cashier confirms.
    await expect.poll(() => returns.refundSplit().textContent()).toBe('Cash$25');
    await shot(page, '09-return');
    await returns.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    const doc = printer.printed.at(-1)!;
    expect(doc.kind).toBe('return');
    expect(doc.receiptNo).toBe(3);
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
  });

  it('reprints a receipt marked as a copy', async () => {
    const { page, printer } = till;
    const { dialogs, app } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.reprint').click();
    // The last receipt's number is filled in and selected: typing another number replaces it.
    const field = dialogs.receiptNumber(dialogs.reprint());
    await expect.poll(() => field.inputValue()).toBe('3');
    await expect.poll(() => hasFocus(field)).toBe(true);
    await page.keyboard.type('2');
    await expect.poll(() => field.inputValue()).toBe('2');
    await dialogs.button(dialogs.reprint(), 'reprint.confirm').click();
    await expect.poll(() => app.infoNotices().first().textContent()).toMatch(/Copy 1 of receipt #2/);
    expect(printer.printed.at(-1)).toMatchObject({ receiptNo: 2, copyNo: 1 });
  });

  it('voids a completed sale with a manager’s approval', async () => {
    const { page, runtime } = till;
    const { dialogs, app } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.postVoid').click();
    await dialogs.postVoid().waitFor();
    await dialogs.receiptNumber(dialogs.postVoid()).fill('1');
    await dialogs.button(dialogs.postVoid(), 'postVoid.confirm').click();
    await approve(page, DEMO.manager);
    await app.infoNotices().filter({ hasText: 'Sale #1 voided' }).waitFor();
    const voided = [...runtime.store.entries()].filter((e) => e.kind === 'void').at(-1);
    expect(voided?.body).toMatchObject({ scope: 'post-void', receiptNo: 1, reason: 'cashier-error' });
  });

  it('counts the drawer blind, gets the co-sign, and closes the day with a Z report', async () => {
    const { page, printer } = till;
    const { dialogs, manager } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.closeDrawer').click();
    await manager.drawerCount().waitFor();
    await manager.countOf(1000).fill('1');
    await manager.submitCount().click();
    const closed = manager.drawerClosed();
    await closed.waitFor();
    // Counted 1,000 against a 2,000 float plus cash sales: short, so a manager co-signs (a
    // supervisor may not by default).
    await manager.cosign().click();
    await approve(page, DEMO.supervisor);
    await dialogs.approvalError().waitFor();
    // The refusal says why: the supervisor may not co-sign.
    await expect.poll(() => dialogs.approvalError().textContent()).toMatch(mentions('error.approval.denied.not-allowed'));
    await approve(page, DEMO.manager);
    await closed.waitFor({ state: 'detached' });
    await page.keyboard.press('F10');
    await dialogs.fn('fn.zReport').click();
    await manager.closeTheDay().click();
    await approve(page, DEMO.manager);
    await manager.zReport().waitFor();
    await expect.poll(() => receiptPreview(manager.zReport()).textContent()).toContain('Z');
    // The manager sees the day by hour and the exceptions per cashier (this run's cashier voided a sale).
    // The bars are the chart's drawing (no role of their own): counted as shapes inside the figure.
    await expect.poll(() => manager.salesByHour().locator('rect').count()).toBeGreaterThan(0);
    await expect.poll(() => manager.exceptionsByCashier().textContent()).toContain('S001');
    await shot(page, '19-z-report');
    expect(printer.printed.at(-1)?.kind).toBe('report');
  });
});
