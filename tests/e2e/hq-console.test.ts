// The HQ web console in Chromium against a real HQ on PostgreSQL: HQ serves the built pages under
// /console/; sign-in (wrong password, TOTP, lockout), the stores with their enrolled terminals, a
// regional manager seeing only their store, sign-out, the language switch, and loss prevention
// (cases found by HQ's scan with their evidence, a review recorded, an auditor and a regional manager's view).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningHq } from '../../hq/server.ts';
import type { HqRole } from '../../hq/hq-users.ts';
import { totpCode } from '../../hq/totp.ts';
import { HttpHqClient } from '../../platform/hq-client.ts';
import { scanLossAtHq } from '../../hq/loss-cases.ts';
import { IncidentLog } from '../../hq/incidents.ts';
import { draft, saleBody } from '../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq, waitFor, type TestTerminal } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { buildConsole, closeBrowser, sharedBrowser, shot } from './harness.ts';

const postgres = usePostgres();
const PASSWORD = 'a long enough password';
/** The Chain column among a terminal row's cells (enrolled, last sync, entries, chain, then what the till reported). */
const CHAIN = 3;
let hq: RunningHq;
let consoleDir: string;
let totpSecret: string;
let t2Entries = 0;
const terminals: TestTerminal[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function addUser(username: string, displayName: string, role: HqRole, stores: string[] = [], totp = false): Promise<string | null> {
  const { totpSecret: secret } = await hq.service.users.add({ username, displayName, role, stores, password: PASSWORD, totp }, 'test');
  return secret;
}

/** A fresh browser (its own cookies) on the console's address. */
async function openConsole(locale = 'en-US'): Promise<Page> {
  const context = await (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 800 }, locale, timezoneId: 'Asia/Taipei' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A CSP violation is a console error; a refused request (401 before sign-in) is "Failed to load resource".
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${hq.url}/console/`);
  return page;
}

async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  consoleDir = await buildConsole();
  hq = await startTestHq(postgres.pool, { console: { lockoutFailures: 3, lockoutMinutes: 15 } }, { consoleDir });
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
  ] as const) {
    const t = openTestTerminal(id, store);
    terminals.push(t);
    sell(t, 3);
    await enroll(hq, t);
  }
  // T-2 has sent its ledger; T-1 only enrolled.
  const t2 = terminals[1]!;
  const entries = [...t2.store.entries()];
  await new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-2', signer: t2.signer }).pushEntries({ terminalId: 'T-2', entries, bytes: 0 });
  t2Entries = entries.length;
  // HQ found a fork in T-2's chain (recorded the way ingest records it).
  await new IncidentLog(postgres.pool).record({ kind: 'fork', terminalId: 'T-2', seq: 2, message: 'a second entry 2 with another hash' });
  await addUser('ada', 'Ada Admin', 'admin');
  await addUser('rm1', 'Rita North', 'regional-manager', ['S-1']);
  await addUser('locky', 'Lock Test', 'auditor');
  await addUser('gone', 'Gina Left', 'auditor');
  await addUser('aud', 'Ava Audit', 'auditor');
  totpSecret = (await addUser('tot', 'Tom Code', 'admin', [], true))!;
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await closeBrowser();
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

describe('HQ console', () => {
  it('refuses a wrong password with a message, and keeps the user on the sign-in page', async () => {
    const page = await openConsole();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to the HQ console' }).isVisible()).toBe(true);
    await signIn(page, 'ada', 'not the password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username, password or code');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByRole('heading', { name: 'Stores' }).count()).toBe(0);
  });

  it('an administrator sees every store with its terminals, then signs out back to sign-in', async () => {
    const page = await openConsole();
    await signIn(page, 'ada');
    await page.getByRole('heading', { name: 'Stores' }).waitFor();
    await expect.poll(() => page.getByText('Signed in as Ada Admin (administrator)').isVisible()).toBe(true);
    const s1 = page.getByRole('table', { name: 'Terminals of store S-1' });
    const s2 = page.getByRole('table', { name: 'Terminals of store S-2' });
    await s2.waitFor();
    expect(await s1.getByRole('rowheader', { name: 'T-1' }).count()).toBe(1);
    const t2 = s2.getByRole('row', { name: /T-2/ });
    // The entries HQ received from T-2, and its last sync (not "never": it has sent).
    await expect.poll(() => t2.getByRole('cell').nth(2).textContent()).toBe(String(t2Entries));
    expect(await t2.getByRole('cell').nth(1).textContent()).not.toBe('never');
    const t1 = s1.getByRole('row', { name: /T-1/ });
    expect(await t1.getByRole('cell').nth(2).textContent()).toBe('0');
    // The Chain column: how far HQ verified each chain, and T-2's fork as a badge; T-1 has none.
    expect(await s2.getByRole('columnheader', { name: 'Chain' }).count()).toBe(1);
    expect(await t2.getByRole('cell').nth(CHAIN).textContent()).toContain(`Verified to #${t2Entries}`);
    const t2Incidents = t2.getByRole('list', { name: 'Chain incidents of terminal T-2' });
    expect(await t2Incidents.getByRole('listitem').allTextContents()).toEqual(['1 fork']);
    expect(await t1.getByRole('cell').nth(CHAIN).textContent()).toBe('Verified to #0 No incidents');
    await shot(page, 'hq-console-stores');

    // A reload keeps the session (the cookie), then sign-out ends it.
    await page.reload();
    await s2.waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the HQ console' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the HQ console' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Stores' }).count()).toBe(0);
  });

  it('a regional manager sees only their own store', async () => {
    const page = await openConsole();
    await signIn(page, 'rm1');
    await page.getByRole('table', { name: 'Terminals of store S-1' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Store S-1' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Store S-2' }).count()).toBe(0);
    expect(await page.getByRole('rowheader', { name: 'T-2' }).count()).toBe(0);
    const t1Chain = page.getByRole('row', { name: /T-1/ }).getByRole('cell').nth(CHAIN);
    expect(await t1Chain.textContent()).toBe('Verified to #0 No incidents');
    await expect.poll(() => page.getByText('Signed in as Rita North (regional manager)').isVisible()).toBe(true);
  });

  it('asks for the authenticator code when the user has one, and signs in with it', async () => {
    const page = await openConsole();
    await signIn(page, 'tot');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('6-digit code');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(totpSecret, Date.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stores' }).waitFor();
  });

  it('after too many wrong passwords says when to try again, even with the right one', async () => {
    const page = await openConsole();
    for (let i = 0; i < 3; i++) {
      await signIn(page, 'locky', `wrong ${i}`);
      await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    }
    await signIn(page, 'locky');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Too many failed sign-ins .* Try again after .* \(in about 1[45] min\)/);
    expect(await page.getByRole('heading', { name: 'Stores' }).count()).toBe(0);
  });

  it('when HQ ends the session (the user disabled), the next read returns to sign-in and says why', async () => {
    const page = await openConsole();
    await signIn(page, 'gone');
    await page.getByRole('table', { name: 'Terminals of store S-2' }).waitFor();
    await hq.service.users.setDisabled('gone', true, 'test', null);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('heading', { name: 'Sign in to the HQ console' }).waitFor();
    await expect.poll(() => page.getByText('Your session ended. Sign in again.').isVisible()).toBe(true);
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it('switches language on the spot and remembers it', async () => {
    const page = await openConsole();
    await page.getByLabel('Language').selectOption('zh-TW');
    await page.getByRole('heading', { name: '登入總部主控台' }).waitFor();
    expect(await page.getByLabel('使用者名稱').count()).toBe(1);
    await page.reload();
    await page.getByRole('heading', { name: '登入總部主控台' }).waitFor();
    await page.getByLabel('語言').selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录总部控制台' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByLabel('用户名').fill('ada');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    const s2 = page.getByRole('table', { name: '门店 S-2 的收银机' });
    await s2.waitFor();
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    expect(await s2.getByRole('columnheader', { name: '账链' }).count()).toBe(1);
    expect(await s2.getByRole('list', { name: '收银机 T-2 的账链异常' }).getByRole('listitem').allTextContents()).toEqual(['分叉 1 次']);
  });

  it('the pages ran under the CSP without a single script error', () => {
    expect(problems).toEqual([]);
  });
});

