// Held sales in the browser (issue #15): the cashier holds a sale with a label, serves the next
// customer, recalls the held sale from the list and completes it; the ledger has both sales.
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

/** Pays the sale on screen with exact cash and closes the printed receipt. */
async function payExactCash(): Promise<void> {
  const { sale, payment, receipt } = ui;
  await sale.pay().click();
  await payment.exactCash().click();
  await payment.complete().click();
  await expect.poll(() => receipt.state()).toBe('printed');
  await till.page.keyboard.press('Escape');
  await receipt.dialog().waitFor({ state: 'detached' });
}

describe('holding a sale and recalling it', () => {
  it('holds a sale, serves the next customer, recalls the held sale and completes it', async () => {
    const { page } = till;
    const { sale, dialogs, app } = ui;
    await app.language('en').click();
    await login(page, DEMO.cashier);
    await sale.screen().waitFor();
    await sale.drawerNotOpen().waitFor();
    await countFloat(page, { 1000: 2 });
    await sale.drawerNotOpen().waitFor({ state: 'detached' });

    // The first customer forgot their wallet in the car: two items, held under a label.
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => sale.lines().count()).toBe(2);
    expect(await sale.functionKey('fkey.recall').isDisabled()).toBe(true);
    await sale.functionKey('fkey.park').click();
    await dialogs.parkLabel().fill('Wallet in car');
    await shot(page, 'sale-hold');
    await dialogs.button(dialogs.park(), 'park.confirm').click();
    await dialogs.park().waitFor({ state: 'detached' });
    await expect.poll(() => sale.status()).toBe('none');
    await expect.poll(() => sale.lines().count()).toBe(0);

    // The next customer is served as usual.
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await payExactCash();

    // The first customer is back: their sale is on the list, and is recalled as it was.
    await sale.functionKey('fkey.recall').click();
    await expect.poll(() => dialogs.heldSales().count()).toBe(1);
    await expect.poll(() => dialogs.heldSales().first().textContent()).toMatch(/Wallet in car.*2.*\$117/);
    await shot(page, 'sale-recall');
    await dialogs.recallHeld('Wallet in car').click();
    await dialogs.recall().waitFor({ state: 'detached' });
    await expect.poll(() => sale.status()).toBe('open');
    await expect.poll(() => sale.lines().count()).toBe(2);
    await expect.poll(() => sale.total().textContent()).toBe('$117');
    await payExactCash();

    const entries = [...till.runtime.store.entries()];
    const parked = entries.find((e) => e.kind === 'sale-parked')!;
    const sales = entries.filter((e) => e.kind === 'sale');
    expect(sales).toHaveLength(2);
    expect(sales[1]!.body).toMatchObject({ saleId: (parked.body as { saleId: string }).saleId, total: 117 });
    expect(entries.filter((e) => e.kind === 'sale-recalled')).toHaveLength(1);

    // Nothing is on hold any more (Ctrl+R opens the list too).
    await page.keyboard.press('Control+r');
    await dialogs.recall().getByRole('status').waitFor();
    await page.keyboard.press('Escape');
    await dialogs.recall().waitFor({ state: 'detached' });
  });

  it('a sale on hold is still on the list after the host restarts, and is recalled', async () => {
    const { page } = till;
    const { sale, dialogs, login: form } = ui;
    await wedgeScan(page, DEMO.oolong.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('Control+h');
    await dialogs.parkLabel().fill('Back after lunch');
    await dialogs.button(dialogs.park(), 'park.confirm').click();
    await expect.poll(() => sale.status()).toBe('none');

    await till.restartHost();
    await form.form().waitFor();
    await login(page, DEMO.supervisor);
    await sale.screen().waitFor();
    await sale.functionKey('fkey.recall').click();
    await expect.poll(() => dialogs.heldSales().count()).toBe(1);
    await expect.poll(() => dialogs.heldSales().first().textContent()).toMatch(/Back after lunch.*1.*\$29/);
    await dialogs.recallHeld('Back after lunch').click();
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expect.poll(() => sale.total().textContent()).toBe('$29');
    await payExactCash();
    const last = [...till.runtime.store.entries()].filter((e) => e.kind === 'sale').at(-1);
    expect(last).toMatchObject({ operatorId: DEMO.supervisor.staffId, body: { total: 29 } });
  });
});
