// The Loss prevention screen on the till (issue #14): the seed pattern rung up at the demo till
// (a VIP's small sale with the app's code, then detergent at the VIP price by the same cashier
// with the member's card number typed in) shows to a manager, in English and in 繁體中文, with
// the case's entries; a cashier is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, demoMemberToken, login, startTill, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions, words } from './pages/ui-words.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  const staticDir = await buildRenderer();
  // The demo store sells groceries: "high value" for it is 500.
  till = await startTill(staticDir, { config: { session: { idleLockSeconds: 0 }, lossRules: { seedPattern: { highValue: 500 } } } });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 2, 100: 5 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

/** A sale rung up by the signed-in cashier through the host's contract, as the sale screen would. */
async function sale(
  productId: string,
  qtyMilli: number,
  attach: Parameters<Till['runtime']['handlers']['sale.attachMember']>[0],
  cash: number,
) {
  const h = till.runtime.handlers;
  await h['sale.addItem']({ productId, qtyMilli });
  await h['sale.attachMember'](attach);
  await h['sale.present']({});
  await h['sale.addTender']({ type: 'cash', amount: cash });
  await h['sale.complete']({});
}

describe('loss prevention screen', () => {
  it('shows a manager the seed pattern in English and 繁體中文 with its entries, and refuses a cashier', async () => {
    const { page } = till;
    const { app, dialogs, manager, login: loginPage } = ui;
    await sale('TP-0001', 1000, { method: 'token', token: demoMemberToken('M0002') }, 100);
    await sale('TP-0051', 5000, { method: 'card', card: '9100000000029', approval: { method: 'pin', staffId: 'S003', pin: '3333' } }, 1000);

    // The cashier may not see it.
    // The last sale's "Sale complete" panel: next customer.
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('F10');
    await dialogs.fn('fn.lossPrevention').click();
    await manager.lossPrevention().waitFor();
    await expect.poll(() => manager.lossError().textContent()).toMatch(/not allowed/);
    await page.keyboard.press('Escape');
    await manager.lossPrevention().waitFor({ state: 'detached' });

    await page.keyboard.press('F10');
    await dialogs.fn('fn.switch').click();
    await loginPage.form().waitFor();
    await login(page, DEMO.manager);
    await page.keyboard.press('F10');
    await dialogs.fn('fn.lossPrevention').click();
    await manager.lossPrevention().waitFor();
    const seed = manager.lossCases().filter({ hasText: mentions('loss.rule.seed-pattern') });
    await expect.poll(() => seed.count()).toBe(1);
    await expect.poll(() => seed.textContent()).toMatch(/M0002/);
    await expect.poll(() => seed.textContent()).toMatch(/S001/);
    await expect.poll(() => seed.textContent()).toMatch(/member|tier|typed|card/i);
    const english = (await seed.locator('p').first().textContent()) ?? '';
    expect(english).toMatch(/M0002/);
    await manager.lossRuleFilter().selectOption({ label: "A member's second sale at the tier price" });
    await expect.poll(() => manager.lossCases().count()).toBe(1);
    // By staff and member too: the case names the cashier and the VIP; another member has none.
    await manager.lossStaffFilter().selectOption('S001');
    await manager.lossMemberFilter().selectOption('M0002');
    await expect.poll(() => manager.lossCases().count()).toBe(1);
    // The charts: the cashier typed a member in once; both sales were at the VIP's price.
    await expect
      .poll(() => manager.lossChart('loss.chartExceptions').filter({ hasText: 'S001' }).textContent())
      .toMatch(/members typed in 1/);
    await expect
      .poll(() => manager.lossChart('loss.chartTier').filter({ hasText: 'S001' }).textContent())
      .toMatch(/S001: 2 of 2 sales at a member price \(100 %\)/);
    await seed.getByRole('button').click();
    const rows = manager.lossEvidence().getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    await expect.poll(() => manager.lossEvidence().textContent()).toMatch(/sale/);
    await expect.poll(() => manager.lossEvidence().textContent()).toMatch(/895/);
    // The manager reviews it: recorded in the ledger, shown on the case.
    const review = manager.lossPrevention().getByRole('form', { name: words('loss.reviewTitle') });
    await review.getByLabel(words('loss.outcome')).selectOption({ label: 'Fraud' });
    await review.getByLabel(words('loss.note')).fill('the VIP was not in the store; CCTV checked');
    await review.getByRole('button', { name: words('loss.recordReview') }).click();
    await expect.poll(() => seed.textContent()).toMatch(/Reviewed \(Fraud\) by .*CCTV checked/);
    const reviews = [...till.runtime.store.entries()].filter((e) => e.kind === 'loss-review');
    expect(reviews.map((e) => (e.body as { outcome: string }).outcome)).toEqual(['fraud']);
    await page.keyboard.press('Escape');
    await manager.lossPrevention().waitFor({ state: 'detached' });

    // In 繁體中文: the screen and the case's explanation.
    await page.keyboard.press('F10');
    await dialogs.fn('fn.logout').click();
    await loginPage.form().waitFor();
    await app.language('zh-TW').click();
    await login(page, DEMO.manager);
    await page.keyboard.press('F10');
    await dialogs.fn('fn.lossPrevention').click();
    await manager.lossPrevention().waitFor();
    await expect.poll(() => manager.lossPrevention().textContent()).toMatch(mentions('loss.title'));
    const seedTw = manager.lossCases().filter({ hasText: '會員當日第二筆會員價高額交易' });
    await expect.poll(() => seedTw.count()).toBe(1);
    // The explanation itself is worded in Chinese, not the English one.
    const chinese = (await seedTw.locator('p').first().textContent()) ?? '';
    expect(chinese).toMatch(/M0002/);
    expect(chinese).toMatch(/[\u4e00-\u9fff]{4}/);
    expect(chinese).not.toBe(english);
    expect(chinese).not.toMatch(/\b(?:the|member|sale)\b/i);
    await expect.poll(() => manager.lossChart('loss.chartTier').filter({ hasText: 'S001' }).textContent()).toMatch(/2 筆中 2 筆為會員價/);
  });
});
