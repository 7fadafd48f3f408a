// Member purchase notices and "this wasn't me", end to end: a running till sells to members and
// syncs to HQ (real PostgreSQL); HQ tells each member of record through their channel: e-mail
// through a real SMTP server on 127.0.0.1, SMS through the file provider. One notice per entry
// even when the batch is sent again and the scanner starts over; an opted-out member gets none.
// The link in the e-mail opens a page whose button records a dispute linked to the entries
// (terminal, seq, hash), listed and counted by `tillproof hq disputes`; forged or expired links are refused with a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SMTPServer } from 'smtp-server';
import type pg from 'pg';
import { hqCommand } from '../../../cli/hq-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import { parseHqConfig } from '../../../hq/config.ts';
import { freePort } from '../../../hq/database.ts';
import { fileMessageProvider, MemberNotifier } from '../../../hq/member-notices.ts';
import { signNoticeToken, verifyNoticeToken } from '../../../hq/notice-token.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { demoCatalog } from '../../../host/demo-data.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../platform/terminal-key.ts';
import { removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { plainText, startSmtp, stopSmtp, type ReceivedMail } from '../../helpers/smtp.ts';
import { startSyncingTill } from '../../helpers/syncing-till.ts';

const SECRET = 'notice-secret-for-tests-0123456789abcdef';
const REPORT_TOKEN = 'notices-report-token';
const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let runtime: TerminalRuntime | null = null;
let terminal: TestTerminal;
let smtp: SMTPServer | null = null;
let dir: string;
const inbox: ReceivedMail[] = [];

beforeAll(() => {
  ({ pool } = postgres);
  dir = mkdtempSync(join(tmpdir(), 'tillproof-notices-'));
});

afterAll(async () => {
  await runtime?.close();
  if (terminal) removeTerminal(terminal);
  await hq?.close();
  if (smtp) await stopSmtp(smtp);
  rmSync(dir, { recursive: true, force: true });
});

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

interface NoticeRow {
  seq: number;
  kind: string;
  memberId: string;
  channel: string;
  status: string;
}

async function notices(): Promise<NoticeRow[]> {
  return (
    await pool.query<NoticeRow>(
      `SELECT seq::int AS seq, kind, member_id AS "memberId", channel, status FROM hq_member_notices WHERE terminal_id = 'T-NOTE-1' ORDER BY seq`,
    )
  ).rows;
}

describe('member purchase notices', () => {
  it('tells the member of record once per entry by their channel, and "this wasn\'t me" records a dispute linked to the entries', async () => {
    const smtpPort = await freePort();
    smtp = await startSmtp(smtpPort, inbox);
    const smsFile = join(dir, 'sms.jsonl');
    hq = await startTestHq(
      pool,
      {
        mail: {
          smtp: { host: '127.0.0.1', port: smtpPort, tls: 'off' },
          from: 'notices@shop.example',
          storeNames: { 'DEMO-STORE': 'Demo Shop' },
          timeZone: 'Asia/Taipei',
          pollMs: 50,
        },
        notices: {
          publicUrl: 'https://hq.shop.example/',
          sms: { kind: 'file', path: smsFile },
          pollMs: 50,
          retryBaseMs: 100,
          retryMaxMs: 400,
        },
      },
      { noticeSecret: SECRET, reportTokens: [REPORT_TOKEN] },
    );
    // HQ's product record (for the regular price the notice compares with) and its members.
    const tea = demoCatalog().find((p) => p.barcodes.includes('04711037000012'))!;
    await hq.service.masterData.importCatalog([tea], { source: 'test', merge: true });
    await hq.service.masterData.addMember({
      memberId: 'M0001',
      name: '李小華 Li Hsiao-hua',
      tier: 'member',
      cardNumbers: ['9100000000012'],
      email: 'hsiaohua.li@example.com',
      tokenSecret: 'JBSWY3DPEHPK3PXP',
    });
    await hq.service.masterData.addMember({
      memberId: 'M0002',
      name: '黃大偉 Huang Ta-wei',
      tier: 'vip',
      cardNumbers: ['9100000000029'],
      tokenSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    // M0002 wants SMS (set with the CLI, as HQ staff would).
    const configFile = join(dir, 'hq.json');
    writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url }));
    const prefs = capture();
    expect(
      await hqCommand(
        ['members', 'notices', '--id', 'M0002', '--channel', 'sms', '--phone', '+886 912 345 678', '--config', configFile],
        prefs,
      ),
    ).toBe(0);

    const till = await startSyncingTill(hq, 'T-NOTE-1');
    ({ terminal, runtime } = till);
    const { ok } = till;
    await ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    const approval = { method: 'pin', staffId: 'S002', pin: '2222' };
    let tenders = 0;
    const sellTo = async (card: string) => {
      await ok('sale.scan', { code: '4711037000012', source: 'hid' });
      await ok('sale.scan', { code: '4711037000012', source: 'hid' });
      await ok('sale.attachMember', { method: 'card', card, approval });
      const view = await ok('sale.present');
      await ok('sale.addTender', { type: 'card', amount: view.total, reference: `N-${++tenders}`, last4: '4242' });
      const receipt = await ok('sale.complete');
      return { receiptNo: receipt.receiptNo as number, total: view.total as number };
    };
    const saleSeqOf = (receiptNo: number) =>
      [...till.runtime.store.entries()].find((e) => e.kind === 'sale' && (e.body as { receiptNo: number }).receiptNo === receiptNo)!.seq;

    // A member sale: one e-mail with what was bought, where, by whom, at which tier price.
    const first = await sellTo('9100000000012');
    expect(first.total).toBe(48);
    const firstSeq = saleSeqOf(first.receiptNo);
    await waitFor(() => inbox.length >= 1, 30_000, 'the purchase notice e-mail');
    const mail = inbox[0]!;
    expect(mail.to).toEqual(['hsiaohua.li@example.com']);
    expect(mail.raw).toMatch(new RegExp(`^X-Tillproof-Notice: T-NOTE-1/${firstSeq}$`, 'm'));
    const text = plainText(mail.raw);
    expect(text).toContain('A purchase was recorded on your membership M0001.');
    expect(text).toContain('Store: Demo Shop');
    expect(text).toContain(`Receipt: T-NOTE-1 #${first.receiptNo}`);
    expect(text).toContain('Served by: S001');
    expect(text).toContain('Cashier: S001');
    expect(text).toContain('Total: TWD 48');
    expect(text).toMatch(/2 x .*: TWD 48 \[TWD 24: member price, regular TWD 25\]/);
    const link = /https:\/\/hq\.shop\.example\/notices\/not-me\?t=(\S+)/.exec(text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(verifyNoticeToken(token, SECRET, Date.now())).toMatchObject({
      ok: true,
      claim: { terminalId: 'T-NOTE-1', seq: firstSeq, memberId: 'M0001' },
    });

    // The sale is voided after completion: the member is told of that too.
    await ok('sale.postVoid', {
      receiptNo: first.receiptNo,
      reason: 'rang twice',
      approval: { method: 'pin', staffId: 'S003', pin: '3333' },
    });
    await waitFor(() => inbox.length >= 2, 30_000, 'the post-void notice');
    expect(plainText(inbox[1]!.raw)).toContain('A purchase on your membership M0001 was cancelled after it was completed.');

    // M0001 opts out: the next sale gets an 'opted-out' row and no message. M0002 is told by SMS.
    expect(await hqCommand(['members', 'notices', '--id', 'M0001', '--opt-out', '--config', configFile], capture())).toBe(0);
    const optedOut = await sellTo('9100000000012');
    const vip = await sellTo('9100000000029');
    expect(vip.total).toBe(44);
    // M0002 brings one back: the return is told to the sale's member too.
    const manager = { method: 'pin', staffId: 'S003', pin: '3333' };
    await ok('return.complete', {
      originalReceiptNo: vip.receiptNo,
      lines: [{ lineNo: 1, qtyMilli: 1000 }],
      reason: 'changed mind',
      approval: manager,
    });
    const returnSeq = [...till.runtime.store.entries()].filter((e) => e.kind === 'return').at(-1)!.seq;
    const smsLines = () => (existsSync(smsFile) ? readFileSync(smsFile, 'utf8').trim().split('\n').filter(Boolean) : []);
    await waitFor(() => smsLines().length >= 2, 30_000, 'the SMS notices');
    const sms = smsLines().map((l) => JSON.parse(l) as { channel: string; to: string; text: string; messageId: string });
    expect(sms).toHaveLength(2);
    expect(sms[0]).toMatchObject({
      channel: 'sms',
      to: '+886 912 345 678',
      messageId: `<notice.T-NOTE-1.${saleSeqOf(vip.receiptNo)}@tillproof>`,
    });
    expect(sms[0]!.text).toContain('Demo Shop: a purchase of TWD 44 on your membership');
    expect(sms[0]!.text).toMatch(/https:\/\/hq\.shop\.example\/notices\/not-me\?t=\S+/);
    expect(sms[1]).toMatchObject({ channel: 'sms', messageId: `<notice.T-NOTE-1.${returnSeq}@tillproof>` });
    expect(sms[1]!.text).toContain('Demo Shop: a return of TWD 22 on your membership');
    const optedOutSeq = saleSeqOf(optedOut.receiptNo);
    await waitFor(async () => (await notices()).some((n) => n.seq === optedOutSeq), 30_000, 'the opted-out row');
    expect(await notices()).toEqual([
      { seq: firstSeq, kind: 'sale', memberId: 'M0001', channel: 'email', status: 'sent' },
      expect.objectContaining({ kind: 'post-void', memberId: 'M0001', status: 'sent' }),
      { seq: optedOutSeq, kind: 'sale', memberId: 'M0001', channel: 'email', status: 'opted-out' },
      { seq: saleSeqOf(vip.receiptNo), kind: 'sale', memberId: 'M0002', channel: 'sms', status: 'sent' },
      { seq: returnSeq, kind: 'return', memberId: 'M0002', channel: 'sms', status: 'sent' },
    ]);
    expect(inbox).toHaveLength(2);

    // The whole ledger sent again (a terminal that lost its cursor) and a rescan from the start: nothing more is sent.
    const client = new HttpHqClient({
      baseUrl: hq.url,
      terminalId: 'T-NOTE-1',
      signer: loadTerminalKey(terminalKeyPath(terminal.dataDir)),
    });
    try {
      expect((await client.pushEntries({ terminalId: 'T-NOTE-1', entries: [...till.runtime.store.entries()], bytes: 0 })).stored).toBe(0);
    } finally {
      client.close();
    }
    await pool.query(`UPDATE hq_member_notice_scan SET scanned_seq = 0`);
    await waitFor(
      async () => ((await pool.query<{ n: number }>(`SELECT scanned_seq::int AS n FROM hq_member_notice_scan`)).rows[0]?.n ?? 0) > 0,
      20_000,
      'the rescan',
    );
    expect(await notices()).toHaveLength(5);
    expect(inbox).toHaveLength(2);
    expect(smsLines()).toHaveLength(2);

    // "This wasn't me": the page shows the purchase; GET records nothing.
    const url = `${hq.url}/notices/not-me`;
    const page = await fetch(`${url}?t=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const pageText = await page.text();
    expect(pageText).toContain('Was this you?');
    expect(pageText).toContain('TWD 48');
    expect((await pool.query('SELECT COUNT(*)::int AS n FROM hq_disputes')).rows[0].n).toBe(0);

    // The button: a dispute linked to the sale entry, its hash as HQ stores it; a second click finds the same one.
    const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const recorded = await post(new URLSearchParams({ t: token, comment: 'I was abroad that day' }).toString());
    expect(recorded.status).toBe(200);
    const recordedText = await recorded.text();
    const ref = /reference (\d+)/.exec(recordedText)?.[1];
    expect(ref).toBeDefined();
    const again = await post(new URLSearchParams({ t: token }).toString());
    expect(await again.text()).toContain(`You have already reported this purchase (reference ${ref})`);
    const stored = (
      await pool.query<{ hash: string }>(`SELECT hash FROM ledger_entries WHERE terminal_id = 'T-NOTE-1' AND seq = $1`, [firstSeq])
    ).rows[0]!.hash;

    const list = capture();
    expect(await hqCommand(['disputes', 'list', '--json', '--config', configFile], list)).toBe(0);
    const disputes = JSON.parse(list.stdout.join('')) as Array<Record<string, unknown>>;
    expect(disputes).toEqual([
      expect.objectContaining({
        disputeId: Number(ref),
        terminalId: 'T-NOTE-1',
        seq: firstSeq,
        entryHash: stored,
        kind: 'sale',
        storeId: 'DEMO-STORE',
        memberId: 'M0001',
        salespersonIds: ['S001'],
        cashierId: 'S001',
        amount: 48,
        currency: 'TWD',
        comment: 'I was abroad that day',
        entries: [{ terminalId: 'T-NOTE-1', seq: firstSeq, hash: stored, kind: 'sale' }],
      }),
    ]);
    const counts = capture();
    expect(await hqCommand(['disputes', 'counts', '--json', '--config', configFile], counts)).toBe(0);
    expect(JSON.parse(counts.stdout.join(''))).toEqual({
      bySalesperson: [{ staffId: 'S001', disputes: 1, amount: 48 }],
      byMember: [{ memberId: 'M0001', disputes: 1, amount: 48 }],
    });

    // The same for loss prevention's tools, with the report token.
    const bearer = { headers: { authorization: `Bearer ${REPORT_TOKEN}` } };
    const api = await fetch(`${hq.url}/v1/disputes?staff=S001`, bearer);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { rows: unknown[] }).rows).toEqual(disputes);
    expect(await (await fetch(`${hq.url}/v1/disputes/counts?from=2000-01-01`, bearer)).json()).toEqual(JSON.parse(counts.stdout.join('')));
    expect((await fetch(`${hq.url}/v1/disputes`)).status).toBe(401);

    // A forged link (another sale's seq under the same signature) and an expired one: a plain page, nothing recorded.
    const [payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify([1, 'T-NOTE-1', saleSeqOf(vip.receiptNo), 'M0002', JSON.parse(Buffer.from(payload!, 'base64url').toString())[4]]),
    ).toString('base64url');
    for (const forged of [`${forgedPayload}.${signature}`, `${payload}.${signature!.slice(0, -2)}AA`, 'garbage', '']) {
      const r = await post(new URLSearchParams({ t: forged }).toString());
      expect(r.status).toBe(400);
      const body = await r.text();
      expect(body).toContain('This link is not valid.');
      expect(body).not.toMatch(/Error|at \//);
      expect((await fetch(`${url}?t=${encodeURIComponent(forged)}`)).status).toBe(400);
    }
    const expired = signNoticeToken(
      { terminalId: 'T-NOTE-1', seq: optedOutSeq, memberId: 'M0001', expiresAt: Math.floor(Date.now() / 1000) - 60 },
      SECRET,
    );
    const late = await post(new URLSearchParams({ t: expired }).toString());
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This link has expired.');
    expect((await pool.query('SELECT COUNT(*)::int AS n FROM hq_disputes')).rows[0].n).toBe(1);
  }, 180_000);

  it('does not tell members of entries that reached HQ long before notices were turned on', async () => {
    // The history above, scanned afresh by a notifier whose clock is two days on (as when notices are first configured).
    await hq.notifier!.stop();
    await pool.query('DELETE FROM hq_member_notices');
    await pool.query('DELETE FROM hq_member_notice_scan');
    const late = new MemberNotifier({
      pool,
      config: parseHqConfig({ notices: { publicUrl: 'https://hq.shop.example' } }).notices!,
      secret: SECRET,
      providers: { sms: fileMessageProvider(join(dir, 'late-sms.jsonl')) },
      now: () => Date.now() + 48 * 3_600_000,
    });
    try {
      expect(await late.scan()).toBe(5);
      expect(await late.deliverDue()).toBe(0);
      expect((await notices()).map((n) => [n.kind, n.memberId, n.status])).toEqual([
        ['sale', 'M0001', 'too-old'],
        ['post-void', 'M0001', 'too-old'],
        ['sale', 'M0001', 'too-old'],
        ['sale', 'M0002', 'too-old'],
        // The return still finds its sale's member.
        ['return', 'M0002', 'too-old'],
      ]);
      expect(existsSync(join(dir, 'late-sms.jsonl'))).toBe(false);
    } finally {
      await late.stop();
    }
  });

  it('refuses to serve notices without a link secret, saying where it comes from', async () => {
    const saved = process.env.TILLPROOF_HQ_NOTICE_SECRET;
    delete process.env.TILLPROOF_HQ_NOTICE_SECRET;
    try {
      await expect(startTestHq(pool, { notices: { publicUrl: 'https://hq.shop.example' } })).rejects.toMatchObject({
        code: 'config.invalid',
        message: expect.stringContaining('TILLPROOF_HQ_NOTICE_SECRET'),
      });
      await expect(
        startTestHq(pool, { notices: { publicUrl: 'https://hq.shop.example' } }, { noticeSecret: 'too-short' }),
      ).rejects.toMatchObject({
        code: 'config.invalid',
      });
    } finally {
      if (saved !== undefined) process.env.TILLPROOF_HQ_NOTICE_SECRET = saved;
    }
  });
});
