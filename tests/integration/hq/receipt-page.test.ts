// The readable receipt behind the printed QR, end to end: a till with HQ configured prints a QR
// that links to <HQ>/r?q=<signed code>; once the till has synced, HQ (real PostgreSQL) answers a
// page with the store, items, total and "verified: signed by till X". A code changed by one digit
// is refused, a till HQ does not know gets a clear page, and a sale not yet synced still shows
// what the signed code proves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { RECEIPT_LOOKUP_SQL } from '../../../hq/receipt-page.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { receiptQrPayload, signReceiptQr } from '../../../core/receipts/receipt-qr.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../platform/terminal-key.ts';
import { startSyncingTill } from '../../helpers/syncing-till.ts';
import { removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { newSigner } from '../../helpers/ledger.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let runtime: TerminalRuntime | null = null;
let terminal: TestTerminal;
const PUBLIC = 'https://receipts.shop.example';

beforeAll(async () => {
  ({ pool } = postgres);
});

afterAll(async () => {
  await runtime?.close();
  if (terminal) removeTerminal(terminal);
  await hq?.close();
});

async function open(q: string): Promise<{ status: number; text: string; headers: Headers }> {
  const r = await fetch(`${hq.url}/r?q=${encodeURIComponent(q)}`);
  return { status: r.status, text: await r.text(), headers: r.headers };
}

describe('the receipt QR opens a readable receipt at HQ', () => {
  it('shows a synced sale with items and total, refuses a tampered code, and explains an unknown till', async () => {
    hq = await startTestHq(pool, {
      mail: {
        smtp: { host: '127.0.0.1', port: 1, tls: 'off' },
        from: 'r@shop.example',
        storeNames: { 'DEMO-STORE': 'Demo <Shop>' },
        pollMs: 60_000,
      },
    });
    const till = await startSyncingTill(hq, 'T-QR-1', { config: { hq: { url: PUBLIC } } });
    ({ terminal, runtime } = till);
    const { ok } = till;
    await ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await ok('sale.scan', { code: '4711037000012', source: 'hid' });
    await ok('sale.scan', { code: '4711037000012', source: 'hid' });
    const view = await ok('sale.present');
    await ok('sale.addTender', { type: 'card', amount: view.total, reference: 'A-1', last4: '4242' });
    const receipt = await ok('sale.complete');
    const qr = receipt.qr as string;

    // The QR a phone camera reads is a link to HQ's page, carrying the signed code.
    expect(qr.startsWith(`${PUBLIC}/r?q=TPR1%3BT%3DT-QR-1%3BN%3D`)).toBe(true);
    const payload = receiptQrPayload(qr);
    expect(payload).toMatch(/^TPR1;T=T-QR-1;N=\d+;K=sale;/);
    // Scanned back at the till, the link still finds the sale for a return.
    expect(await ok('return.lookup', { qr })).toMatchObject({ receiptNo: receipt.receiptNo });
    expect(till.printer.printed.at(-1)!.lines).toContainEqual(expect.objectContaining({ type: 'qr', data: qr }));

    await waitFor(
      async () => (await pool.query(`SELECT 1 FROM ledger_entries WHERE terminal_id = 'T-QR-1' AND kind = 'sale'`)).rowCount === 1,
      30_000,
      'the sale at HQ',
    );
    const page = await open(payload);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('Verified: signed by till T-QR-1');
    expect(page.text).toContain('Demo &lt;Shop&gt;');
    expect(page.text).toMatch(new RegExp(`TWD\\s+${view.total as number}`));
    expect(page.text).toContain('2 x');
    expect(page.text).toContain(payload);
    // The whole link pasted as q works the same.
    expect((await open(qr)).text).toContain('Verified: signed by till T-QR-1');

    // One digit of the total changed: refused, nothing of the stored receipt shown.
    const tampered = await open(payload.replace(/;A=(\d+);/, (_, a: string) => `;A=${Number(a) + 1};`));
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('NOT GENUINE');
    expect(tampered.text).not.toContain('Verified');

    // Not a receipt code at all, and a till HQ never enrolled.
    const junk = await open('<script>alert(1)</script>');
    expect(junk.status).toBe(400);
    expect(junk.text).toContain('not a Tillproof receipt code');
    expect(junk.text).not.toContain('<script>');
    expect((await fetch(`${hq.url}/r`)).status).toBe(400);
    const stranger = newSigner();
    const claim = {
      receiptNo: 9,
      kind: 'sale' as const,
      issuedAt: '2026-12-01T10:00:00Z',
      total: 100,
      currency: 'TWD',
      keyId: stranger.keyId,
    };
    const unknown = await open(signReceiptQr(stranger, { ...claim, terminalId: 'T-NOWHERE' }));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Till T-NOWHERE is not enrolled at this HQ');
    // A code signed by another key in the name of an enrolled till: refused.
    const forged = await open(signReceiptQr(stranger, { ...claim, terminalId: 'T-QR-1' }));
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('NOT GENUINE');

    // The till's own key on a receipt HQ has not received: verified, "not yet received", what it proves.
    const tillKey = loadTerminalKey(terminalKeyPath(terminal.dataDir));
    const unsynced = signReceiptQr(tillKey, { ...claim, terminalId: 'T-QR-1', keyId: tillKey.keyId, receiptNo: 999 });
    const pending = await open(unsynced);
    expect(pending.status).toBe(200);
    expect(pending.text).toContain('Verified: signed by till T-QR-1');
    expect(pending.text).toContain('Not yet received by HQ');
    expect(pending.text).toContain('#999');
    expect(pending.text).toContain('TWD 100');
  }, 120_000);

  it('finds the receipt through its index, not by reading every sale of the till (one reload per customer stays cheap)', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${RECEIPT_LOOKUP_SQL}`, ['T-QR-1', 'sale', 'TPR1;x', '4']);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      // Each month's partition of the entries is searched by till and receipt number, none read whole.
      expect(text).toMatch(/Index Cond: .*terminal_id = 'T-QR-1'.*->> 'receiptNo'/);
      expect(text).not.toMatch(/Seq Scan on ledger_entries/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
