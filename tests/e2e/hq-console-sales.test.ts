// The HQ console's Sales page in Chromium against a real HQ on PostgreSQL holding simulated days
// synced from real terminal ledgers: a regional manager sees only their stores' figures, the CSV
// download carries the right totals (with its BOM, cells quoted), the charts are labelled for
// a screen reader, and a figure drills down to the entries (terminal, seq, hash) and Z report behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningHq } from '../../hq/server.ts';
import { HttpHqClient } from '../../platform/hq-client.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq, waitFor, type TestTerminal } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { PLAIN_SALE_TOTAL, SALES_DAY, simulateSalesDay } from '../helpers/sales-day.ts';
import { buildConsole, closeBrowser, sharedBrowser, shot } from './harness.ts';

const postgres = usePostgres();
const PASSWORD = 'a long enough password';
const DAY = '2026-11-20';
let hq: RunningHq;
let consoleDir: string;
let zSeq = 0;
const terminals: TestTerminal[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function push(t: TestTerminal): Promise<void> {
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  const head = t.store.head().seq;
  await waitFor(async () => (await hqSummary(postgres.pool, t.terminalId)).lastSeq === head, 20_000, `${t.terminalId} at HQ`);
}

async function openSales(username: string): Promise<Page> {
  const context = await (
    await sharedBrowser()
  ).newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'Asia/Taipei',
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${hq.url}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sales', exact: true }).click();
  await page.getByRole('heading', { name: 'Sales', exact: true }).waitFor();
  // The simulated day, against the day before it.
  await page.getByLabel('From', { exact: true }).fill(DAY);
  await page.getByLabel('To', { exact: true }).fill(DAY);
  return page;
}

async function show(page: Page, dimension: string): Promise<void> {
  await page.getByLabel('By', { exact: true }).selectOption({ label: dimension });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByRole('table', { name: `Sales by ${dimension}` }).waitFor();
}

/** RFC 4180 rows (quoted cells with doubled quotes), as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

const rowKeys = (page: Page, table: string) => page.getByRole('table', { name: table }).locator('tbody th[scope="row"]').allTextContents();

beforeAll(async () => {
  consoleDir = await buildConsole();
  hq = await startTestHq(postgres.pool, {}, { consoleDir });
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
  ] as const) {
    const t = openTestTerminal(id, store);
    terminals.push(t);
    await enroll(hq, t);
  }
  const [t1, t2] = terminals as [TestTerminal, TestTerminal];
  sell(t1, 1, { day: '2026-11-19' });
  zSeq = simulateSalesDay(t1, DAY);
  sell(t2, 2, { day: DAY });
  await push(t1);
  await push(t2);
  for (const [username, role, stores] of [
    ['aud', 'auditor', []],
    ['rm1', 'regional-manager', ['S-1']],
  ] as const)
    await hq.service.users.add(
      { username, displayName: username.toUpperCase(), role, stores: [...stores], password: PASSWORD, totp: false },
      'test',
    );
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await closeBrowser();
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

describe('HQ console: sales', () => {
  it('a regional manager sees only their store’s figures, against the previous day', async () => {
    const page = await openSales('rm1');
    await show(page, 'Store');
    expect(await rowKeys(page, 'Sales by Store')).toEqual(['S-1 TWD']);
    const s1 = page.getByRole('table', { name: 'Sales by Store' }).getByRole('row', { name: /S-1/ });
    expect(await s1.getByRole('button', { name: /^Net of S-1/ }).textContent()).toBe(String(SALES_DAY.netTotal));
    // The previous period is 11-19: one plain sale.
    expect(await s1.getByRole('cell').nth(5).textContent()).toBe(new Intl.NumberFormat('en-US').format(PLAIN_SALE_TOTAL));
    expect(await page.locator('.sales-summary').textContent()).toContain('previous period (2026-11-19 to 2026-11-19)');
    // The store filter offers only S-1.
    expect(await page.getByLabel('Store', { exact: true }).locator('option').allTextContents()).toEqual(['All your stores', 'S-1']);
    // Exceptions of S-1's cashiers only (T-2 has none anyway), as a labelled chart and a table.
    const chart = page.getByRole('img', { name: /^Exceptions by cashier:/ });
    expect(await chart.getAttribute('aria-label')).toContain('staff-2: Voids 2');
    await shot(page, 'hq-console-sales');

    // The PDF HQ draws carries the same figures, for S-1 only.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`sales-store-${DAY}-${DAY}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', (await download.path())!, '-'], { encoding: 'utf8' });
    const fmt = new Intl.NumberFormat('en-US');
    expect(text).toContain('Sales report');
    expect(text).toContain('Stores: S-1');
    expect(text).toContain(`Period: ${DAY} – ${DAY}`);
    expect(text).toMatch(new RegExp(`S-1\\s+TWD\\s.*\\s${fmt.format(SALES_DAY.netTotal)}\\s+${fmt.format(PLAIN_SALE_TOTAL)}\\s`));
    expect(text).not.toContain('S-2');

    // Its Stores page: T-1 was pushed by a client that sends no report, shown as not reported.
    await page.getByRole('button', { name: 'Stores' }).click();
    const row = page.getByRole('table', { name: 'Terminals of store S-1' }).getByRole('row', { name: /T-1/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('not reported');
    expect(await page.getByRole('table', { name: 'Terminals of store S-2' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('exports the figures as CSV with the right totals, a BOM for Excel, and a name with a comma quoted', async () => {
    const page = await openSales('aud');
    await show(page, 'Department');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`sales-department-${DAY}-${DAY}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [head, ...rows] = parseCsv(text);
    expect(head!.join(',')).toBe(
      'Department,Currency,Sales (count),Sales,Returns (count),Returns,Post-voids (count),Post-voids,Net,Previous period,Change (%)',
    );
    const net = Object.fromEntries(rows.map((r) => [r[0]!, Number(r[8])]));
    // The helper's plain sales (T-2's and B) have no department; the order discount is its own line.
    expect(net).toEqual({
      tea: SALES_DAY.department.tea,
      bakery: SALES_DAY.department.bakery,
      'Order discounts, tax and rounding': SALES_DAY.department['(order-level)'],
      '(none)': 2 * PLAIN_SALE_TOTAL,
    });
    expect(Object.values(net).reduce((s, n) => s + n, 0)).toBe(SALES_DAY.netTotal + 2 * PLAIN_SALE_TOTAL);
    expect(problems).toEqual([]);
  });

  it('a figure drills down to its entries with terminal, seq, hash and the Z report sealing them; the hour chart is labelled', async () => {
    const page = await openSales('aud');
    await show(page, 'Department');
    await page.getByRole('button', { name: /^Sales of tea: 1,000/ }).click();
    const entries = page.getByRole('table', { name: 'Entries behind the figure' });
    await entries.waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Entries behind: Sales of tea' }).count()).toBe(1);
    const rows = entries.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const [sale, ret] = [rows.nth(0), rows.nth(1)];
    expect(await sale.getByRole('cell').nth(1).textContent()).toBe('T-1');
    const seq = Number((await sale.getByRole('cell').nth(2).textContent())!.slice(1));
    const stored = await postgres.pool.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE terminal_id = $1 AND seq = $2', [
      'T-1',
      seq,
    ]);
    expect(await sale.locator('code').textContent()).toBe(stored.rows[0]!.hash);
    expect(await sale.getByRole('cell').nth(3).textContent()).toBe('Sale');
    expect(await ret.getByRole('cell').nth(3).textContent()).toBe('Return');
    expect(await sale.getByRole('cell').nth(7).textContent()).toBe(`Z 1 (entry ${zSeq})`);

    // A cashier's voids drill down as well.
    await page.getByRole('button', { name: /^Voids of staff-2: 2/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Entries behind: Voids of staff-2' }).count()).toBe(1);
    await expect.poll(() => entries.locator('tbody tr').count()).toBe(2);

    // The hour chart reads out each hour in the browser's zone (Asia/Taipei).
    await show(page, 'Hour');
    const hours = await page.getByRole('img', { name: /^Net sales by hour:/ }).getAttribute('aria-label');
    const fmt = new Intl.NumberFormat('en-US');
    // Sale A and T-2's two sales at 18:00, sale B at 10:00 voided at 11:00, the return at 19:00.
    expect(hours).toBe(
      `Net sales by hour: 10:00 ${fmt.format(PLAIN_SALE_TOTAL)}; 11:00 ${fmt.format(-PLAIN_SALE_TOTAL)}; ` +
        `18:00 ${fmt.format(1400 + 2 * PLAIN_SALE_TOTAL)}; 19:00 ${fmt.format(-1000)}`,
    );
    await shot(page, 'hq-console-sales-drill');
    expect(problems).toEqual([]);
  });
});
