// The lock screen in Chromium on the real host: Switch operator signs the cashier out (logged) and
// the next one signs in; a cashier locked out by wrong PINs with a sale open leaves the till to a
// manager, who takes the sale over at the lock screen (a cashier's attempt is refused) and finishes
// it; the takeover is in the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { DEMO_CONFIG } from '../../host/config.ts';

let till: Till;
let ui: TillPages;
const entries = (kind: string) => [...till.runtime.store.entries()].filter((e) => e.kind === kind);

beforeAll(async () => {
  const staticDir = await buildRenderer();
  till = await startTill(staticDir, { config: { session: { ...DEMO_CONFIG.session, idleLockSeconds: 0 } } });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 1, 100: 5 });
}, 180_000);

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('the lock screen', () => {
  it('switches operator: the cashier is signed out and the next one signs in', async () => {
    const { page } = till;
    await ui.app.lockButton().click();
    await ui.app.lockScreen().waitFor();
    await ui.app.switchOperator().click();
    await ui.login.form().waitFor();
    expect(entries('logout').at(-1)).toMatchObject({ operatorId: DEMO.cashier.staffId, body: { reason: 'switch' } });
    await login(page, DEMO.supervisor);
    expect((await till.runtime.handlers['session.state']({})).operator?.staffId).toBe(DEMO.supervisor.staffId);
    // And back to the cashier for the next case, the same way.
    await ui.app.lockButton().click();
    await ui.app.switchOperator().click();
    await login(page, DEMO.cashier);
  });

  it("a manager takes over a locked-out cashier's open sale and finishes it", async () => {
    const { page } = till;
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await ui.app.lockButton().click();
    await ui.app.lockScreen().waitFor();
    // Wrong PINs until the cashier is locked out.
    for (let i = 0; i < 5; i++) {
      await ui.app.lockPin().fill('8888');
      await ui.app.unlock().click();
      await expect.poll(() => ui.app.lockScreen().getByRole('alert').count()).toBe(1);
      await expect.poll(() => ui.app.lockPin().inputValue()).toBe('');
    }
    await expect.poll(() => ui.app.lockScreen().getByRole('alert').textContent()).toMatch(/Too many|locked/i);

    await ui.app.switchOperator().click();
    await ui.app.takeOverScreen().waitFor();
    // The locked-out cashier does not get back in this way either; the manager does.
    await ui.app.takeOver({ staffId: DEMO.cashier.staffId, pin: DEMO.cashier.pin });
    await expect.poll(() => ui.app.takeOverError().textContent()).toMatch(/Too many failed sign-ins/);
    await shot(page, '62-lock-takeover');
    await ui.app.takeOver(DEMO.manager);
    await ui.sale.screen().waitFor();
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await expect.poll(() => ui.app.topBar().textContent()).toContain('Wang Mei-ling');

    const saleId = (await till.runtime.handlers['session.state']({})).sale!.saleId;
    expect(entries('login').at(-1)).toMatchObject({
      operatorId: DEMO.manager.staffId,
      body: { takeover: { from: DEMO.cashier.staffId, saleId } },
    });
    await page.keyboard.press('F8');
    await ui.payment.exactCash().click();
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    expect(entries('sale').at(-1)).toMatchObject({ operatorId: DEMO.manager.staffId });
  });
});
