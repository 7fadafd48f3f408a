// `tillproof serve` exactly as IT or a trainer starts it (a child process on the embedded
// defaults: demo catalog, SQLite ledger, the ESC/POS printer emulator on 127.0.0.1), driven in
// Chromium through the pairing URL it prints: the browser flows (member code, cash with
// change, paper-out then e-receipt, a manager-approved discount, a return by the printed QR, a
// no-sale, the language switch) on the real CLI and the emulated printer. Receipts are read back
// from what the emulator decoded from the driver's bytes; paper-out is raised on its control port.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO, approve, countFloat, demoMemberToken, login, shot, wedgeScan } from './harness.ts';
import { CLI, buildServedRenderer, startServe, stopServe, type Served } from './serve-process.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { sendControl } from '../helpers/printer-control.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function printedReceipts(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
let ui: TillPages;

beforeAll(async () => {
  await buildServedRenderer();
  dataDir = mkdtempSync(join(tmpdir(), 'tillproof-serve-'));
  served = await startServe(dataDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await (await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Taipei' })).newPage();
  ui = tillPages(page);
  // A child `tillproof serve`, its printer emulator and Chromium share a CI machine that may be
  // busy: each wait is for a condition, with room before it counts as a failure.
  page.setDefaultTimeout(30_000);
  await page.goto(served.pairingUrl);
  // The first screen is up before the first test acts on it (the bundle's first load is the slowest step).
  await ui.app.language('en').waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(served);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('tillproof serve with the printer emulator', () => {
  it('sells with a member code and cash; the emulator prints the receipt with the change', async () => {
    await ui.app.language('en').click();
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 1, 100: 10 });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await wedgeScan(page, demoMemberToken('M0001'));
    await expect.poll(() => ui.sale.memberPanel().textContent()).toContain('李小華');
    await page.keyboard.press('F8');
    await ui.payment.cashReceived().fill('100');
    await ui.payment.cashReceived().press('Enter');
    const change = (await ui.payment.change().textContent())!;
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    await shot(page, '20-serve-emulator-printed');
    await expect.poll(() => printedReceipts(served.receiptsDir).length).toBe(1);
    const receipt = printedReceipts(served.receiptsDir)[0]!;
    // The driver sent Big5 in Kanji mode; the emulator decoded it back to the catalog name.
    expect(receipt).toContain('茶裏王日式無糖綠茶');
    // The member (verified by the app code) and their tier are on the receipt.
    expect(receipt).toMatch(/會員 +李小華 Li Hsiao-hua \(member\)/);
    // The store prints in its own language (zh-TW): the change line carries what the screen showed.
    const changeLine = receipt.split('\n').find((l) => l.includes('找零'));
    expect(changeLine).toBeDefined();
    expect(changeLine!.replace(/[^\d]/g, '')).toBe(change.replace(/[^\d]/g, ''));
  });

  it('paper runs out on the emulator: the reason is shown, and the e-receipt discharges the obligation', async () => {
    await ui.receipt.next().click();
    await ui.sale.screen().waitFor();
    expect(await sendControl(served.controlPort, served.controlToken, 'paper-out')).toMatch(/^ok/);
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await ui.payment.exactCash().click();
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('failed');
    await expect.poll(() => ui.receipt.status().textContent()).toMatch(/out of paper/);
    await ui.receipt.electronic().click();
    await expect.poll(() => ui.receipt.state()).toBe('electronic');
    await expect.poll(() => ui.receipt.qr().getAttribute('data-qr')).toMatch(/^TPR1/);
    await shot(page, '21-serve-emulator-e-receipt');
    expect(printedReceipts(served.receiptsDir)).toHaveLength(1);
    expect(await sendControl(served.controlPort, served.controlToken, 'paper-ok')).toMatch(/^ok/);
  });

  it('takes a manager-approved discount, and the emulator prints it', async () => {
    await ui.receipt.next().click();
    await ui.sale.screen().waitFor();
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.quantity().textContent()).toBe('2');
    const before = await ui.sale.total().textContent();
    await page.keyboard.press('F6');
    await ui.dialogs.discountValue().fill('20');
    await ui.dialogs.applyDiscount().click();
    await expect.poll(() => ui.dialogs.approvalSummary().textContent()).toMatch(/20 % off the whole sale/);
    await approve(page, DEMO.manager);
    await ui.dialogs.approval().waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.total().textContent()).not.toBe(before);
    await page.keyboard.press('F8');
    await ui.payment.exactCash().click();
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    await expect.poll(() => printedReceipts(served.receiptsDir).length).toBe(2);
    const receipt = printedReceipts(served.receiptsDir)[1]!;
    // 2 x 25 with 20 % off: 40 to pay, the discount printed as its own line.
    expect(receipt).toMatch(/2 x 25 +50/);
    expect(receipt).toMatch(/合計 TWD +40/);
  });

  it('refunds by scanning the QR code the emulator printed', async () => {
    const printed = printedReceipts(served.receiptsDir)[1]!;
    const qr = /\[QR (TPR1;[^\]]+)\]/.exec(printed)?.[1];
    expect(qr).toMatch(/;N=3;K=sale;/);
    await wedgeScan(page, qr!);
    await ui.returns.screen().waitFor();
    await ui.returns.more(ui.returns.receiptLines().first()).click();
    await expect.poll(() => ui.returns.refundTotal().textContent()).toBe('$20');
    await ui.returns.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    await expect.poll(() => printedReceipts(served.receiptsDir).length).toBe(3);
    expect(printedReceipts(served.receiptsDir)[2]).toMatch(/退貨|Return/);
    await page.keyboard.press('Escape');
    await ui.sale.screen().waitFor();
  });

  it('opens the drawer for a no-sale with a reason and a supervisor', async () => {
    await page.keyboard.press('F10');
    await ui.dialogs.fn('fn.noSale').click();
    await ui.dialogs.noSale().waitFor();
    await ui.dialogs.button(ui.dialogs.noSale(), 'noSale.confirm').click();
    await approve(page, DEMO.supervisor);
    await ui.app.infoNotices().filter({ hasText: 'Drawer opened.' }).waitFor();
  });

  it('switches the screens to 繁體中文 and 简体中文 in settings', async () => {
    await ui.app.nav('nav.settings').click();
    await ui.settings.screen().waitFor();
    await ui.app.language('zh-TW').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-TW');
    await expect.poll(() => ui.app.nav('nav.sale').textContent()).toBe('銷售');
    await shot(page, '22-serve-emulator-zh-tw');
    await ui.app.language('zh-CN').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => ui.app.nav('nav.sale').textContent()).toBe('销售');
    await shot(page, '23-serve-emulator-zh-cn');
    await ui.app.language('en').click();
    await expect.poll(() => ui.app.nav('nav.sale').textContent()).toBe('Sale');
  });

  it('leaves a ledger that verifies after the host stops', async () => {
    await stopServe(served);
    const verify = spawnSync(process.execPath, [CLI, 'ledger', 'verify', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/verified|OK|ok/);
    const exported = spawnSync(process.execPath, [CLI, 'ledger', 'export', '--data-dir', dataDir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const kinds = exported.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    for (const kind of ['sale', 'return', 'approval', 'no-sale', 'receipt-print-failed']) expect(kinds, kind).toContain(kind);
  });
});
