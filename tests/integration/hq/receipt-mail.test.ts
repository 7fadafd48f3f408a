// E-receipts to members' e-mail, end to end: a running terminal gives a receipt "to the member
// on file", syncs to HQ (real PostgreSQL), and HQ mails it through a real SMTP server on
// 127.0.0.1: once, with the right total and the signed verification payload; SMTP down then up
// means delivered after a retry; a member without e-mail at HQ shows 'no-address'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SMTPServer } from 'smtp-server';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { freePort } from '../../../hq/database.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { upsertMembers, versionLabel } from '../../../db/master-data.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../platform/terminal-key.ts';
import { startSyncingTill } from '../../helpers/syncing-till.ts';
import { removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { plainText, startSmtp, stopSmtp, type ReceivedMail } from '../../helpers/smtp.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let runtime: TerminalRuntime | null = null;
let terminal: TestTerminal;
let smtp: SMTPServer | null = null;
const inbox: ReceivedMail[] = [];
const REPORT_TOKEN = 'mail-report-token';

beforeAll(async () => {
  ({ pool } = postgres);
});

afterAll(async () => {
  await runtime?.close();
  if (terminal) removeTerminal(terminal);
  await hq?.close();
  if (smtp) await stopSmtp(smtp);
});

describe('e-receipts by e-mail', () => {
  it('mails the member once with the right total after SMTP comes back; no-address is visible; a re-sent batch mails nothing more', async () => {
    const smtpPort = await freePort();
    hq = await startTestHq(
      pool,
      {
        mail: {
          smtp: { host: '127.0.0.1', port: smtpPort, tls: 'off' },
          from: 'receipts@shop.example',
          verifyUrl: 'https://verify.shop.example/r?q=',
          storeNames: { 'DEMO-STORE': 'Demo Shop' },
          pollMs: 50,
          retryBaseMs: 100,
          retryMaxMs: 400,
        },
      },
      { reportTokens: [REPORT_TOKEN] },
    );
    // HQ knows M0001's e-mail; M0077 has an e-mail only on the till (none at HQ).
    await hq.service.masterData.addMember({
      memberId: 'M0001',
      name: '李小華 Li Hsiao-hua',
      tier: 'member',
      cardNumbers: ['9100000000012'],
      email: 'hsiaohua.li@example.com',
      tokenSecret: 'JBSWY3DPEHPK3PXP',
    });
    const till = await startSyncingTill(hq, 'T-MAIL-1', {
      config: { receipt: { width: 48, header: [], footer: [], emailEnabled: true } },
      // A member added at the till, recorded with its config-change entry as every master-data writer's caller does.
      prepare: (t) =>
        t.store.write((tx) => {
          const change = upsertMembers(t.store.database, [
            {
              memberId: 'M0077',
              name: 'Till Only',
              tier: 'member',
              tokenSecret: 'GEZDGNBVGY3TQOJQ',
              cardNumbers: ['9100000000777'],
              email: 'till.only@example.com',
              active: true,
            },
          ]);
          const at = new Date().toISOString();
          const businessDay = t.store.entry(t.store.head().seq)!.businessDay;
          const body = { section: 'members', version: versionLabel(change), summary: 'member added at the till', digest: change.digest };
          tx.append({ kind: 'config-change', businessDay, startedAt: at, endedAt: at, operatorId: null, body });
        }),
    });
    ({ terminal, runtime } = till);
    const rt = till.runtime;
    const { printer, ok } = till;
    await waitFor(
      () => rt.store.database.prepare(`SELECT email FROM members WHERE member_id = 'M0001'`).pluck().get() === 'hsiaohua.li@example.com',
      20_000,
      'the member from HQ',
    );
    await ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    // The printer is out of paper: the cashier sends the receipt to the member's e-mail instead.
    printer.setFault('paper-out');
    const sellToMember = async (card: string, tender: string) => {
      await ok('sale.scan', { code: '4711037000012', source: 'hid' });
      await ok('sale.scan', { code: '4711037000012', source: 'hid' });
      await ok('sale.attachMember', { method: 'card', card, approval: { method: 'pin', staffId: 'S002', pin: '2222' } });
      const view = await ok('sale.present');
      await ok('sale.addTender', { type: 'card', amount: view.total, reference: tender, last4: '4242' });
      const receipt = await ok('sale.complete');
      expect(receipt).toMatchObject({ status: 'failed', memberEmail: true });
      await ok('receipt.electronic', { receiptNo: receipt.receiptNo, reason: 'printer-failed', sendTo: 'member-email' });
      return { receiptNo: receipt.receiptNo as number, total: view.total as number, qr: receipt.qr as string };
    };
    const first = await sellToMember('9100000000012', 'A-1');
    expect(first.total).toBe(48); // member price 24 x 2
    const issued = [...rt.store.entries()].filter((e) => e.kind === 'receipt-issued').at(-1)!;
    expect(issued.body).toMatchObject({ channel: 'electronic', destination: 'member-email:M0001' });

    // SMTP is down: HQ queues the message and retries with backoff.
    const mailRow = async (receiptNo: number) =>
      (
        await pool.query(
          `SELECT status, attempts, last_error AS "lastError", address FROM hq_receipt_mail WHERE terminal_id = 'T-MAIL-1' AND receipt_no = $1`,
          [receiptNo],
        )
      ).rows[0] as { status: string; attempts: number; lastError: string | null; address: string | null } | undefined;
    await waitFor(
      async () => ((await mailRow(first.receiptNo))?.attempts ?? 0) >= 2,
      30_000,
      'failed delivery attempts while SMTP is down',
    );
    expect(await mailRow(first.receiptNo)).toMatchObject({
      status: 'pending',
      address: 'hsiaohua.li@example.com',
      lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
    });
    expect(inbox).toEqual([]);

    // SMTP comes up: delivered on the next retry, once.
    smtp = await startSmtp(smtpPort, inbox);
    await waitFor(async () => (await mailRow(first.receiptNo))?.status === 'sent', 30_000, 'delivery after SMTP came back');
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.to).toEqual(['hsiaohua.li@example.com']);
    expect(mail.raw).toMatch(/^X-Tillproof-Total: 48 TWD$/m);
    expect(mail.raw).toMatch(/^Subject: .*receipt #1/m);
    const text = plainText(mail.raw);
    expect(text).toContain('Demo Shop');
    expect(text).toMatch(/TWD\s+48/);
    expect(text).toContain(first.qr);
    expect(text).toContain(`https://verify.shop.example/r?q=${encodeURIComponent(first.qr)}`);
    expect(mail.raw).toMatch(/Content-Type: image\/png/i);
    // The HTML alternative shows the same receipt with the QR inline (multipart/related, cid).
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail.raw).toMatch(/Content-ID: <receipt-qr>/i);

    // A member HQ has no e-mail for: 'no-address', visible in the read API; nothing sent.
    const second = await sellToMember('9100000000777', 'A-2');
    await waitFor(async () => (await mailRow(second.receiptNo))?.status === 'no-address', 20_000, 'no-address status');
    const api = await fetch(`${hq.url}/v1/receipt-mail?status=no-address`, { headers: { authorization: `Bearer ${REPORT_TOKEN}` } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { rows: unknown[] }).rows).toEqual([
      expect.objectContaining({
        terminalId: 'T-MAIL-1',
        receiptNo: second.receiptNo,
        memberId: 'M0077',
        status: 'no-address',
        address: null,
        total: 48,
      }),
    ]);
    expect((await fetch(`${hq.url}/v1/receipt-mail`)).status).toBe(401);

    // The same batch again (a terminal that lost its cursor) and a rescan from the start: still one e-mail.
    const client = new HttpHqClient({
      baseUrl: hq.url,
      terminalId: 'T-MAIL-1',
      signer: loadTerminalKey(terminalKeyPath(terminal.dataDir)),
    });
    try {
      const ack = await client.pushEntries({ terminalId: 'T-MAIL-1', entries: [...rt.store.entries()], bytes: 0 });
      expect(ack.stored).toBe(0);
    } finally {
      client.close();
    }
    await pool.query('UPDATE hq_receipt_mail_scan SET scanned_seq = 0');
    await waitFor(
      async () => ((await pool.query<{ n: number }>('SELECT scanned_seq AS n FROM hq_receipt_mail_scan')).rows[0]?.n ?? 0) > 0,
      20_000,
      'the rescan',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox).toHaveLength(1);
    expect((await pool.query('SELECT COUNT(*)::int AS n FROM hq_receipt_mail')).rows[0].n).toBe(2);
  }, 120_000); // longer than the waits inside it, so a slow run fails with their message
});
