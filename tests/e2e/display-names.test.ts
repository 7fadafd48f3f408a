// Everything a person reads is in their language (issue #15, item 7): the dialogs of a line
// (quantity, price, discount, remove) and the returns screen name the product as the sale line
// does, and the X report names departments and tenders, never their codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { words } from './pages/ui-words.ts';
import type { UiLocale } from '../../renderer/i18n/i18n.ts';

let renderer: string;

beforeAll(async () => {
  renderer = await buildRenderer();
});

afterAll(async () => {
  await closeBrowser();
});

/** What the demo green tea and its department are called in each language, and what must not appear there. */
const CASES: Array<{ locale: UiLocale; tea: string; drinks: string; notThere: RegExp }> = [
  { locale: 'en', tea: 'Unsweetened Japanese Green Tea 600ml', drinks: 'Drinks', notThere: /[\u4e00-\u9fff]/ },
  // 簡體中文 screens show the Simplified name, never the catalogue's Traditional one.
  { locale: 'zh-CN', tea: '茶里王日式无糖绿茶 600ml', drinks: '饮料', notThere: /茶裏王|drinks/ },
];

for (const c of CASES) {
  describe(`names in ${c.locale}`, () => {
    let till: Till;
    let ui: TillPages;

    beforeAll(async () => {
      till = await startTill(renderer);
      ui = tillPages(till.page);
      await ui.app.language(c.locale).click();
      await login(till.page, DEMO.manager);
      await countFloat(till.page, { 1000: 1, 100: 10 });
      await wedgeScan(till.page, DEMO.greenTea.barcode);
      await ui.sale.lines().first().waitFor();
    });

    afterAll(async () => {
      await till?.close();
    });

    it('the sale line and its quantity, price, discount and remove dialogs use the same name', async () => {
      const { page } = till;
      const { sale, dialogs } = ui;
      await expect.poll(() => sale.lines().first().textContent()).toContain(c.tea);

      await page.keyboard.press('F3');
      const quantity = dialogs.titled('quantity.title', { name: c.tea });
      await quantity.waitFor();
      await page.keyboard.press('Escape');
      await quantity.waitFor({ state: 'detached' });

      await sale.functionKey('fkey.price').click();
      const price = dialogs.titled('price.title', { name: c.tea });
      await price.waitFor();
      await page.keyboard.press('Escape');
      await price.waitFor({ state: 'detached' });

      await page.keyboard.press('F6');
      await dialogs.discount().waitFor();
      await dialogs
        .discount()
        .getByRole('radio', { name: words('discount.thisLine', { name: c.tea }) })
        .waitFor();
      expect(await dialogs.discount().textContent()).not.toMatch(c.notThere);
      await page.keyboard.press('Escape');
      await dialogs.discount().waitFor({ state: 'detached' });

      await sale
        .lines()
        .first()
        .getByRole('button', { name: words('sale.voidLine', { name: c.tea }) })
        .click();
      const remove = dialogs.titled('void.title', { name: c.tea });
      await remove.waitFor();
      await page.keyboard.press('Escape');
      await remove.waitFor({ state: 'detached' });
      expect(await sale.lines().count()).toBe(1);
    });

    it('the returns screen names the receipt lines as the sale did', async () => {
      const { page, printer } = till;
      const { sale, payment, receipt, returns } = ui;
      await page.keyboard.press('F8');
      await payment.panel().waitFor();
      await payment.exactCash().click();
      // F9 completes only once the tender is in (the Complete button is enabled then).
      await expect.poll(() => payment.complete().isEnabled()).toBe(true);
      await page.keyboard.press('F9');
      await expect.poll(() => receipt.state()).toBe('printed');
      await page.keyboard.press('Escape');
      await receipt.dialog().waitFor({ state: 'detached' });
      await sale.screen().waitFor();
      await ui.app.nav('nav.returns').click();
      await returns.screen().waitFor();
      const receiptNo = returns.screen().getByLabel(words('returns.receiptNo'));
      await receiptNo.fill(String(printer.printed.at(-1)!.receiptNo));
      await receiptNo.press('Enter');
      const line = returns.receiptLines().first();
      await line.waitFor();
      await expect.poll(() => line.getByRole('rowheader').textContent()).toContain(c.tea);
      await line.getByRole('button', { name: words('returns.more', { name: c.tea }) }).waitFor();
      expect(await returns.screen().textContent()).not.toMatch(c.notThere);
    });

    it('the X report names the department and the tender on screen, and prints them by name', async () => {
      const { printer } = till;
      const { settings } = ui;
      await ui.app.nav('nav.settings').click();
      await settings.tab('settings.xReport').click();
      const panel = settings.panel();
      const departments = panel.getByRole('table', { name: words('report.departments') });
      await departments.getByRole('rowheader', { name: words('report.dept', { name: c.drinks }) }).waitFor();
      await settings.xReportLine('tender:cash').waitFor();
      expect(await panel.getByRole('table').first().textContent()).not.toMatch(/\bdrinks\b|tender:|dept:/);
      // The printout is in the store's language (the demo store's is Traditional Chinese): names there too.
      const before = printer.printed.length;
      await panel.getByRole('button', { name: words('report.print') }).click();
      await expect.poll(() => printer.printed.length).toBe(before + 1);
      const printed = printer.printed.at(-1)!;
      expect(printed.kind).toBe('report');
      const text = printed.lines.map((l) => (l.type === 'pair' ? `${l.left} ${l.right}` : l.type === 'text' ? l.text : '')).join('\n');
      expect(text).toContain('飲料');
      expect(text).toContain('現金');
      expect(text).not.toMatch(/\bdrinks\b|\bcash\b/);
      const preview = await panel.getByRole('document', { name: words('preview.label') }).innerText();
      expect(preview).toContain('飲料');
    });
  });
}
