// Switching printer end to end: the receipt printer runs out of paper, the receipt window offers
// the till's other printer (held back while it is offline), and the receipt prints there. Also:
// Ctrl+P under the receipt dialog never reaches the browser (its print dialog).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { hasFocus, tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer(), { secondPrinter: true });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 1, 100: 10 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('print on another printer', () => {
  it('after paper-out offers the other printer, disabled while it is offline', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    till.devices = till.devices.map((d) => (d.id === 'back-printer' ? { ...d, state: 'offline', detail: 'not connected' } : d));
    till.emit('device.status', { device: 'printer', id: 'back-printer', state: 'offline', detail: 'not connected' });
    const { sale, payment, receipt } = ui;
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('failed');
    await expect.poll(() => receipt.failedOn().textContent()).toBe('Printer receipt-printer');
    const other = receipt.printOn('back-printer');
    await expect.poll(() => other.textContent()).toBe('Print on back-printer');
    await expect.poll(() => other.isDisabled()).toBe(true);
    await expect.poll(() => receipt.printerNotReady('back-printer').textContent()).toMatch(/back-printer: Offline/);
    // Only the other printer is offered, not the one that failed.
    await expect.poll(() => receipt.printOn('receipt-printer').count()).toBe(0);
  });

  it('Ctrl+P under the receipt dialog is kept from the browser', async () => {
    const { page } = till;
    // Registered last on window: sees what every shortcut listener before it did.
    await page.evaluate(
      'window.ctrlP = []; window.addEventListener("keydown", (e) => { if (e.ctrlKey && e.key.toLowerCase() === "p") window.ctrlP.push(e.defaultPrevented); })',
    );
    await page.keyboard.press('Control+P');
    await expect.poll(() => page.evaluate<boolean[]>('window.ctrlP')).toEqual([true]);
    // The period report does not open over the receipt: the receipt comes first.
    await expect.poll(() => ui.receipt.dialog().isVisible()).toBe(true);
  });

  it('prints there once it is back online, by keyboard or click; the obligation is discharged', async () => {
    const { page, printer, secondPrinter, runtime } = till;
    const { receipt } = ui;
    till.devices = till.devices.map((d) => (d.id === 'back-printer' ? { ...d, state: 'idle', detail: 'memory printer' } : d));
    till.emit('device.status', { device: 'printer', id: 'back-printer', state: 'idle', detail: 'memory printer' });
    const other = receipt.printOn('back-printer');
    await expect.poll(() => other.isEnabled()).toBe(true);
    await expect.poll(() => receipt.printerNotReady('back-printer').count()).toBe(0);
    const box = await other.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    // Keyboard reachable: Tab from Print again gets there.
    await receipt.retry().focus();
    const focused = () => hasFocus(other);
    for (let i = 0; i < 6 && !(await focused()); i++) await page.keyboard.press('Tab');
    await expect.poll(() => focused()).toBe(true);
    await shot(page, 'receipt-print-on-other-printer');
    await other.click();
    await expect.poll(() => receipt.state()).toBe('printed');
    expect(printer.printed).toHaveLength(0);
    expect(secondPrinter!.printed.map((d) => d.receiptNo)).toEqual([1]);
    const kinds = [...runtime.store.entries()]
      .filter((e) => e.kind === 'receipt-issued' || e.kind === 'receipt-print-failed')
      .map((e) => [e.kind, (e.body as { printerId?: string }).printerId]);
    expect(kinds).toEqual([
      ['receipt-print-failed', 'receipt-printer'],
      ['receipt-issued', 'back-printer'],
    ]);
    expect(runtime.store.openObligations()).toEqual([]);
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
    printer.setFault(null);
  });
});
