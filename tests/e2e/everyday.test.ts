// The small things a cashier meets every day: a SKU keyed at the scan field, quantities that make
// no sense or are far too large, and taking a wrongly attached member off before payment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, demoMemberToken, login, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions, words } from './pages/ui-words.ts';

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

describe('every day at the till', () => {
  it('adds the item for a SKU keyed in the scan field and Enter, without opening the search', async () => {
    const { page } = till;
    const { sale } = ui;
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    await sale.scanField().pressSequentially(DEMO.greenTea.sku, { delay: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expect.poll(() => sale.lines().first().textContent()).toContain('Unsweetened Japanese Green Tea');
    expect(await sale.searchPanel().count()).toBe(0);
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
  });

  it('F3: 0 says what is wrong, and 99,999 is asked about before it rings up', async () => {
    const { page } = till;
    const { sale, dialogs } = ui;
    await page.keyboard.press('F3');
    const dialog = dialogs.quantity();
    await dialog.waitFor();
    const field = dialog.getByLabel(words('quantity.count'));
    await field.fill('0');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(mentions('quantity.zeroOnSale'));
    await field.fill('99999');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/99,999 is a very large quantity/);
    // Not rung up yet.
    expect(await sale.quantity().textContent()).toBe('1');
    // Corrected to what was meant: no question for a normal quantity.
    await field.fill('9');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sale.quantity().textContent()).toBe('9');
    // A large quantity that is right is confirmed with the button that names it.
    await page.keyboard.press('F3');
    await dialog.waitFor();
    await field.fill('1200');
    await page.keyboard.press('Enter');
    await dialogs.button(dialog, 'quantity.confirmLarge', { qty: '1,200' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sale.quantity().textContent()).toBe('1,200');
  });

  it('F4 takes the member off before payment, and the store price comes back', async () => {
    const { page } = till;
    const { sale, dialogs } = ui;
    const retail = await sale.total().textContent();
    await wedgeScan(page, demoMemberToken('M0001'));
    await expect.poll(() => sale.memberPanel().textContent()).toContain('李小華');
    await expect.poll(() => sale.total().textContent()).not.toBe(retail);
    await page.keyboard.press('F4');
    await dialogs.member().waitFor();
    await expect.poll(() => dialogs.member().textContent()).toContain('李小華');
    await dialogs.button(dialogs.member(), 'member.remove').click();
    await dialogs.member().waitFor({ state: 'detached' });
    await expect.poll(() => sale.memberPanel().textContent()).not.toContain('李小華');
    await expect.poll(() => sale.total().textContent()).toBe(retail);
  });

  it('a function greyed out while a sale is open says why', async () => {
    const { page } = till;
    const { dialogs } = ui;
    await page.keyboard.press('F10');
    const returns = dialogs.fn('fn.returns');
    await expect.poll(() => returns.isDisabled()).toBe(true);
    const describedBy = await returns.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    await expect.poll(() => page.locator(`[id="${describedBy}"]`).textContent()).toMatch(mentions('fn.saleOpenHint'));
    expect(await returns.getAttribute('title')).toMatch(mentions('fn.saleOpenHint'));
    await page.keyboard.press('Escape');
    await dialogs.functions().waitFor({ state: 'detached' });
  });
});
