// A new store's first start, as the IT guide sets it up: its own config file with no HQ, an empty
// data folder, `tillproof serve --config FILE` as a real child process, Chromium on the pairing URL.
// The till has no staff: the sign-in screen offers the first administrator (a mismatched PIN is
// refused), who signs in. The catalog is imported with the till stopped, and the first sale is
// rung up; cash is refused on the payment panel before the float is counted, then taken once it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_CONFIG } from '../../host/config.ts';
import { DEMO, countFloat, login, shot, wedgeScan } from './harness.ts';
import { CLI, buildServedRenderer, startServe, stopServe, type Served } from './serve-process.ts';
import { tillPages, type TillPages } from './pages/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = { name: 'Iris Huang', staffId: 'A001', pin: '135790' };

let folder: string;
let dataDir: string;
let configFile: string;
let served: Served | undefined;
let browser: Browser;
let page: Page;
let ui: TillPages;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, TILLPROOF_CONFIG: '' },
  });
}

async function open(): Promise<void> {
  served = await startServe(dataDir, { config: configFile });
  await page.goto(served.pairingUrl);
  await ui.app.language('en').waitFor({ timeout: 60_000 });
  await ui.app.language('en').click();
}

beforeAll(async () => {
  await buildServedRenderer();
  folder = mkdtempSync(join(tmpdir(), 'tillproof-first-start-'));
  dataDir = join(folder, 'till');
  configFile = join(folder, 'till.json');
  // The store's own config: no HQ address, no devices (the emulated printer stands in).
  const { hq: _none, ...config } = { hq: undefined, ...DEMO_CONFIG };
  writeFileSync(configFile, JSON.stringify({ ...config, terminal: { terminalId: 'SHOP-01' } }, null, 2));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: 'Asia/Taipei' })).newPage();
  page.setDefaultTimeout(30_000);
  ui = tillPages(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopServe(served);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('first start without HQ', () => {
  it('offers the first administrator on an empty till, who then signs in', { timeout: 180_000 }, async () => {
    await open();
    await ui.login.firstAdmin().waitFor();
    expect(await ui.login.form().count()).toBe(0);
    await shot(page, '60-first-start-admin');
    await ui.login.createFirstAdmin({ ...ADMIN, pinAgain: '135791' });
    await expect.poll(() => ui.login.firstAdminError().textContent()).toMatch(/not the same/);
    await ui.login.createFirstAdmin(ADMIN);
    await ui.login.form().waitFor();
    await expect.poll(() => ui.login.created().textContent()).toContain('Administrator A001 created');
    expect(await ui.login.firstAdmin().count()).toBe(0);
    expect(await ui.login.staffNumber().inputValue()).toBe('A001');
    await ui.login.pin().fill(ADMIN.pin);
    await ui.login.signIn().click();
    await ui.sale.screen().waitFor();
    await expect.poll(() => ui.app.topBar().textContent()).toContain(ADMIN.name);
  });

  it('keeps the administrator across a restart, imports the catalog, and rings up the first sale', { timeout: 240_000 }, async () => {
    await stopServe(served);
    // IT imports the catalog with the till stopped; staff list shows the administrator.
    const imported = cli('catalog', 'import', join(ROOT, 'host', 'demo', 'catalog.csv'), '--data-dir', dataDir, '--config', configFile);
    expect(imported.status, imported.stderr).toBe(0);
    const listed = cli('staff', 'list', '--data-dir', dataDir, '--config', configFile);
    expect(listed.stdout).toContain('A001\tIris Huang\tadmin\tactive');

    await open();
    await ui.login.form().waitFor();
    expect(await ui.login.firstAdmin().count()).toBe(0);
    await login(page, ADMIN);
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await ui.payment.panel().waitFor();
    // No float yet: said on the payment panel as soon as Cash is chosen, before money is taken.
    await ui.payment.noFloat().waitFor();
    await shot(page, '61-first-sale-no-float');
    await ui.payment.exactCash().click();
    await expect.poll(() => ui.app.errorNotices().first().textContent()).toMatch(/No float has been counted/);
    expect(await ui.payment.tenders().count()).toBe(0);
    // Counted from the bar above the sale, without leaving the payment.
    await countFloat(page, { 1000: 1, 100: 5 });
    await expect.poll(() => ui.payment.noFloat().count()).toBe(0);
    await ui.payment.exactCash().click();
    await ui.payment.complete().click();
    await expect.poll(() => ui.receipt.state()).toBe('printed');
    const receipts = () => readdirSync(served!.receiptsDir).filter((f) => f.endsWith('.txt'));
    await expect.poll(() => receipts().length).toBe(1);
    expect(readFileSync(join(served!.receiptsDir, receipts()[0]!), 'utf8')).toContain('茶裏王日式無糖綠茶');
    await stopServe(served);
    const verified = cli('ledger', 'verify', '--data-dir', dataDir);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });
});
