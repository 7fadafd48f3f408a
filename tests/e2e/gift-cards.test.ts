// Gift cards in the browser (issue #15): a card sold as a line of a sale (its receipt printed), then
// spent from the payment panel: its balance shown, a payment beyond it refused with what it has left, the rest in cash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;
const CARD = '6012 3456 7890 1234';

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
}, 120_000);

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

/** The rest in exact cash, then F9 once Complete is enabled (the tender is in), and the receipt printed. */
async function restInCashPrinted() {
  const { payment, receipt } = ui;
  await payment.tab('cash').click();
  await payment.exactCash().click();
  await expect.poll(() => payment.complete().isEnabled()).toBe(true);
  await till.page.keyboard.press('F9');
  await receipt.dialog().waitFor();
  await expect.poll(() => receipt.state()).toBe('printed');
}

describe('gift cards', () => {
  it('sells a card in a sale with a printed receipt, then pays with it up to its balance and the rest in cash', async () => {
    const { page } = till;
    const { sale, app, payment, receipt } = ui;
    await app.language('en').click();
    await login(page, DEMO.cashier);
    await sale.screen().waitFor();
    await countFloat(page, { 1000: 2 });
    await sale.drawerNotOpen().waitFor({ state: 'detached' });

    // Sell a card of $20 as a sale line, paid with a $100 note: its receipt is printed like any sale's.
    await page.keyboard.press('F10');
    await page
      .getByRole('dialog', { name: 'More functions' })
      .getByRole('button', { name: /Sell a gift card/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Sell a gift card' });
    await dialog.waitFor();
    await dialog.getByLabel('Gift card number (scan or type)').fill(CARD);
    await dialog.getByLabel('Value to load').fill('20');
    await shot(page, 'giftcard-sell');
    await dialog.getByRole('button', { name: 'Add to sale' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().count()).toBe(1);
    const printedBefore = till.printer.printed.length;
    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    // A gift card cannot pay for a gift card.
    await payment.panel().getByRole('tab', { name: 'Gift card' }).click();
    await payment.panel().getByLabel('Gift card number (scan or type)').fill(CARD);
    await payment.panel().getByLabel('Amount from the card (empty = as much as it can pay)').fill('20');
    await page.keyboard.press('Enter');
    await expect.poll(() => app.errorNotices().last().textContent()).toContain('A gift card cannot pay for a gift card.');
    await restInCashPrinted();
    await expect.poll(() => till.printer.printed.length).toBe(printedBefore + 1);
    const slip = till.printer.printed.at(-1)!;
    const slipText = slip.lines.map((l) => (l.type === 'pair' ? `${l.left} ${l.right}` : l.type === 'text' ? l.text : '')).join('\n');
    expect(slip.kind).toBe('sale');
    expect(slipText).toContain('****1234');
    expect(slipText).toMatch(/(New card balance|卡片新餘額)\s+20/);
    await receipt.next().click();
    await receipt.dialog().waitFor({ state: 'detached' });

    // A $25 tea: the card pays $20 of it, not more.
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    await payment.panel().getByRole('tab', { name: 'Gift card' }).click();
    await payment.panel().getByLabel('Gift card number (scan or type)').fill(CARD);
    await payment.panel().getByRole('button', { name: 'Check balance' }).click();
    await expect
      .poll(() => payment.panel().getByRole('status').filter({ hasText: 'left' }).textContent())
      .toContain('Gift card ••••1234 has $20 left');
    await payment.panel().getByLabel('Amount from the card (empty = as much as it can pay)').fill('25');
    await page.keyboard.press('Enter');
    await expect.poll(() => app.errorNotices().last().textContent()).toContain('The gift card does not have that much left.');
    // And what it has is shown under the number, so the cashier can take that.
    await expect.poll(() => payment.panel().getByRole('status').filter({ hasText: 'left' }).textContent()).toContain('has $20 left');
    await shot(page, 'giftcard-refused');

    await payment.panel().getByLabel('Amount from the card (empty = as much as it can pay)').fill('');
    await page.keyboard.press('Enter');
    await expect.poll(() => payment.tenders().first().textContent()).toContain('Gift card ••••1234');
    await restInCashPrinted();

    // The ledger spent the card to zero and kept its number out.
    const entries = [...till.runtime.store.entries()];
    const sold = entries.filter((e) => e.kind === 'sale').at(-1)!;
    expect(JSON.stringify(sold.body)).toContain('"type":"giftcard"');
    expect(JSON.stringify(entries)).not.toContain('6012345678901234');
  });
});
