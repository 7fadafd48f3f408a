// After a restart of the host (issue #15, item 4), in Chromium against the real `tillproof serve`:
// a sale is on the customer display, the host is killed as in a crash and started again on the
// same data folder. The display and the till tab say "Reconnecting to the till…" instead of the
// old sale, find the host again at the same address with the same pairing, and then show what the
// host says: the till is signed out, the display shows no old lines. After the tokens are rotated
// (the host running) both tabs are told to pair again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO, countFloat, login, shot, wedgeScan } from './harness.ts';
import { CLI, buildServedRenderer, killServe, startServe, stopServe, type Served } from './serve-process.ts';
import { CustomerDisplayPage, tillPages, type TillPages } from './pages/index.ts';
import { readPairing } from '../../host/pairing-file.ts';

let dataDir: string;
let served: Served | undefined;
let browser: Browser;
let page: Page;
let display: Page;
let ui: TillPages;
let customer: CustomerDisplayPage;

beforeAll(async () => {
  await buildServedRenderer();
  dataDir = mkdtempSync(join(tmpdir(), 'tillproof-reconnect-'));
  served = await startServe(dataDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Taipei' });
  page = await context.newPage();
  display = await context.newPage();
  // A child host and Chromium share a busy CI machine: each wait is for a condition, with room.
  page.setDefaultTimeout(30_000);
  display.setDefaultTimeout(30_000);
  ui = tillPages(page);
  customer = new CustomerDisplayPage(display);
  await page.goto(served.pairingUrl);
  await display.goto(served.displayUrl);
  await ui.app.language('en').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(served);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the till and its customer display across a restart of the host', () => {
  it('show "Reconnecting", then the live state at the same address: signed out, none of the old lines', { timeout: 180_000 }, async () => {
    await ui.app.language('en').click();
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 1 });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => customer.lines().count()).toBe(2);
    await expect.poll(() => ui.sale.lines().count()).toBe(2);
    const before = served!;

    await killServe(before);
    await customer.reconnecting().waitFor();
    await ui.app.reconnecting().waitFor();
    expect(await customer.lines().count()).toBe(0);
    expect(await ui.sale.lines().count()).toBe(0);
    await shot(display, '60-display-reconnecting');
    await shot(page, '61-till-reconnecting');

    served = await startServe(dataDir, { port: 'remembered' });
    expect(served.pairingUrl).toBe(before.pairingUrl);
    expect(served.displayUrl).toBe(before.displayUrl);

    // The tabs were not reloaded: they found the host again by themselves. The till is signed
    // out (the host says so); the display shows the sale the host recovered from its journal,
    // fetched anew (it showed no lines while the host was down).
    await ui.login.form().waitFor();
    await customer.reconnecting().waitFor({ state: 'detached' });
    await expect.poll(() => customer.lines().count()).toBe(2);
    await shot(display, '62-display-reconnected');

    // Signed in again, the till shows the same recovered sale, marked as resumed.
    await login(page, DEMO.cashier);
    await ui.sale.resumedNotice().waitFor();
    await expect.poll(() => ui.sale.lines().count()).toBe(2);
  });

  it('after a finished sale, the display shows the welcome after a restart, not the last sale', { timeout: 180_000 }, async () => {
    await page.keyboard.press('F8');
    await ui.payment.cashReceived().fill('100');
    await ui.payment.cashReceived().press('Enter');
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    await expect.poll(() => customer.screen().textContent()).toMatch(/54/);

    await killServe(served!);
    await customer.reconnecting().waitFor();
    served = await startServe(dataDir, { port: 'remembered' });
    await customer.reconnecting().waitFor({ state: 'detached' });
    await customer.welcome().waitFor();
    expect(await customer.lines().count()).toBe(0);
    await ui.login.form().waitFor();
  });

  it('after the tokens are rotated on the running host, both tabs are told to pair again', { timeout: 180_000 }, async () => {
    const r = spawnSync(process.execPath, [CLI, 'pairing', 'rotate', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pairingUrl = `http://127.0.0.1:${new URL(served!.pairingUrl).port}/#token=${readPairing(dataDir)!.token}`;
    expect(pairingUrl).not.toBe(served!.pairingUrl);

    await ui.app.pairAgain().waitFor();
    await customer.pairAgain().waitFor();
    expect(await customer.lines().count()).toBe(0);
    await shot(page, '63-till-pair-again');

    // The new address, opened in the same tab, pairs it again.
    await page.goto(pairingUrl);
    await ui.login.form().waitFor();
  });
});
