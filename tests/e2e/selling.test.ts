// Selling end to end: sign-in, float count, wedge scans, search, member code, cash with change,
// the printed receipt, a discount that needs a manager, a no-sale, search by pinyin initials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, activeId, approve, buildRenderer, closeBrowser, countFloat, demoMemberToken, login, shot, startTill, wedgeScan, type Till } from './harness.ts';

let staticDir: string;
let till: Till;

beforeAll(async () => {
  staticDir = await buildRenderer();
  till = await startTill(staticDir);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('selling in the browser', () => {
  it('signs in with staff number and PIN', async () => {
    const { page } = till;
    await page.getByTestId('login-form').waitFor();
    // The demo store is in Taipei: the screens start in its language; this cashier prefers English.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-TW');
    await page.getByTestId('lang-en').click();
    await shot(page, '01-login');
    await page.getByTestId('login-staff').fill(DEMO.cashier.staffId);
    await page.getByTestId('login-pin').fill('0000');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/Wrong staff number, PIN or badge/);
    await login(page, DEMO.cashier);
    await expect.poll(() => page.getByTestId('operator-name').textContent()).toContain('陳怡君');
    await page.getByTestId('drawer-not-open').waitFor();
    await countFloat(page, { 1000: 2, 100: 5, 50: 4, 10: 10 });
    await page.getByTestId('drawer-not-open').waitFor({ state: 'detached' });
  });

  it('adds an item scanned by a keyboard-wedge scanner, rendered within a frame', async () => {
    const { page } = till;
    await expect.poll(() => activeId(page)).toBe('scan-input');
    await wedgeScan(page, DEMO.greenTea.barcode);
    await page.getByTestId('sale-line').first().waitFor();
    await expect.poll(() => page.getByTestId('sale-line').first().textContent()).toContain('Unsweetened Japanese Green Tea') // the line shows the name in the UI language;
    // The scan field is empty again and still has the focus.
    await expect.poll(() => page.getByTestId('scan-input').inputValue()).toBe('');
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => page.getByTestId('line-qty').first().textContent()).toBe('2');
    await wedgeScan(page, DEMO.milk.barcode, null);
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(2);
    const measures = await page.evaluate(() => performance.getEntriesByName('scan:render').map((e) => e.duration));
    expect(measures.length).toBe(3);
    const split = await page.evaluate(() => {
      const at = (n: string) => performance.getEntriesByName(n).map((e) => e.startTime);
      const [s, a, r] = [at('scan:start'), at('scan:answered'), at('scan:rendered')];
      return s.map((t, i) => ({ host: (a[i] ?? t) - t, render: (r[i] ?? t) - (a[i] ?? t) }));
    });
    console.log(`scan-to-render (ms): ${measures.map((m, i) => `${m.toFixed(1)} (host ${split[i]!.host.toFixed(1)} + render ${split[i]!.render.toFixed(1)})`).join(', ')}`);
    // The page's own part (host answer to line in the DOM) must fit a frame with room to spare;
    // generous here because three browsers and three hosts share this machine during the suite.
    expect(Math.max(...split.map((x) => x.render))).toBeLessThan(50);
  });

  it('keys a barcode by hand and finds products by name (F2)', async () => {
    const { page } = till;
    await page.getByTestId('scan-input').pressSequentially(DEMO.cola.barcode, { delay: 60 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(3);
    await page.keyboard.press('F2');
    await page.getByTestId('search-input').fill('烏龍');
    await page.getByTestId('search-result').first().waitFor();
    await shot(page, '03-search');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(4);
    await expect.poll(() => activeId(page)).toBe('scan-input');
  });

  it('attaches a member from the app code (member prices apply)', async () => {
    const { page } = till;
    const before = await page.getByTestId('sale-total').textContent();
    await wedgeScan(page, demoMemberToken('M0001'));
    await expect.poll(() => page.getByTestId('member-name').textContent()).toContain('李小華');
    await expect.poll(() => page.getByTestId('sale-total').textContent()).not.toBe(before);
    await shot(page, '02-sale');
  });

  it('needs a manager for a discount above the limit, then applies it', async () => {
    const { page } = till;
    const before = await page.getByTestId('sale-total').textContent();
    await page.keyboard.press('F6');
    const dialog = page.getByTestId('discount-dialog');
    await dialog.waitFor();
    await page.getByTestId('discount-value').fill('20');
    await page.getByTestId('discount-apply').click();
    await page.getByTestId('approval-dialog').waitFor();
    await expect.poll(() => page.getByTestId('approval-summary').textContent()).toMatch(/20 % off the whole sale/);
    await expect.poll(() => page.getByTestId('approval-dialog').textContent()).toContain('A discount above the limit');
    await shot(page, '05-approval');
    // A wrong PIN is refused and the dialog asks again.
    await approve(page, { staffId: DEMO.manager.staffId, pin: '0000' });
    await page.getByTestId('approval-error').waitFor();
    await approve(page, DEMO.manager);
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sale-total').textContent()).not.toBe(before);
    const approvals = [...till.runtime.store.entries()].filter((e) => e.kind === 'approval');
    expect(approvals.at(-1)?.body).toMatchObject({ action: 'sale.discount.large', approverId: 'S003', requesterId: 'S001' });
  });

  it('takes cash with a quick amount, shows the change and prints the receipt', async () => {
    const { page, printer } = till;
    await page.keyboard.press('F8');
    await page.getByTestId('tender-panel').waitFor();
    const due = Number((await page.getByTestId('due-amount').textContent())!.replace(/[^\d]/g, ''));
    await page.getByTestId('cash-quick-1000').click();
    await page.getByTestId('change-amount').waitFor();
    await expect.poll(() => page.getByTestId('change-amount').textContent()).toBe(`$${(1000 - due).toLocaleString('en')}`);
    await shot(page, '04-tender');
    await page.keyboard.press('F9');
    await page.getByTestId('receipt-panel').waitFor();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    await expect.poll(() => page.getByTestId('receipt-change').textContent()).toBe(`$${(1000 - due).toLocaleString('en')}`);
    await page.getByRole('button', { name: 'Show receipt' }).click();
    await page.getByTestId('receipt-preview').waitFor();
    await shot(page, '06-receipt-printed');
    expect(printer.printed).toHaveLength(1);
    const doc = printer.printed[0]!;
    expect(doc.kind).toBe('sale');
    expect(doc.lines.some((l) => l.type === 'pair' && /^1,?000$/.test(l.right))).toBe(true);
    expect(till.drawer.opens).toBeGreaterThanOrEqual(2);
    // The next scan closes the receipt and starts the next sale.
    await wedgeScan(page, DEMO.oolong.barcode);
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
  });

  it('pays by card with reference and last four digits, split with cash', async () => {
    const { page, printer } = till;
    await page.getByTestId('pay').click();
    await page.getByTestId('tab-card').click();
    await page.getByTestId('card-amount').fill('10');
    await page.getByTestId('card-reference').fill('A1B2C3');
    await page.getByTestId('card-last4').fill('4242');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('due-amount').textContent()).toBe('$19');
    await page.getByTestId('cash-exact').click();
    await page.getByTestId('complete-sale').click();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    expect(printer.printed).toHaveLength(2);
    expect(JSON.stringify(printer.printed[1]!.lines)).toContain('****4242');
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
  });

  it('opens the drawer without a sale, with a reason and a manager for a cashier', async () => {
    const { page, drawer } = till;
    const opens = drawer.opens;
    await page.keyboard.press('F10');
    await page.getByTestId('fn-noSale').click();
    await page.getByTestId('no-sale-dialog').waitFor();
    await page.getByTestId('reason-confirm').click();
    await approve(page, DEMO.supervisor);
    await page.getByTestId('notice-success').filter({ hasText: 'Drawer opened.' }).waitFor();
    expect(drawer.opens).toBe(opens + 1);
    const noSale = [...till.runtime.store.entries()].filter((e) => e.kind === 'no-sale').at(-1);
    expect(noSale?.body).toMatchObject({ reason: 'change-for-customer' });
  });

  it('finds 烏龍茶 by the initials of its pinyin (F2, wlc) and adds it', async () => {
    const { page } = till;
    await page.keyboard.press('F2');
    // Typed key by key, as a cashier would: every keystroke searches.
    await page.getByTestId('search-input').pressSequentially('wlc', { delay: 40 });
    // 原萃鐵觀音烏龍茶 580ml, shown by its English name in an English UI.
    await expect.poll(() => page.getByTestId('search-result').first().textContent()).toContain('Tieguanyin Oolong Tea');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
    await expect.poll(() => page.getByTestId('sale-line').first().textContent()).toContain('Tieguanyin Oolong Tea');
    await expect.poll(() => activeId(page)).toBe('scan-input');
  });
});