/** A sale to `member` at `t` (priced at `tier`, the member typed in or scanned), sent to HQ. */
async function memberSale(t: TestTerminal, at: string, member: string, verification: string, tier: string): Promise<void> {
  const seq = t.store.write((tx) => {
    const body = saleBody(tx.nextReceiptNo());
    for (const line of body.lines) line.priceTier = tier;
    body.member = { memberId: member, tier: 'vip', verification } as NonNullable<typeof body.member>;
    return tx.append(draft('sale', body, at, at.slice(0, 10), 'S-101')).seq;
  });
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  await waitFor(async () => (await hqSummary(postgres.pool, t.terminalId)).lastSeq === seq, 20_000, `${t.terminalId} #${seq} at HQ`);
}

describe('HQ console: loss prevention', () => {
  beforeAll(async () => {
    // The seed pattern (a member's own small purchase, then an expensive piece at their tier, typed in) in each store.
    for (const [t, member] of [
      [terminals[0]!, 'M0002'],
      [terminals[1]!, 'M0003'],
    ] as const) {
      await memberSale(t, '2026-11-20T02:00:00.000Z', member, 'app-code', 'retail');
      await memberSale(t, '2026-11-20T06:00:00.000Z', member, 'manual-lookup', 'vip');
    }
    await scanLossAtHq(postgres.pool, { from: '2026-11-20', to: '2026-11-20' });
  }, 120_000);

  const openLoss = async (username: string): Promise<Page> => {
    const page = await openConsole();
    await signIn(page, username);
    await page.getByRole('button', { name: 'Loss prevention' }).click();
    await page.getByRole('heading', { name: 'Loss prevention' }).waitFor();
    return page;
  };

  it('a regional manager sees only their store’s case with its evidence, records a review and sees it in the history', async () => {
    const page = await openLoss('rm1');
    const evidence = page.getByRole('table', { name: /^Evidence of case/ });
    await evidence.first().waitFor();
    expect(await evidence.count()).toBe(1);
    expect(await page.getByText(/M0002/).count()).toBeGreaterThan(0);
    expect(await page.getByText(/M0003/).count()).toBe(0);
    expect(await evidence.getByRole('rowheader', { name: 'T-1' }).count()).toBe(2);
    const hashes = await evidence.locator('code').allTextContents();
    expect(hashes).toHaveLength(2);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByText('Not reviewed yet.').count()).toBe(1);

    const form = page.getByRole('form', { name: /^Review case/ });
    await form.getByLabel('Outcome').selectOption('false-alarm');
    await form.getByLabel('Note (why)').fill('The member bought for her daughter; receipt checked.');
    await form.getByRole('button', { name: 'Record review' }).click();
    // The case leaves the open list; with every status shown it carries the review.
    await expect.poll(() => page.getByText('No cases with this status.').isVisible()).toBe(true);
    await page.getByLabel('Status').selectOption('');
    const history = page.getByRole('list', { name: /^Review history of case/ });
    await expect.poll(() => history.textContent()).toMatch(/False alarm by rm1, .*: The member bought for her daughter; receipt checked\./);
    await shot(page, 'hq-console-loss');
  });

  it('an auditor sees every store’s cases, explained in the page’s language, and no review form', async () => {
    const page = await openLoss('aud');
    await page.getByLabel('Status').selectOption('');
    await expect.poll(() => page.getByRole('table', { name: /^Evidence of case/ }).count()).toBe(2);
    expect(await page.getByRole('form').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record review' }).count()).toBe(0);
    const english = await page.locator('.explanation').first().textContent();
    await page.getByLabel('Language').selectOption('zh-TW');
    await page.getByRole('heading', { name: '損失防範' }).waitFor();
    await expect.poll(() => page.locator('.explanation').first().textContent()).not.toBe(english);
    expect(await page.locator('.explanation').first().textContent()).toMatch(/[\u4e00-\u9fff]/);
    // HQ refuses the auditor a review whatever the page shows.
    const refused = await page.evaluate(async () => {
      const me = (await (await fetch('/console/api/me')).json()) as { csrfToken: string };
      const r = await fetch('/console/api/loss-cases/1/review', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ outcome: 'confirmed', note: 'auditor try' }),
      });
      return r.status;
    });
    expect(refused).toBe(403);
  });

  it('the loss pages ran under the CSP without a script error', () => {
    expect(problems).toEqual([]);
  });
});
