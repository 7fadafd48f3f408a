// A paid sale after the till restarts (issue #12, item 6), in the browser: the cashier took a card
// payment, the host went down before the sale was completed; after the restart the sale screen
// shows the same items and the card payment, says the sale was resumed, and a manager ends it with
// the payment given back (or the cashier completes it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, approve, buildRenderer, closeBrowser, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
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

/** Rings up two items and takes a card payment of 30 of their 54, as the cashier does. */
async function payPartByCard(): Promise<void> {
  const { page } = till;
  const { sale, payment } = ui;
  await wedgeScan(page, DEMO.greenTea.barcode);
  await expect.poll(() => sale.lines().count()).toBe(1);
  await wedgeScan(page, DEMO.oolong.barcode);
  await expect.poll(() => sale.lines().count()).toBe(2);
  await sale.pay().click();
  await payment.tab('card').click();
  await payment.cardAmount().fill('30');
  await payment.cardReference().fill('AUTH-RESUME');
  await payment.cardLast4().fill('4242');
  await page.keyboard.press('Enter');
  await expect.poll(() => payment.tenders().count()).toBe(1);
  await expect.poll(() => payment.due().textContent()).toBe('$24');
}

describe('a paid sale after the till restarts', () => {
  it('is on the screen again with its items and card payment, marked as resumed, and completes', async () => {
    const { sale, payment, receipt, login: form } = ui;
    await ui.app.language('en').click();
    await login(till.page, DEMO.cashier);
    await sale.screen().waitFor();
    await payPartByCard();
    expect(await sale.resumedNotice().count()).toBe(0);

    await till.restartHost();
    await form.form().waitFor();
    await login(till.page, DEMO.cashier);
    await sale.resumedNotice().waitFor();
    await expect.poll(() => sale.status()).toBe('tendering');
    await expect.poll(() => sale.lines().count()).toBe(2);
    await expect.poll(() => payment.tenders().first().textContent()).toMatch(/4242.*\$30/);
    await expect.poll(() => payment.due().textContent()).toBe('$24');
    await shot(till.page, '40-sale-resumed');

    await payment.tab('card').click();
    await payment.cardAmount().fill('24');
    await payment.cardReference().fill('AUTH-REST');
    await payment.cardLast4().fill('1111');
    await till.page.keyboard.press('Enter');
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    const sold = [...till.runtime.store.entries()].filter((e) => e.kind === 'sale');
    expect(sold).toHaveLength(1);
    expect(sold[0]!.body).toMatchObject({ total: 54, tenders: [{ reference: 'AUTH-RESUME' }, { reference: 'AUTH-REST' }] });
    await till.page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('a manager ends it instead, and the card payment given back is recorded', async () => {
    const { sale, dialogs, app, login: form } = ui;
    await payPartByCard();
    await till.restartHost();
    await form.form().waitFor();
    await login(till.page, DEMO.cashier);
    await sale.resumedNotice().waitFor();

    await sale.functionKey('fkey.endSale').click();
    const end = dialogs.titled('cancel.paidTitle');
    await end.waitFor();
    await dialogs.button(end, 'cancel.paidConfirm').click();
    await approve(till.page, DEMO.manager);
    await app.infoNotices().filter({ hasText: 'Sale ended' }).waitFor();
    await expect.poll(() => sale.status()).toBe('none');
    expect(await sale.resumedNotice().count()).toBe(0);
    const ended = [...till.runtime.store.entries()].filter((e) => e.kind === 'void').at(-1);
    expect(ended?.body).toMatchObject({
      scope: 'sale',
      reason: 'customer-left',
      tendersReturned: [{ type: 'card', amount: 30, last4: '4242' }],
    });
  });
});
