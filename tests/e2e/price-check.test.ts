// Price check in the browser (issue #15): a scan or a typed code shows the product's name, price
// and member prices without starting a sale, and writes nothing to the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
}, 120_000);

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('price check', () => {
  it('shows a scanned or typed product with its prices, and no sale is started', async () => {
    const { page } = till;
    const { sale, app } = ui;
    await app.language('en').click();
    await login(page, DEMO.cashier);
    await sale.screen().waitFor();
    await countFloat(page, { 1000: 2 });
    await sale.drawerNotOpen().waitFor({ state: 'detached' });
    const entriesBefore = [...till.runtime.store.entries()].length;

    // From the functions menu; a wedge scan goes to the price check, not to the sale.
    await page.keyboard.press('F10');
    await page
      .getByRole('dialog', { name: 'More functions' })
      .getByRole('button', { name: /Price check/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Price check' });
    await dialog.waitFor();
    await wedgeScan(page, DEMO.greenTea.barcode);
    const result = dialog.getByRole('region', { name: 'Product found' });
    await expect
      .poll(() => result.textContent())
      .toMatch(/Unsweetened Japanese Green Tea 600ml.*Price\$25 each.*Member price\$24 each.*VIP price\$22 each/);
    await shot(page, 'price-check');

    // A typed SKU + Enter works too (Ctrl+K opens it from the sale screen).
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await dialog.getByLabel('Barcode or SKU').fill(DEMO.greenTea.sku);
    await page.keyboard.press('Enter');
    await expect.poll(() => result.textContent()).toMatch(/Green Tea.*\$25/);

    // An unknown code says so.
    await dialog.getByLabel('Barcode or SKU').fill('0000000000000');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('No product for “0000000000000”');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // No sale was started and nothing was written.
    await expect.poll(() => sale.status()).toBe('none');
    expect(await sale.lines().count()).toBe(0);
    expect([...till.runtime.store.entries()].length).toBe(entriesBefore);
  });
});
