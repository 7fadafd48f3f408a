// What needs a manager, end to end: a return without a receipt (approved, refunded in cash,
// its receipt owed like any other), a member looked up by hand (approved and flagged), the
// e-receipt sent to the member on file, the period report after a Z; then the idle auto-lock
// on a till configured with a short timeout, unlocked with the PIN and the sale still there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { hasFocus, tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';
import { DEMO_CONFIG } from '../../host/config.ts';
import { readFileSync } from 'node:fs';
import { words } from './pages/ui-words.ts';

let staticDir: string;
let till: Till;
let ui: TillPages;

/** Whole dollars as the screens show them in English: $1,234 and -$51. */
const twd = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en')}`;
const entries = (kind: string) => [...till.runtime.store.entries()].filter((e) => e.kind === kind);

beforeAll(async () => {
  staticDir = await buildRenderer();
  // E-mail receipts on; the idle lock off here (this till is driven with pauses between steps).
  till = await startTill(staticDir, {
    config: { receipt: { ...DEMO_CONFIG.receipt, emailEnabled: true }, session: { idleLockSeconds: 0 } },
  });
  ui = tillPages(till.page);
  await ui.app.language('en').click();
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
    const { app, returns, sale, dialogs, receipt } = ui;
    await app.nav('nav.returns').click();
    await returns.screen().waitFor();
    await returns.withoutReceipt().click();
    await returns.noReceiptTable().waitFor();
    // Keyboard first: the search field has the focus, and a scan lands wherever the focus is.
    await expect.poll(() => hasFocus(sale.searchField())).toBe(true);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => returns.noReceiptLines().count()).toBe(1);
    await returns.more(returns.noReceiptLines().first()).click();
    await expect.poll(() => returns.returning(returns.noReceiptLines().first()).textContent()).toBe('2');
    await sale.searchField().fill('烏龍');
    await sale.searchResults().first().waitFor();
    await sale.searchField().press('Enter');
    await expect.poll(() => returns.noReceiptLines().count()).toBe(2);
    await expect.poll(() => returns.refundTotal().textContent()).toBe(`$${DEMO.greenTea.price * 2 + DEMO.oolong.price}`);
    await shot(page, '30-return-no-receipt');
    const opens = drawer.opens;
    await returns.complete().click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approvalSummary().textContent()).toMatch(/Return without a receipt: 3 item\(s\), \$79 back in cash/);
    await shot(page, '31-return-no-receipt-approval');
    await approve(page, DEMO.manager);
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.state()).toBe('printed');
    await expect.poll(() => receipt.dialog().textContent()).toContain('Return complete');
    expect(printer.printed.at(-1)?.kind).toBe('return');
    expect(drawer.opens).toBe(opens + 1);
    const ret = entries('return').at(-1)!;
    expect(ret.body).toMatchObject({ withReceipt: false, total: 79, refunds: [{ type: 'cash', amount: 79 }], reason: 'damaged' });
    expect(entries('approval').at(-1)?.body).toMatchObject({ action: 'return.without-receipt', approverId: 'S003', requesterId: 'S001' });
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
    await sale.screen().waitFor();
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
  });

  it('looks a member up by hand only with a manager’s approval, and flags it on the sale', async () => {
    const { page } = till;
    const { sale, dialogs } = ui;
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F4');
    await dialogs.member().waitFor();
    await dialogs.memberCode().fill('M0001');
    await dialogs.memberByNumber().click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approval().textContent()).toMatch(/M0001/);
    await approve(page, DEMO.supervisor);
    await dialogs.member().waitFor({ state: 'detached' });
    await expect.poll(() => sale.memberPanel().textContent()).toContain('李小華');
    const flag = sale.memberVerification();
    await expect.poll(() => flag.getAttribute('data-verification')).toBe('manual-lookup');
    await expect.poll(() => flag.getAttribute('class')).toContain('warn');
    await expect.poll(() => flag.textContent()).toBe('looked up by hand');
    await shot(page, '32-member-manual');
    expect(entries('approval').at(-1)?.body).toMatchObject({
      action: 'member.manual',
      approverId: 'S002',
      requesterId: 'S001',
      subject: { memberId: 'M0001' },
    });
  });

  it('sends the e-receipt to the member’s e-mail on file when the printer fails', async () => {
    const { page, printer } = till;
    const { payment, receipt } = ui;
    printer.setFault('paper-out');
    await page.keyboard.press('F8');
    await payment.exactCash().click();
    await payment.complete().click();
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.state()).toBe('failed');
    await receipt.email().click();
    await expect.poll(() => receipt.state()).toBe('electronic');
    await expect.poll(() => receipt.status().textContent()).toBe('✓ E-receipt sent to the member’s e-mail on file.');
    await shot(page, '33-e-receipt-email');
    expect(entries('receipt-issued').at(-1)?.body).toMatchObject({
      channel: 'electronic',
      electronicReason: 'printer-failed',
      destination: 'member-email:M0001',
    });
    printer.setFault(null);
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('shows the period report after a Z, to a manager only', async () => {
    const { page } = till;
    const { dialogs, manager } = ui;
    // End of shift: count the drawer (co-signed if over or short), then the manager closes the day.
    await page.keyboard.press('F10');
    await dialogs.fn('fn.closeDrawer').click();
    await manager.drawerCount().waitFor();
    await manager.countOf(1000).fill('2');
    await manager.submitCount().click();
    const closed = manager.drawerClosed();
    await closed.waitFor();
    const cosign = manager.cosign();
    if ((await cosign.count()) > 0) {
      await cosign.click();
      await approve(page, DEMO.manager);
    } else {
      await manager.closeDrawerClosed().click();
    }
    await closed.waitFor({ state: 'detached' });
    await page.keyboard.press('F10');
    await dialogs.fn('fn.zReport').click();
    await manager.closeTheDay().click();
    await approve(page, DEMO.manager);
    await manager.zReport().waitFor();
    const z = till.runtime.store.lastZReport()!;
    const zBody = z.body as {
      zNo: number;
      businessDay: string;
      totals: { keys: Record<string, { amount: number }>; grand: { perpetual: number } };
    };
    // The day closed before midnight: the Z says where sales go now, and the status bar keeps saying it.
    const nextDay = new Date(Date.parse(`${zBody.businessDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await expect.poll(() => manager.zReport().textContent()).toMatch(mentions('z.nextDay', { day: nextDay }));
    await manager.closeZReport().click();
    await expect.poll(() => ui.app.earlyZ().textContent()).toMatch(mentions('status.afterEarlyZ', { day: zBody.businessDay }));

    // A cashier may not read it.
    await page.keyboard.press('F10');
    await dialogs.fn('fn.periodReport').click();
    await manager.periodReport().waitFor();
    await expect.poll(() => manager.periodError().textContent()).toMatch(/not allowed/);
    await page.keyboard.press('Escape');
    await manager.periodReport().waitFor({ state: 'detached' });

    await page.keyboard.press('F10');
    await dialogs.fn('fn.switch').click();
    await ui.login.form().waitFor();
    await login(page, DEMO.manager);
    await page.keyboard.press('Control+p');
    const dialog = manager.periodReport();
    await dialog.waitFor();
    // This month by default; the day just closed may be last month's when the Z ran on the 1st before dawn.
    const from = await manager.periodFrom().inputValue();
    if (zBody.businessDay < from) {
      await manager.periodFrom().fill(zBody.businessDay);
      await manager.showPeriod().click();
    }
    await manager.periodFigure('period.zCount').waitFor();
    await expect.poll(() => manager.periodFigure('period.zCount').textContent()).toBe('1');
    await expect.poll(() => manager.periodFigure('period.zRange').textContent()).toBe(`#${zBody.zNo} to #${zBody.zNo}`);
    const sales = zBody.totals.keys.sales?.amount ?? 0;
    const returns = zBody.totals.keys.returns?.amount ?? 0;
    expect(returns).toBe(79);
    await expect.poll(() => manager.periodFigure('period.net').textContent()).toBe(twd(sales - returns));
    await expect.poll(() => manager.periodFigure('period.perpetual').textContent()).toBe(twd(zBody.totals.grand.perpetual));
    await expect.poll(() => manager.periodLine('returns:no-receipt').textContent()).toMatch(/Returns without a receipt\s*1\s*\$79/);
    await expect.poll(() => manager.periodLine('sales').textContent()).toContain('Sales');
    await shot(page, '34-period-report');
    // Saved for a spreadsheet: the lines by name (the cashier by name too), amounts as plain numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: words('period.export') }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toMatch(/^\ufeff?.*\r\n/);
    expect(csv).toContain(`\r\nSales,`);
    expect(csv).toMatch(/\r\nReturns without a receipt,1,79\r\n/);
    expect(csv, csv).toMatch(/\r\n[^,\r\n]+ \(S00\d\),\d+,-?\d+\r\n/);
    expect(csv).not.toMatch(/(?:^|\r\n)(?:returns:no-receipt|cashier:S001|tender:cash),/);
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
    const { app, sale } = tillPages(page);
    await app.language('en').click();
    await login(page, DEMO.cashier);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.oolong.barcode);
    await expect.poll(() => sale.lines().count()).toBe(2);
    await app.lockScreen().waitFor({ timeout: 6000 });
    await expect((await runtime.handlers['session.state']({})).locked).toBe(true);
    await expect.poll(() => app.lockScreen().textContent()).toContain('A sale with 2 line(s) is waiting.');
    await shot(page, '35-idle-locked');
    await app.lockPin().fill(DEMO.cashier.pin);
    await page.keyboard.press('Enter');
    await sale.screen().waitFor();
    await expect.poll(() => sale.lines().count()).toBe(2);
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
  });

  it('does not lock while a payment is being typed in, then locks once it is cleared', async () => {
    const { page } = idle;
    const { app, sale, dialogs, payment } = tillPages(page);
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    await page.keyboard.press('Delete');
    await dialogs.voidLine().waitFor();
    await page.keyboard.press('Escape');
    await dialogs.voidLine().waitFor({ state: 'detached' });
    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    const cash = payment.cashReceived();
    await cash.fill('5');
    await page.waitForTimeout(3500);
    await expect.poll(() => app.lockScreen().count()).toBe(0);
    // Typed away again: Delete deletes in a payment field (from the scan field it removes a line).
    await cash.press('Home');
    await cash.press('Delete');
    await expect.poll(() => cash.inputValue()).toBe('');
    await app.lockScreen().waitFor({ timeout: 6000 });
    await app.lockPin().fill(DEMO.cashier.pin);
    await page.keyboard.press('Enter');
    await sale.screen().waitFor();
    // Still at the payment step with the same sale.
    await expect.poll(() => sale.status()).toBe('tendering');
    await expect.poll(() => sale.lines().count()).toBe(2);
  });
});
