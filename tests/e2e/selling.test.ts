// Selling end to end: sign-in, float count, wedge scans, search, member code, cash with change,
// the printed receipt, a discount that needs a manager, a no-sale, search by pinyin initials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO,
  approve,
  buildRenderer,
  closeBrowser,
  countFloat,
  demoMemberToken,
  login,
  shot,
  startTill,
  wedgeScan,
  type Till,
} from './harness.ts';
import { receiptPreview, tillPages, type TillPages } from './pages/index.ts';

let staticDir: string;
let till: Till;
let ui: TillPages;

beforeAll(async () => {
  staticDir = await buildRenderer();
  till = await startTill(staticDir);
  ui = tillPages(till.page);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('selling in the browser', () => {
  it('signs in with staff number and PIN', async () => {
    const { page } = till;
    const { login: form, app, sale } = ui;
    await form.form().waitFor();
    // The demo store is in Taipei: the screens start in its language; this cashier prefers English.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-TW');
    await app.language('en').click();
    await shot(page, '01-login');
    await form.submit({ staffId: DEMO.cashier.staffId, pin: '0000' });
    await expect.poll(() => form.error().textContent()).toMatch(/Wrong staff number, PIN or badge/);
    await login(page, DEMO.cashier);
    await expect.poll(() => app.topBar().textContent()).toContain('陳怡君');
    await sale.drawerNotOpen().waitFor();
    await countFloat(page, { 1000: 2, 100: 5, 50: 4, 10: 10 });
    await sale.drawerNotOpen().waitFor({ state: 'detached' });
  });

  it('adds an item scanned by a keyboard-wedge scanner and measures scan to render', async () => {
    const { page } = till;
    const { sale } = ui;
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await sale.lines().first().waitFor();
    await expect.poll(() => sale.lines().first().textContent()).toContain('Unsweetened Japanese Green Tea'); // the line shows the name in the UI language;
    // The scan field is empty again and still has the focus.
    await expect.poll(() => sale.scanField().inputValue()).toBe('');
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.quantity().textContent()).toBe('2');
    await wedgeScan(page, DEMO.milk.barcode, null);
    await expect.poll(() => sale.lines().count()).toBe(2);
    const measures = await page.evaluate(() => performance.getEntriesByName('scan:render').map((e) => e.duration));
    expect(measures.length).toBe(3);
    const split = await page.evaluate(() => {
      const at = (n: string) => performance.getEntriesByName(n).map((e) => e.startTime);
      const [s, a, r] = [at('scan:start'), at('scan:answered'), at('scan:rendered')];
      return s.map((t, i) => ({ host: (a[i] ?? t) - t, render: (r[i] ?? t) - (a[i] ?? t) }));
    });
    const parts = measures.map((m, i) => `${m.toFixed(1)} (host ${split[i]!.host.toFixed(1)} + render ${split[i]!.render.toFixed(1)})`);
    console.log(`scan-to-render (ms): ${parts.join(', ')}`);
    // Every scan was measured, each part in order. How fast is the benchmark's business
    // (tests/bench/ui-scan.bench.ts, ratios in one run): a timed assertion here failed on busy CI machines.
    expect(split.every((x) => x.host >= 0 && x.render >= 0)).toBe(true);
  });

  it('keys a barcode by hand and finds products by name (F2)', async () => {
    const { page } = till;
    const { sale } = ui;
    await sale.scanField().pressSequentially(DEMO.cola.barcode, { delay: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.lines().count()).toBe(3);
    await page.keyboard.press('F2');
    await sale.searchField().fill('烏龍');
    await sale.searchResults().first().waitFor();
    await shot(page, '03-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.lines().count()).toBe(4);
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
  });

  it('attaches a member from the app code (member prices apply)', async () => {
    const { page } = till;
    const { sale } = ui;
    const before = await sale.total().textContent();
    await wedgeScan(page, demoMemberToken('M0001'));
    await expect.poll(() => sale.memberPanel().textContent()).toContain('李小華');
    await expect.poll(() => sale.total().textContent()).not.toBe(before);
    await shot(page, '02-sale');
  });

  it('needs a manager for a discount above the limit, then applies it', async () => {
    const { page } = till;
    const { sale, dialogs } = ui;
    const before = await sale.total().textContent();
    await page.keyboard.press('F6');
    const dialog = dialogs.discount();
    await dialog.waitFor();
    await dialogs.discountValue().fill('20');
    await dialogs.applyDiscount().click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approvalSummary().textContent()).toMatch(/20 % off the whole sale/);
    await expect.poll(() => dialogs.approval().textContent()).toContain('A discount above the limit');
    await shot(page, '05-approval');
    // A wrong PIN is refused and the dialog asks again.
    await approve(page, { staffId: DEMO.manager.staffId, pin: '0000' });
    await dialogs.approvalError().waitFor();
    await approve(page, DEMO.manager);
    await dialogs.approval().waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sale.total().textContent()).not.toBe(before);
    const approvals = [...till.runtime.store.entries()].filter((e) => e.kind === 'approval');
    expect(approvals.at(-1)?.body).toMatchObject({ action: 'sale.discount.large', approverId: 'S003', requesterId: 'S001' });
  });

  it('takes cash with a quick amount, shows the change and prints the receipt', async () => {
    const { page, printer } = till;
    const { sale, payment, receipt } = ui;
    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    const due = Number((await payment.due().textContent())!.replace(/[^\d]/g, ''));
    await payment.quickCash('$1,000').click();
    await payment.change().waitFor();
    await expect.poll(() => payment.change().textContent()).toBe(`$${(1000 - due).toLocaleString('en')}`);
    await shot(page, '04-tender');
    await page.keyboard.press('F9');
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.state()).toBe('printed');
    await expect.poll(() => receipt.change().textContent()).toBe(`$${(1000 - due).toLocaleString('en')}`);
    await receipt.showReceipt().click();
    await receiptPreview(receipt.dialog()).waitFor();
    await shot(page, '06-receipt-printed');
    expect(printer.printed).toHaveLength(1);
    const doc = printer.printed[0]!;
    expect(doc.kind).toBe('sale');
    expect(doc.lines.some((l) => l.type === 'pair' && /^1,?000$/.test(l.right))).toBe(true);
    expect(till.drawer.opens).toBeGreaterThanOrEqual(2);
    // The next scan closes the receipt and starts the next sale.
    await wedgeScan(page, DEMO.oolong.barcode);
    await receipt.dialog().waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().count()).toBe(1);
  });

  it('pays by card with reference and last four digits, split with cash', async () => {
    const { page, printer } = till;
    const { sale, payment, receipt } = ui;
    await sale.pay().click();
    await payment.tab('card').click();
    await payment.cardAmount().fill('10');
    await payment.cardReference().fill('A1B2C3');
    await payment.cardLast4().fill('4242');
    await page.keyboard.press('Enter');
    await expect.poll(() => payment.due().textContent()).toBe('$19');
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    expect(printer.printed).toHaveLength(2);
    expect(JSON.stringify(printer.printed[1]!.lines)).toContain('****4242');
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('opens the drawer without a sale, with a reason and a manager for a cashier', async () => {
    const { page, drawer } = till;
    const { dialogs, app } = ui;
    const opens = drawer.opens;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.noSale').click();
    await dialogs.noSale().waitFor();
    await dialogs.button(dialogs.noSale(), 'noSale.confirm').click();
    await approve(page, DEMO.supervisor);
    await app.infoNotices().filter({ hasText: 'Drawer opened.' }).waitFor();
    expect(drawer.opens).toBe(opens + 1);
    const noSale = [...till.runtime.store.entries()].filter((e) => e.kind === 'no-sale').at(-1);
    expect(noSale?.body).toMatchObject({ reason: 'change-for-customer' });
  });

  it('finds 烏龍茶 by the initials of its pinyin (F2, wlc) and adds it', async () => {
    const { page } = till;
    const { sale } = ui;
    await page.keyboard.press('F2');
    // Typed key by key, as a cashier would: every keystroke searches.
    await sale.searchField().pressSequentially('wlc', { delay: 40 });
    // 原萃鐵觀音烏龍茶 580ml, shown by its English name in an English UI.
    await expect.poll(() => sale.searchResults().first().textContent()).toContain('Tieguanyin Oolong Tea');
    await page.keyboard.press('Enter');
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expect.poll(() => sale.lines().first().textContent()).toContain('Tieguanyin Oolong Tea');
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
  });
});
