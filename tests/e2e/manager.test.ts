// What needs a manager, end to end: a return without a receipt (approved, refunded in cash,
// its receipt owed like any other), a member looked up by hand (approved and flagged), the
// e-receipt sent to the member on file, the period report after a Z; then the idle auto-lock
// on a till configured with a short timeout, unlocked with the PIN and the sale still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, activeId, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { DEMO_CONFIG } from '../../host/config.ts';

let staticDir: string;
let till: Till;

/** Whole dollars as the screens show them in English: $1,234 and -$51. */
const twd = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en')}`;
const entries = (kind: string) => [...till.runtime.store.entries()].filter((e) => e.kind === kind);

beforeAll(async () => {
  staticDir = await buildRenderer();
  // E-mail receipts on; the idle lock off here (this till is driven with pauses between steps).
  till = await startTill(staticDir, { config: { receipt: { ...DEMO_CONFIG.receipt, emailEnabled: true }, session: { idleLockSeconds: 0 } } });
  await till.page.getByTestId('lang-en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 2, 100: 5 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('manager approvals and reports', () => {
  it('returns items without a receipt: scanned and searched, a manager approves, refund in cash with a return receipt', async () => {
    const { page, printer, drawer } = till;
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('returns-screen').waitFor();
    await page.getByTestId('return-no-receipt').click();
    await page.getByTestId('no-receipt-return').waitFor();
    // Keyboard first: the search field has the focus, and a scan lands wherever the focus is.
    await expect.poll(() => page.evaluate<string | null>('document.activeElement && document.activeElement.getAttribute("data-testid")')).toBe('search-input');
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => page.getByTestId('no-receipt-line').count()).toBe(1);
    await page.getByTestId('no-receipt-plus').first().click();
    await expect.poll(() => page.getByTestId('no-receipt-qty').first().textContent()).toBe('2');
    await page.getByTestId('search-input').fill('烏龍');
    await page.getByTestId('search-result').first().waitFor();
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('no-receipt-line').count()).toBe(2);
    await expect.poll(() => page.getByTestId('refund-total').textContent()).toBe(`$${DEMO.greenTea.price * 2 + DEMO.oolong.price}`);
    await shot(page, '30-return-no-receipt');
    const opens = drawer.opens;
    await page.getByTestId('return-complete').click();
    await page.getByTestId('approval-dialog').waitFor();
    await expect.poll(() => page.getByTestId('approval-summary').textContent()).toMatch(/Return without a receipt: 3 item\(s\), \$79 back in cash/);
    await shot(page, '31-return-no-receipt-approval');
    await approve(page, DEMO.manager);
    await page.getByTestId('receipt-panel').waitFor();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    await expect.poll(() => page.getByTestId('receipt-panel').textContent()).toContain('Return complete');
    expect(printer.printed.at(-1)?.kind).toBe('return');
    expect(drawer.opens).toBe(opens + 1);
    const ret = entries('return').at(-1)!;
    expect(ret.body).toMatchObject({ withReceipt: false, total: 79, refunds: [{ type: 'cash', amount: 79 }], reason: 'damaged' });
    expect(entries('approval').at(-1)?.body).toMatchObject({ action: 'return.without-receipt', approverId: 'S003', requesterId: 'S001' });
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
    await page.getByTestId('sale-screen').waitFor();
    await expect.poll(() => activeId(page)).toBe('scan-input');
  });

  it('looks a member up by hand only with a manager’s approval, and flags it on the sale', async () => {
    const { page } = till;
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
    await page.keyboard.press('F4');
    await page.getByTestId('member-dialog').waitFor();
    await page.getByTestId('member-input').fill('M0001');
    await page.getByTestId('member-manual').click();
    await page.getByTestId('approval-dialog').waitFor();
    await expect.poll(() => page.getByTestId('approval-dialog').textContent()).toMatch(/M0001/);
    await approve(page, DEMO.supervisor);
    await page.getByTestId('member-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('member-name').textContent()).toContain('李小華');
    const flag = page.getByTestId('member-verification');
    await expect.poll(() => flag.getAttribute('data-verification')).toBe('manual');
    await expect.poll(() => flag.getAttribute('class')).toContain('warn');
    await expect.poll(() => flag.textContent()).toBe('looked up by hand');
    await shot(page, '32-member-manual');
    expect(entries('approval').at(-1)?.body).toMatchObject({ action: 'member.manual', approverId: 'S002', requesterId: 'S001', subject: { memberId: 'M0001' } });
  });

  it('sends the e-receipt to the member’s e-mail on file when the printer fails', async () => {
    const { page, printer } = till;
    printer.setFault('paper-out');
    await page.keyboard.press('F8');
    await page.getByTestId('cash-exact').click();
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt-panel').waitFor();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('failed');
    await page.getByTestId('receipt-email').click();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('electronic');
    await expect.poll(() => page.getByTestId('receipt-emailed').textContent()).toBe('E-receipt sent to the member’s e-mail on file.');
    await shot(page, '33-e-receipt-email');
    expect(entries('receipt-issued').at(-1)?.body).toMatchObject({ channel: 'electronic', electronicReason: 'printer-failed', destination: 'member-email:M0001' });
    printer.setFault(null);
    await page.keyboard.press('Escape');
    await page.getByTestId('receipt-panel').waitFor({ state: 'detached' });
  });

  it('shows the period report after a Z, to a manager only', async () => {
    const { page } = till;
    // End of shift: count the drawer (co-signed if over or short), then the manager closes the day.
    await page.keyboard.press('F10');
    await page.getByTestId('fn-closeDrawer').click();
    await page.getByTestId('drawer-count').waitFor();
    await page.getByTestId('count-1000').fill('2');
    await page.getByTestId('count-submit').click();
    const closed = page.getByTestId('drawer-closed');
    await closed.waitFor();
    const cosign = closed.getByRole('button', { name: 'Co-sign' });
    if ((await cosign.count()) > 0) {
      await cosign.click();
      await approve(page, DEMO.manager);
    } else {
      await closed.getByRole('button', { name: /Close|Done|OK/ }).first().click();
    }
    await closed.waitFor({ state: 'detached' });
    await page.keyboard.press('F10');
    await page.getByTestId('fn-zReport').click();
    await page.getByTestId('z-confirm').getByRole('button', { name: 'Close the day' }).click();
    await approve(page, DEMO.manager);
    await page.getByTestId('z-report').waitFor();
    await page.getByTestId('z-report').getByRole('button', { name: 'Close' }).click();
    const z = till.runtime.store.lastZReport()!;
    const zBody = z.body as { zNo: number; businessDay: string; totals: { keys: Record<string, { amount: number }>; grand: { perpetual: number } } };

    // A cashier may not read it.
    await page.keyboard.press('F10');
    await page.getByTestId('fn-periodReport').click();
    await page.getByTestId('period-report').waitFor();
    await expect.poll(() => page.getByTestId('period-error').textContent()).toMatch(/not allowed/);
    await page.keyboard.press('Escape');
    await page.getByTestId('period-report').waitFor({ state: 'detached' });

    await page.keyboard.press('F10');
    await page.getByTestId('fn-switch').click();
    await page.getByTestId('login-form').waitFor();
    await login(page, DEMO.manager);
    await page.keyboard.press('Control+p');
    const dialog = page.getByTestId('period-report');
    await dialog.waitFor();
    // This month by default; the day just closed may be last month's when the Z ran on the 1st before dawn.
    const from = await page.getByTestId('period-from').inputValue();
    if (zBody.businessDay < from) {
      await page.getByTestId('period-from').fill(zBody.businessDay);
      await page.getByTestId('period-show').click();
    }
    await page.getByTestId('period-result').waitFor();
    await expect.poll(() => page.getByTestId('period-z-count').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('period-z-range').textContent()).toBe(`#${zBody.zNo} to #${zBody.zNo}`);
    const sales = zBody.totals.keys.sales?.amount ?? 0;
    const returns = zBody.totals.keys.returns?.amount ?? 0;
    expect(returns).toBe(79);
    await expect.poll(() => page.getByTestId('period-net').textContent()).toBe(twd(sales - returns));
    await expect.poll(() => page.getByTestId('period-perpetual').textContent()).toBe(twd(zBody.totals.grand.perpetual));
    await expect.poll(() => page.getByTestId('period-returns:no-receipt').textContent()).toMatch(/Returns without a receipt\s*1\s*\$79/);
    await expect.poll(() => page.getByTestId('period-sales').textContent()).toContain('Sales');
    await shot(page, '34-period-report');
    // Dates follow the screen language.
    await expect.poll(() => dialog.textContent()).toMatch(/\w+ \d{1,2}, \d{4} to \w+ \d{1,2}, \d{4}/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('idle auto-lock', () => {
  let idle: Till;

  afterAll(async () => {
    await idle?.close();
  });

  it('locks after the configured quiet time, keeps the sale, and unlocks with the PIN', async () => {
    idle = await startTill(staticDir, { config: { session: { idleLockSeconds: 2 } } });
    const { page, runtime } = idle;
    await page.getByTestId('lang-en').click();
    await login(page, DEMO.cashier);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await wedgeScan(page, DEMO.oolong.barcode);
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(2);
    await page.getByTestId('lock-screen').waitFor({ timeout: 6000 });
    await expect((await runtime.handlers['session.state']({})).locked).toBe(true);
    await expect.poll(() => page.getByTestId('lock-screen').textContent()).toContain('A sale with 2 line(s) is waiting.');
    await shot(page, '35-idle-locked');
    await page.getByTestId('lock-pin').fill(DEMO.cashier.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-screen').waitFor();
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(2);
    await expect.poll(() => activeId(page)).toBe('scan-input');
  });

  it('does not lock while a payment is being typed in, then locks once it is cleared', async () => {
    const { page } = idle;
    await expect.poll(() => activeId(page)).toBe('scan-input');
    await page.keyboard.press('Delete');
    await page.getByTestId('void-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('void-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('F8');
    await page.getByTestId('tender-panel').waitFor();
    const cash = page.getByTestId('cash-input');
    await cash.fill('5');
    await page.waitForTimeout(3500);
    await expect.poll(() => page.getByTestId('lock-screen').count()).toBe(0);
    // Typed away again: Delete deletes in a payment field (from the scan field it removes a line).
    await cash.press('Home');
    await cash.press('Delete');
    await expect.poll(() => cash.inputValue()).toBe('');
    await page.getByTestId('lock-screen').waitFor({ timeout: 6000 });
    await page.getByTestId('lock-pin').fill(DEMO.cashier.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-screen').waitFor();
    // Still at the payment step with the same sale.
    await expect.poll(() => page.getByTestId('sale-screen').getAttribute('data-sale-status')).toBe('tendering');
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(2);
  });
});
