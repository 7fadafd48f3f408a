// Choosing who served the customer, in the browser (issue #14): by badge scan with the keyboard
// (F5), then two salespersons with their shares from the list by touch; the sale entry records them
// apart from the cashier who rang the sale up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { DEMO_CONFIG } from '../../host/config.ts';

let till: Till;
let ui: TillPages;
const lastSale = () => [...till.runtime.store.entries()].filter((e) => e.kind === 'sale').at(-1);

beforeAll(async () => {
  const staticDir = await buildRenderer();
  till = await startTill(staticDir, { config: { session: { ...DEMO_CONFIG.session, idleLockSeconds: 0 } } });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 2 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('salesperson', () => {
  it('a badge scanned in the salesperson window names its holder; two chosen from the list share the sale', async () => {
    const { page } = till;
    const { sale, dialogs, payment, receipt } = ui;
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expect.poll(() => sale.salespersonPanel().textContent()).toContain('You (the cashier)');

    // Keyboard: F5, then the salesperson's badge.
    await page.keyboard.press('F5');
    await dialogs.salesperson().waitFor();
    await wedgeScan(page, DEMO.supervisor.badge);
    await dialogs.salesperson().waitFor({ state: 'detached' });
    await expect.poll(() => sale.salespersonPanel().textContent()).toContain('林志明 Lin Chih-ming');

    // Touch: the list, two staff, 70 % and 30 %.
    await sale.chooseSalesperson().click();
    await dialogs.salesperson().waitFor();
    await expect.poll(() => dialogs.salespersonChoice(/林志明/).isChecked()).toBe(true);
    await dialogs.salespersonChoice(/王美玲/).click();
    await dialogs.salespersonShare('林志明 Lin Chih-ming').fill('70');
    await dialogs.salespersonShare('王美玲 Wang Mei-ling').fill('20');
    const confirm = dialogs.button(dialogs.salesperson(), 'salesperson.confirm');
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    await dialogs.salespersonShare('王美玲 Wang Mei-ling').fill('30');
    await shot(page, '60-salesperson-shares');
    await confirm.click();
    await dialogs.salesperson().waitFor({ state: 'detached' });
    await expect.poll(() => sale.salespersonPanel().textContent()).toContain('林志明 Lin Chih-ming 70 %, 王美玲 Wang Mei-ling 30 %');

    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    await payment.exactCash().click();
    // F9 completes only once the tender is in (the Complete button is enabled then).
    await expect.poll(() => payment.complete().isEnabled()).toBe(true);
    await page.keyboard.press('F9');
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.state()).toBe('printed');
    const entry = lastSale();
    expect(entry?.operatorId).toBe(DEMO.cashier.staffId);
    expect(entry?.body).toMatchObject({
      salespersons: [
        { staffId: 'S002', shareBp: 7000 },
        { staffId: 'S003', shareBp: 3000 },
      ],
    });
  });
});
