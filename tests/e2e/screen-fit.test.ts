// The cashier's screens at the smallest supported sizes (1024x768 touch screens, 1366x768
// laptops): the amount due and every primary action (Complete sale, the float count's buttons,
// Complete return) are on screen without scrolling, with the cash field focused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, login, startTill, wedgeScan, type Till } from './harness.ts';
import { VISIBLE, dismissNotices, hasFocus, placement, tillPages, type TillPages } from './pages/index.ts';
import { words } from './pages/ui-words.ts';

let renderer: Promise<string> | null = null;
afterAll(closeBrowser);

// The demo store is in zh-TW; a cashier may choose English on the till (longer words).
for (const { size, ui: language } of [
  { size: { width: 1024, height: 768 }, ui: 'zh-TW' },
  { size: { width: 1024, height: 768 }, ui: 'en' },
  { size: { width: 1366, height: 768 }, ui: 'en' },
  { size: { width: 1920, height: 1080 }, ui: 'zh-TW' },
]) {
  describe(`the till at ${size.width}x${size.height} in ${language}`, () => {
    let till: Till;
    let ui: TillPages;

    beforeAll(async () => {
      renderer ??= buildRenderer();
      till = await startTill(await renderer, {
        initScript: `localStorage.setItem('tillproof.ui-locale', ${JSON.stringify(language)})`,
      });
      ui = tillPages(till.page);
      await till.page.setViewportSize(size);
    });

    afterAll(async () => {
      await till?.close();
    });

    it('shows the top bar and the float count buttons', async () => {
      const { page } = till;
      await login(page, DEMO.cashier);
      await dismissNotices(page);
      expect(await placement(page, ui.app.lockButton())).toEqual(VISIBLE);
      expect(await placement(page, page.getByRole('navigation', { name: words('nav.label') }))).toEqual(VISIBLE);
      // The status bar keeps to one row of device chips (it wrapped onto 5 lines at 1024).
      expect((await page.getByRole('contentinfo').boundingBox())!.height).toBeLessThan(70);
      await ui.sale.countFloat().click();
      await ui.manager.drawerCount().waitFor();
      await ui.manager.countOf(1000).fill('2');
      await ui.manager.countOf(100).focus();
      expect(await placement(page, ui.manager.submitCount())).toEqual(VISIBLE);
      await ui.manager.submitCount().click();
      await ui.manager.drawerCount().waitFor({ state: 'detached' });
    });

    it('keeps the amount due and Complete sale on screen with the cash field focused', async () => {
      const { page } = till;
      for (const item of [DEMO.greenTea, DEMO.oolong, DEMO.cola, DEMO.milk, DEMO.greenTea, DEMO.cola]) {
        await wedgeScan(page, item.barcode);
      }
      await expect.poll(() => ui.sale.lines().count()).toBeGreaterThanOrEqual(4);
      await page.keyboard.press('F8');
      await ui.payment.panel().waitFor();
      await dismissNotices(page);
      await ui.payment.cashReceived().focus();
      await ui.payment.cashReceived().fill('1000');
      expect(await hasFocus(ui.payment.cashReceived())).toBe(true);
      expect(await placement(page, ui.payment.due())).toEqual(VISIBLE);
      expect(await placement(page, ui.payment.complete())).toEqual(VISIBLE);
      expect(await placement(page, ui.payment.cashReceived())).toEqual(VISIBLE);
      await page.keyboard.press('Enter');
      await expect.poll(() => ui.payment.change().count()).toBe(1);
      expect(await placement(page, ui.payment.change())).toEqual(VISIBLE);
      expect(await placement(page, ui.payment.complete())).toEqual(VISIBLE);
      await ui.payment.complete().click();
      await expect.poll(() => ui.receipt.state()).toBe('printed');
    });

    it('keeps Complete return on screen', async () => {
      const { page, printer } = till;
      await page.keyboard.press('Escape');
      await ui.receipt.dialog().waitFor({ state: 'detached' });
      await ui.sale.screen().waitFor();
      const sold = printer.printed.at(-1)!;
      // Through the top bar's Returns and the receipt number typed, as on a till with no scanner.
      await page
        .getByRole('navigation', { name: words('nav.label') })
        .getByRole('button', { name: words('nav.returns') })
        .click();
      await ui.returns.screen().waitFor();
      await ui.returns.screen().getByLabel(words('returns.receiptNo')).fill(String(sold.receiptNo));
      await ui.returns.screen().getByLabel(words('returns.receiptNo')).press('Enter');
      await ui.returns.receiptLines().first().waitFor();
      await ui.returns.more(ui.returns.receiptLines().first()).click();
      await expect.poll(() => ui.returns.refundTotal().textContent()).toBe('$25');
      await dismissNotices(page);
      expect(await placement(page, ui.returns.refundTotal())).toEqual(VISIBLE);
      expect(await placement(page, ui.returns.complete())).toEqual(VISIBLE);
      expect(await placement(page, page.getByRole('navigation', { name: words('nav.label') }))).toEqual(VISIBLE);
    });
  });
}
