// The close on a day with card payments: before the Z the till asks for the card terminal's batch
// total, shows the difference only after it is recorded, has a manager co-sign a difference
// beyond the limit, and the Z lists the card payment with its reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { receiptPreview, tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  // A card batch difference beyond 10 needs a co-sign on this till.
  till = await startTill(await buildRenderer(), {
    config: { till: { denominations: [], overShortThreshold: 100, requireSession: true, cardBatchThreshold: 10 } },
  });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 2 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('card batch at the close', () => {
  it('asks for the batch total before the Z, co-signs the difference and lists the card payment', async () => {
    const { page } = till;
    const { sale, payment, receipt, dialogs, manager } = ui;
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await sale.pay().click();
    await payment.tab('card').click();
    await payment.cardAmount().fill(String(DEMO.cola.price));
    await payment.cardReference().fill('BATCH-77');
    await payment.cardLast4().fill('4242');
    await page.keyboard.press('Enter');
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });

    await page.keyboard.press('F10');
    await dialogs.fn('fn.closeDrawer').click();
    await manager.drawerCount().waitFor();
    await manager.countOf(1000).fill('2');
    await manager.submitCount().click();
    await manager.drawerClosed().waitFor();
    await manager.closeDrawerClosed().click();
    await manager.drawerClosed().waitFor({ state: 'detached' });

    await page.keyboard.press('F10');
    await dialogs.fn('fn.zReport').click();
    await manager.cardBatchTotal().fill('0');
    await manager.recordCardBatch().click();
    // Recorded first; then the till's figure and the difference, beyond the limit.
    await expect.poll(() => manager.cardBatchFacts().allTextContents()).toEqual(['$0', `$${DEMO.cola.price}`, `-$${DEMO.cola.price}`]);
    await shot(page, '34-card-batch-difference');
    await manager.cosignCardBatch().click();
    await approve(page, DEMO.manager);
    await manager.closeTheDay().click();
    await approve(page, DEMO.manager);
    await manager.zReport().waitFor();
    const printed = receiptPreview(manager.zReport());
    await expect.poll(() => printed.innerText()).toMatch(/\*4242 BATCH-77/);
    const batch = [...till.runtime.store.entries()].find((e) => e.kind === 'card-batch');
    expect(batch?.body).toMatchObject({ reported: 0, expected: DEMO.cola.price, difference: -DEMO.cola.price });
  });
});
