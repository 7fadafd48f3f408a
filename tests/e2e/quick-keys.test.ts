// Quick keys in the browser (issue #15): the store's configured keys for items without a barcode
// add the item through the normal sale path; an item sold by the kg asks for its weight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, type Till } from './harness.ts';
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

describe('quick keys', () => {
  it('adds a product without a barcode from its quick key', async () => {
    const { page } = till;
    const { sale, app } = ui;
    await app.language('en').click();
    await login(page, DEMO.cashier);
    await sale.screen().waitFor();
    await countFloat(page, { 1000: 2 });
    await sale.drawerNotOpen().waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Quick keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quick keys' });
    await dialog.waitFor();
    // The configured label, else the product's name in the screen language.
    expect(await dialog.getByRole('button', { name: /Bananas \(per kg\)/ }).count()).toBe(1);
    await shot(page, 'quick-keys');
    await dialog.getByRole('button', { name: /^Bag/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expect.poll(() => sale.lines().first().textContent()).toContain('Shopping Bag');
    await expect.poll(() => sale.total().textContent()).toBe('$2');

    // A second press adds another; the sale is the normal one.
    await page.getByRole('button', { name: 'Quick keys' }).click();
    await dialog.getByRole('button', { name: /^Bag/ }).click();
    await expect.poll(() => sale.total().textContent()).toBe('$4');
  });
});
