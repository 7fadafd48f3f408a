// Master data in the HQ console, in Chromium against a real HQ on PostgreSQL and a real till (host,
// SQLite ledger, sync runner): an admin changes a price on the Products page, the till syncs it and
// the next sale is at the new price. Names are shown as text (a product named like an HTML tag
// runs nothing), and a catalog CSV with a bad line is refused whole with the line shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningHq } from '../../hq/server.ts';
import type { CatalogItem } from '../../core/catalog/product.ts';
import type { EntryBody } from '../../core/ledger/bodies.ts';
import { SqliteCatalog } from '../../db/master-data.ts';
import { ean13 } from '../helpers/catalog.ts';
import { removeTerminal, startTestHq, waitFor } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { startSyncingTill, type SyncingTill } from '../helpers/syncing-till.ts';
import { buildConsole, closeBrowser, sharedBrowser, shot } from './harness.ts';

const postgres = usePostgres();
const PASSWORD = 'a long enough password';
const BARCODE = ean13('471999000077');
const XSS = '<img src=x onerror="window.__xss=1">';
let hq: RunningHq;
let consoleDir: string;
let till: SyncingTill | null = null;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

const item = (productId: string, name: string, retail: number, barcodes: string[] = []): CatalogItem => ({
  productId,
  sku: productId.toUpperCase(),
  name,
  names: {},
  department: 'bakery',
  taxClass: 'standard',
  unit: 'each',
  prices: { retail },
  barcodes,
  active: true,
  itemCode: null,
});

