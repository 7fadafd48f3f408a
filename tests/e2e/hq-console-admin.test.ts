// The HQ console's Disputes, Enrollment, Users and Audit pages in Chromium against a real HQ on
// PostgreSQL. The must-show story: a member's purchase notice (the SMS HQ sent) has a "this wasn't
// me" link; the member clicks it and reports; the dispute appears in the console with the sale's
// entry checked by HQ, as a loss-prevention case; the store's regional manager reviews it; the
// audit log shows the review. Names with markup in them are shown as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningHq } from '../../hq/server.ts';
import type { HqRole } from '../../hq/hq-users.ts';
import { freePort } from '../../hq/database.ts';
import { setNoticePreferences } from '../../hq/member-notices.ts';
import { HttpHqClient } from '../../platform/hq-client.ts';
import { draft, saleBody } from '../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, startTestHq, waitFor, type TestTerminal } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { buildConsole, closeBrowser, sharedBrowser, shot } from './harness.ts';

const postgres = usePostgres();
const PASSWORD = 'a long enough password';
const EVIL_MEMBER = '<img src=x onerror=alert(1)>Mallory';
const EVIL_STAFF = '<img src=x onerror=alert(2)>Sam';
let hq: RunningHq;
let consoleDir: string;
let dir: string;
let smsFile: string;
let saleSeq = 0;
const terminals: TestTerminal[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function addUser(username: string, displayName: string, role: HqRole, stores: string[] = []): Promise<void> {
  await hq.service.users.add({ username, displayName, role, stores, password: PASSWORD, totp: false }, 'test');
}

async function newPage(): Promise<Page> {
  const context = await (
    await sharedBrowser()
  ).newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Taipei' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return page;
}

async function signedIn(username: string, password = PASSWORD): Promise<Page> {
  const page = await newPage();
  await page.goto(`${hq.url}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Stores' }).waitFor();
  return page;
}

const smsLines = (): Array<{ to: string; text: string }> =>
  existsSync(smsFile)
    ? readFileSync(smsFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { to: string; text: string })
    : [];

beforeAll(async () => {
  consoleDir = await buildConsole();
  dir = mkdtempSync(join(tmpdir(), 'tillproof-console-admin-'));
  smsFile = join(dir, 'sms.jsonl');
  const port = await freePort();
  hq = await startTestHq(
    postgres.pool,
    {
      listen: { host: '127.0.0.1', port },
      notices: {
        publicUrl: `http://127.0.0.1:${port}/`,
        sms: { kind: 'file', path: smsFile },
        pollMs: 50,
        retryBaseMs: 100,
        retryMaxMs: 400,
      },
    },
    { consoleDir, noticeSecret: 'notice-secret-for-tests-0123456789abcdef' },
  );
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
  ] as const) {
    const t = openTestTerminal(id, store);
    terminals.push(t);
    await enroll(hq, t);
  }
  await hq.service.masterData.addMember({ memberId: 'M-1', name: EVIL_MEMBER, tier: 'member' });
  await hq.service.masterData.addStaff({ staffId: 'SP-1', name: EVIL_STAFF, role: 'cashier', stores: ['S-1'] });
  await setNoticePreferences(postgres.pool, { memberId: 'M-1', channel: 'sms', phone: '+886 912 000 111' });

  // A member sale at T-1 (store S-1), salesperson SP-1, sent to HQ.
  const t1 = terminals[0]!;
  const at = '2026-11-20T03:00:00.000Z';
  saleSeq = t1.store.write((tx) => {
    const body = saleBody(tx.nextReceiptNo());
    body.member = { memberId: 'M-1', tier: 'member', verification: 'card' } as NonNullable<typeof body.member>;
    (body as unknown as Record<string, unknown>).salespersons = [{ staffId: 'SP-1', shareBp: 10_000 }];
    return tx.append(draft('sale', body, at, at.slice(0, 10), 'SP-1')).seq;
  });
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-1', signer: t1.signer });
  try {
    await client.pushEntries({ terminalId: 'T-1', entries: [...t1.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  await waitFor(async () => (await hqSummary(postgres.pool, 'T-1')).lastSeq === saleSeq, 20_000, 'the sale at HQ');
  await addUser('ada', 'Ada Admin', 'admin');
  await addUser('rm1', 'Rita North', 'regional-manager', ['S-1']);
  await addUser('rm2', 'Ron South', 'regional-manager', ['S-2']);
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await closeBrowser();
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HQ console: disputes, enrollment, users, audit', () => {
  it("a dispute flows from a member's 'not me' to a case and a review", async () => {
    // The member's notice, as HQ sent it, and its link.
    await waitFor(() => smsLines().length >= 1, 30_000, 'the purchase notice SMS');
    const [sms] = smsLines();
    expect(sms!.to).toBe('+886 912 000 111');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/notices\/not-me\?t=\S+)/.exec(sms!.text)?.[1];
    expect(link).toBeDefined();

    // The member opens it and reports.
    const member = await newPage();
    await member.goto(link!);
    await member.getByRole('heading', { name: 'Was this you?' }).waitFor();
    await member.getByRole('button', { name: 'This was not me' }).click();
    await member.getByText(/We have recorded your report \(reference \d+\)/).waitFor();
    const ref = /reference (\d+)/.exec((await member.locator('body').textContent()) ?? '')![1]!;

    // HQ's administrator sees it in the console with the sale's entry checked by HQ, and its case.
    const admin = await signedIn('ada');
    await admin.getByRole('button', { name: 'Disputes' }).click();
    const card = admin.getByRole('article', { name: `Dispute ${ref}: T-1 entry ${saleSeq}` });
    await card.waitFor();
    const evidence = card.getByRole('table', { name: `Entries of dispute ${ref}, checked by HQ` });
    await expect.poll(() => evidence.getByRole('cell').last().textContent()).toBe('Verified now: hash and signature');
    const stored = (
      await postgres.pool.query<{ hash: string }>(`SELECT hash FROM ledger_entries WHERE terminal_id = 'T-1' AND seq = $1`, [saleSeq])
    ).rows[0]!.hash;
    expect(await evidence.locator('code').textContent()).toBe(stored);
    // The names with markup are text: no image element was made from them, no script ran.
    expect(await card.textContent()).toContain(`Member ${EVIL_MEMBER} (M-1) says this was not them.`);
    expect(await card.textContent()).toContain(`Salesperson: ${EVIL_STAFF} (SP-1).`);
    expect(await admin.locator('img').count()).toBe(0);
    const caseText = (await card.getByText(/Loss-prevention case \d+ \(Open\)/).textContent())!;
    const caseId = /case (\d+)/.exec(caseText)![1]!;
    await shot(admin, 'hq-console-disputes');

    // The member's history: the sale, the dispute, the case.
    await card.getByRole('button', { name: 'History of member M-1' }).click();
    const history = admin.getByRole('article', { name: 'History of member M-1' });
    await history.getByRole('heading', { name: 'Sales and returns: 1' }).waitFor();
    expect(await history.getByRole('heading', { name: 'Disputes: 1' }).count()).toBe(1);
    expect(await history.getByText(`Case ${caseId}: member-dispute`).count()).toBe(1);

    // The store's regional manager reviews the case; the other region's does not see the dispute.
    const south = await signedIn('rm2');
    await south.getByRole('button', { name: 'Disputes' }).click();
    await south.getByText('No member has disputed a purchase.').waitFor();
    const rm = await signedIn('rm1');
    await rm.getByRole('button', { name: 'Disputes' }).click();
    await rm
      .getByRole('article', { name: `Dispute ${ref}: T-1 entry ${saleSeq}` })
      .getByRole('button', { name: 'Open loss prevention' })
      .click();
    const review = rm.getByRole('form', { name: `Review case ${caseId}` });
    await review.getByLabel('Outcome').selectOption('confirmed');
    await review.getByLabel('Note (why)').fill('Member was abroad; the salesperson used their card');
    await review.getByRole('button', { name: 'Record review' }).click();
    // Reviewed, it leaves the open cases; under every status it shows the review.
    await expect.poll(() => rm.getByRole('form', { name: `Review case ${caseId}` }).count()).toBe(0);
    await rm.getByRole('combobox', { name: /^Status/ }).selectOption('');
    const reviews = rm.getByRole('list', { name: `Review history of case ${caseId}` });
    await expect.poll(() => reviews.textContent()).toMatch(/^Confirmed by rm1, .*: Member was abroad; the salesperson used their card$/);
    await rm.getByRole('button', { name: 'Disputes' }).click();
    await rm.getByText(`Loss-prevention case ${caseId} (Reviewed).`).waitFor();

    // The audit log shows the review, by whom.
    await admin.getByRole('button', { name: 'Audit log' }).click();
    const filters = admin.getByRole('form', { name: 'Audit log filters' });
    await filters.getByLabel('Action', { exact: true }).fill('loss-case.review');
    await filters.getByLabel('User', { exact: true }).fill('rm1');
    await filters.getByRole('button', { name: 'Show' }).click();
    const rows = admin.getByRole('table', { name: 'Audit log' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = rows.nth(1);
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('rm1');
    expect(await row.getByRole('rowheader').textContent()).toBe('loss-case.review');
    expect(JSON.parse((await row.locator('code').textContent())!)).toEqual({
      caseId: Number(caseId),
      outcome: 'confirmed',
      status: 'reviewed',
    });
    await shot(admin, 'hq-console-audit');
  }, 120_000);

  it('enrollment: a code for a new till is shown once, and a till is revoked after a confirmation', async () => {
    const admin = await signedIn('ada');
    await admin.getByRole('button', { name: 'Enrollment' }).click();
    const form = admin.getByRole('form', { name: 'New till: one-time enrollment code' });
    await form.getByLabel('Store', { exact: true }).fill('S-1');
    await form.getByLabel('Terminal id').fill('T-NEW');
    await form.getByRole('button', { name: 'Create code' }).click();
    const code = admin.getByLabel('Enrollment code', { exact: true });
    await expect.poll(() => code.textContent()).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const pending = admin.getByRole('table', { name: 'Codes not used yet' });
    await pending.getByRole('rowheader', { name: 'T-NEW' }).waitFor();

    const enrolled = admin.getByRole('table', { name: 'Enrolled tills' });
    await enrolled.getByRole('button', { name: 'Revoke T-2' }).click();
    await enrolled.getByRole('button', { name: 'Yes, revoke T-2: HQ refuses its sync' }).click();
    await expect.poll(() => enrolled.getByRole('row', { name: /T-2/ }).getByRole('cell').last().textContent()).toMatch(/^Revoked by ada, /);
    await shot(admin, 'hq-console-enrollment');
    const t2 = terminals[1]!;
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-2', signer: t2.signer });
    try {
      await expect(client.pushEntries({ terminalId: 'T-2', entries: [...t2.store.entries()], bytes: 0 })).rejects.toThrow(/revoked/);
    } finally {
      client.close();
    }
  }, 60_000);

  it('users: an administrator adds a regional manager, who signs in with the one-time password', async () => {
    const admin = await signedIn('ada');
    await admin.getByRole('button', { name: 'Users' }).click();
    const form = admin.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Username').fill('rm3');
    await form.getByLabel('Name', { exact: true }).fill('<b>Rex</b>');
    await form.getByLabel('Role').selectOption('regional-manager');
    await form.getByLabel('Stores (for a regional manager, comma-separated)').fill('S-1, S-2');
    await form.getByRole('button', { name: 'Add user' }).click();
    const password = (await admin.getByLabel('One-time password', { exact: true }).textContent())!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    const row = admin.getByRole('table', { name: 'Users' }).getByRole('row', { name: /rm3/ });
    expect(await row.getByRole('cell').nth(0).textContent()).toBe('<b>Rex</b>');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('S-1, S-2');
    expect(await admin.locator('b').count()).toBe(0);
    const rex = await signedIn('rm3', password);
    expect(await rex.getByRole('button', { name: 'Users' }).count()).toBe(0);
    // A regional manager does not get the audit log either.
    expect(await rex.getByRole('button', { name: 'Audit log' }).count()).toBe(0);

    await row.getByRole('button', { name: 'Disable rm3' }).click();
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('Disabled');
  }, 60_000);

  it('the pages ran under the CSP without a script error or a dialog', () => {
    expect(problems).toEqual([]);
  });
});