async function openConsole(): Promise<Page> {
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${hq.url}/console/`);
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Products' }).click();
  await page.getByRole('heading', { name: 'Products and prices' }).waitFor();
  return page;
}

async function auditOf(action: string): Promise<Record<string, unknown>[]> {
  const r = await postgres.pool.query<{ details: Record<string, unknown> }>(
    `SELECT details FROM hq_user_audit WHERE actor = 'ada' AND action = $1`,
    [action],
  );
  return r.rows.map((x) => x.details);
}

beforeAll(async () => {
  consoleDir = await buildConsole();
  hq = await startTestHq(postgres.pool, {}, { consoleDir });
  await hq.service.masterData.importCatalog(
    [item('p-cake', 'Pineapple cake', 30, [`0${BARCODE}`]), item('p-xss', XSS, 10), item('p-bun', 'Red bean bun', 20)],
    { source: 'test', merge: true },
  );
  await hq.service.users.add(
    { username: 'ada', displayName: 'Ada Admin', role: 'admin', stores: [], password: PASSWORD, totp: false },
    'test',
  );
  // A customer display on a line that is not there: the till reports it to HQ as not working.
  till = await startSyncingTill(hq, 'T-CONSOLE-MD', {
    config: { devices: { pole: { type: 'display', transport: { kind: 'serial', path: '/nonexistent/tty-pole' } } } },
  });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await closeBrowser();
  await till?.runtime.close();
  if (till) removeTerminal(till.terminal);
  await hq?.close();
});

describe('master data in the HQ console', () => {
  it('a price an admin changes in the console reaches the till, which sells at it', async () => {
    const t = till!;
    const retailAtTill = () => new SqliteCatalog(t.runtime.store.database).byId('p-cake')?.prices.retail;
    await waitFor(() => retailAtTill() === 30, 30_000, 'the product from HQ at the till');

    const page = await openConsole();
    await page.getByLabel('Search (id, SKU, name or barcode)').fill('pineapple');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByText('Products 1–1 of 1').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Change price of p-cake' }).click();
    const price = page.getByLabel('New price');
    expect(await price.inputValue()).toBe('30');
    // A price TWD cannot hold is refused with HQ's reason, and nothing is published.
    await price.fill('35.5');
    await page.getByRole('button', { name: 'Publish to the tills' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('is not a price in TWD');
    await price.fill('35');
    await page.getByRole('button', { name: 'Publish to the tills' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Published as version \d+/);
    await expect.poll(() => page.getByRole('row', { name: /p-cake/ }).textContent()).toContain('35');
    await shot(page, 'console-products');

    await waitFor(() => retailAtTill() === 35, 30_000, 'the new price at the till');
    await t.ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    expect(await t.ok('sale.scan', { code: BARCODE, source: 'hid' })).toMatchObject({ total: 35 });
    await t.ok('sale.present');
    await t.ok('sale.addTender', { type: 'card', amount: 35, reference: 'M-1', last4: '4242' });
    expect(await t.ok('sale.complete')).toMatchObject({ total: 35 });
    const sale = [...t.runtime.store.entries()].filter((e) => e.kind === 'sale').at(-1)!.body as unknown as EntryBody<'sale'>;
    expect(sale.lines.map((l) => [l.productId, l.unitPrice])).toEqual([['p-cake', 35]]);

    const audit = await postgres.pool.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM hq_user_audit WHERE actor = 'ada' AND action = 'master-data.price'`,
    );
    expect(audit.rows.map((r) => r.details)).toEqual([expect.objectContaining({ productId: 'p-cake', from: 30, to: 35 })]);
  });

  it('the Stores page shows what the syncing till reported: software version, devices, backlog, and how long ago', async () => {
    const page = await openConsole();
    await page.getByRole('button', { name: 'Stores' }).click();
    const terminals = page.getByRole('table', { name: 'Terminals of store DEMO-STORE' });
    const row = terminals.getByRole('row', { name: /T-CONSOLE-MD/ });
    await row.waitFor();
    // Every entry has gone up (the till syncs every few ms here): the last report leaves nothing behind.
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return row.getByRole('cell').nth(6).textContent();
      })
      .toBe('0');
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(await row.getByRole('cell').nth(4).textContent()).toBe(`tillproof/${version}`);
    const devices = row.getByRole('list', { name: 'Devices of terminal T-CONSOLE-MD' });
    expect(await devices.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Display: (offline|error)/)]);
    expect(await row.getByRole('cell').nth(7).textContent()).toMatch(/^(just now|\d+ min ago)$/);
    // The store's day at a glance: the sale of the first test, and no open cases.
    const today = page.getByRole('definition').first();
    await today.waitFor();
    expect(await page.getByText('Receipts today').locator('xpath=..').locator('dd').textContent()).toMatch(/^\d+$/);
    await shot(page, 'console-stores');
    expect(problems).toEqual([]);
  });

  it('shows a product named like HTML as text, running nothing', async () => {
    const page = await openConsole();
    const row = page.getByRole('row', { name: /p-xss/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe(XSS);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
  });

  it('a catalog file with a bad line is refused whole, showing the line; the fixed file is published', async () => {
    const page = await openConsole();
    const header = 'product_id,sku,name,department,tax_class,unit,price_retail';
    const good = ['p-new1,N1,Taro cake,bakery,standard,each,40', 'p-new2,N2,Egg tart,bakery,standard,each,25'];
    const upload = async (lines: string[]) => {
      await page.getByLabel('Catalog file (CSV, UTF-8)').setInputFiles({
        name: 'catalog.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from([header, ...lines].join('\n')),
      });
      await page.getByRole('button', { name: 'Check and publish' }).click();
    };
    await upload([good[0]!, 'p-new2,N2,Egg tart,bakery,standard,each,twenty']);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Nothing was published: 1 of 2 rows are wrong');
    const errors = page.getByRole('table', { name: 'Wrong lines' });
    expect(await errors.getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe('3');
    expect(await hq.service.masterData.record('product', 'p-new1')).toBeNull();

    await upload(good);
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Published as version \d+: 2 rows, 2 products changed/);
    expect((await hq.service.masterData.record('product', 'p-new2'))?.prices).toEqual({ retail: 25 });
    expect(problems).toEqual([]);
  });
  it('a person added on the Staff page gets a PIN shown once, which opens the till of their store after its sync', async () => {
    const t = till!;
    const page = await openConsole();
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { name: 'Add a person' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Staff number').fill('c-77');
    await form.getByLabel('Name').fill(XSS);
    await form.getByLabel('Store(s), separated by commas, or “all”').fill('DEMO-STORE');
    await form.getByRole('button', { name: 'Add and publish' }).click();
    const shown = page.getByRole('status', { name: 'New PIN' });
    await shown.waitFor();
    const pin = (await shown.locator('.pin').textContent()) ?? '';
    expect(pin).toMatch(/^\d{6}$/);
    expect(await shown.textContent()).toContain(`The PIN for ${XSS} (c-77) is:`);
    await expect.poll(() => page.getByRole('row', { name: /c-77/ }).getByRole('cell').nth(1).textContent()).toBe(XSS);
    expect(await page.locator('img').count()).toBe(0);
    await shot(page, 'console-staff');

    await t.call('session.logout', { reason: 'switch' });
    await waitFor(
      async () => (await t.call('session.login', { method: 'pin', staffId: 'c-77', pin })).ok,
      30_000,
      'the new PIN at the till',
    );
    await t.ok('session.logout', { reason: 'manual' });

    // A PIN reset: the old PIN stops working at the till, the new one works.
    await page.getByRole('button', { name: 'Reset the PIN of c-77' }).click();
    await expect.poll(async () => (await shown.locator('.pin').textContent()) !== pin).toBe(true);
    const next = (await shown.locator('.pin').textContent()) ?? '';
    await waitFor(
      async () => {
        const r = await t.call('session.login', { method: 'pin', staffId: 'c-77', pin: next });
        if (r.ok) await t.ok('session.logout', { reason: 'manual' });
        return r.ok;
      },
      30_000,
      'the reset PIN at the till',
    );
    if (next !== pin) expect((await t.call('session.login', { method: 'pin', staffId: 'c-77', pin })).ok).toBe(false);
    expect(problems).toEqual([]);
  });
  it('an approval limit and a loss-prevention threshold an admin publishes on the Tiers and rules page reach the till', async () => {
    const t = till!;
    const page = await openConsole();
    await page.getByRole('button', { name: 'Tiers and rules' }).click();
    const limits = page.getByRole('form', { name: 'Approval limits' });
    await limits.waitFor();
    // HQ refuses a percentage over 100, naming it in the form; nothing is published.
    const percent = limits.getByLabel('Discounts without approval: up to this share of the sale (%)');
    await percent.fill('120');
    await limits.getByRole('button', { name: 'Publish to the tills' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Approval limits' }).getByRole('alert').textContent())
      .toContain('discountPercent: a percentage from 0 to 100');
    expect(await percent.getAttribute('aria-invalid')).toBe('true');
    await percent.fill('5');
    await limits.getByLabel('Receipt copies without approval').fill('0');
    await limits.getByRole('button', { name: 'Publish to the tills' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Approval limits' }).getByRole('status').textContent())
      .toMatch(/Published as version \d+/);

    const loss = page.getByRole('form', { name: 'Loss-prevention thresholds' });
    await loss.getByRole('group', { name: 'Sales per member per day' }).getByLabel('Most sales per day').fill('1');
    await loss.getByRole('button', { name: 'Publish to the tills' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Loss-prevention thresholds' }).getByRole('status').textContent())
      .toMatch(/Published as version \d+/);
    // The page reloads what is published after a change: wait for that before the screenshot.
    const status = page.getByRole('region', { name: 'Loss-prevention thresholds' }).getByRole('status');
    const version = /version (\d+)/.exec((await status.textContent()) ?? '')![1]!;
    await page.getByText(`Master data version ${version}`).waitFor();
    await page.getByRole('region', { name: 'Approval limits' }).scrollIntoViewIfNeeded();
    await shot(page, 'console-rules');

    // The running till applies both after its sync, with a config-change entry in its ledger.
    await waitFor(
      () => t.runtime.config.lossRules?.memberVelocity.maxSalesPerDay === 1 && t.runtime.config.approvals.freeReprints === 0,
      30_000,
      'the published limits at the till',
    );
    const change = [...t.runtime.store.entries()].filter((e) => e.kind === 'config-change').at(-1)!.body as { section: string };
    expect(change.section).toBe('terminal-config');
    await t.ok('session.login', { method: 'pin', staffId: 'S003', pin: '3333' });
    expect(await t.ok('settings.store')).toMatchObject({ approvals: { discountPercentBp: 500, freeReprints: 0 } });
    await t.ok('session.logout', { reason: 'manual' });
    expect(await auditOf('master-data.loss-rules')).toEqual([
      expect.objectContaining({ changes: { 'memberVelocity.maxSalesPerDay': { from: 3, to: 1 } } }),
    ]);
    expect(problems).toEqual([]);
  }, 90_000);
});
