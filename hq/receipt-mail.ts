import type pg from 'pg';
import nodemailer from 'nodemailer';
import QRCode from 'qrcode';
import type { SaleBody } from '../core/ledger/bodies.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { buildSaleReceipt, renderReceiptText } from '../core/receipts/receipt-document.ts';
import type { MailConfig } from './config.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { backoffDelay } from '../core/sync/backoff.ts';
import { processLogger, type Logger } from '../platform/logger.ts';
import { runWorkerLoop, scanNewEntries } from './entry-scan.ts';

// E-receipts to members' e-mail. A terminal that gives a receipt electronically "to the member
// on file" logs a receipt-issued entry with destination `member-email:<memberId>`. HQ does not
// touch the ingest for it: this module reads the stored, verified entries after a per-terminal
// cursor, puts one outbox row per receipt (primary key terminal + receipt number, so a re-sent
// batch or a rescan never mails twice), and a worker sends due rows through SMTP with
// exponential backoff. Each row keeps its status: pending, sent, no-address, failed.

export type ReceiptMailStatus = 'pending' | 'sent' | 'no-address' | 'failed';

export interface OutgoingMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  /** The same receipt for mail apps that show HTML: the text in a fixed-width block, the QR inline. */
  html: string;
  /** Stable per receipt, so a receiving server can drop a duplicate after a crash between send and record. */
  messageId: string;
  headers: Record<string, string>;
  attachments: Array<{ filename: string; content: Buffer; contentType: string; cid: string }>;
}

/** Where mail goes out; SMTP in production, anything in tests. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP through nodemailer; the password comes from TILLPROOF_HQ_SMTP_PASSWORD. */
export function smtpTransport(config: MailConfig, env: Record<string, string | undefined> = process.env): MailTransport {
  const { smtp } = config;
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'off',
    ...(smtp.user ? { auth: { user: smtp.user, pass: env.TILLPROOF_HQ_SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await transporter.sendMail({ ...mail, messageId: mail.messageId });
      return { messageId: typeof info.messageId === 'string' ? info.messageId : mail.messageId };
    },
    close: () => transporter.close(),
  };
}

export interface ReceiptMailRow {
  terminalId: string;
  receiptNo: number;
  memberId: string;
  address: string | null;
  total: number | null;
  currency: string | null;
  status: ReceiptMailStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

const DESTINATION = /^member-email:(.+)$/;
/** A claimed message is not picked up by another worker for this long (a send in progress). */
const LEASE_MS = 5 * 60_000;

interface IssuedEntry {
  seq: number;
  body: { receiptNo?: unknown; saleId?: unknown; channel?: unknown; destination?: unknown; forEntry?: unknown; copyNo?: unknown };
}

export class ReceiptMailer {
  private readonly pool: pg.Pool;
  private readonly config: MailConfig;
  private readonly transport: MailTransport;
  private readonly random: () => number;
  private readonly log: Logger;
  private loop: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(options: { pool: pg.Pool; config: MailConfig; transport: MailTransport; random?: () => number; log?: Logger }) {
    this.pool = options.pool;
    this.config = options.config;
    this.transport = options.transport;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? processLogger();
  }

  /** Reads new stored entries of every terminal and queues their member e-receipts. Returns how many were queued. */
  scan(): Promise<number> {
    return scanNewEntries<{ seq: number; body: string }>(this.pool, {
      table: 'hq_receipt_mail_scan',
      read: async (client, terminalId, after, upTo, limit) =>
        (
          await client.query<{ seq: number; body: string }>(
            `SELECT seq, body FROM ledger_entries WHERE terminal_id = $1 AND seq > $2 AND seq <= $3 AND kind = 'receipt-issued' ORDER BY seq LIMIT ${limit}`,
            [terminalId, after, upTo],
          )
        ).rows,
      handle: (client, terminalId, e) => this.queue(client, terminalId, { seq: e.seq, body: JSON.parse(e.body) as IssuedEntry['body'] }),
    });
  }

  /** One outbox row for a member e-receipt; nothing for other receipts or one already queued. */
  private async queue(client: pg.PoolClient, terminalId: string, entry: IssuedEntry): Promise<boolean> {
    const b = entry.body;
    if (b.channel !== 'electronic' || b.forEntry !== 'sale' || typeof b.destination !== 'string' || typeof b.receiptNo !== 'number')
      return false;
    const m = DESTINATION.exec(b.destination);
    if (!m) return false;
    const memberId = m[1]!;
    const sale = await this.saleEntry(client, terminalId, entry.seq, b.receiptNo, typeof b.saleId === 'string' ? b.saleId : null);
    const member = await client.query<{ email: string | null }>(
      `SELECT record->>'email' AS email FROM hq_master_records WHERE section = 'member' AND key = $1`,
      [memberId],
    );
    const address = member.rows[0]?.email?.trim() || null;
    const status: ReceiptMailStatus = !sale ? 'failed' : address ? 'pending' : 'no-address';
    const r = await client.query(
      `INSERT INTO hq_receipt_mail (terminal_id, receipt_no, issued_seq, sale_seq, member_id, address, total, currency, status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (terminal_id, receipt_no) DO NOTHING`,
      [
        terminalId,
        b.receiptNo,
        entry.seq,
        sale?.seq ?? null,
        memberId,
        address,
        sale?.body.total ?? null,
        sale?.body.currency ?? null,
        status,
        sale ? null : 'the sale entry of this receipt is not at HQ',
      ],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** The sale entry a receipt-issued entry discharges: usually just before it; else found by its sale id. */
  private async saleEntry(
    client: pg.PoolClient,
    terminalId: string,
    beforeSeq: number,
    receiptNo: number,
    saleId: string | null,
  ): Promise<{ seq: number; body: SaleBody } | null> {
    const near = await client.query<{ seq: number; body: string }>(
      `SELECT seq, body FROM ledger_entries WHERE terminal_id = $1 AND kind = 'sale' AND seq < $2 ORDER BY seq DESC LIMIT 64`,
      [terminalId, beforeSeq],
    );
    for (const r of near.rows) {
      const body = JSON.parse(r.body) as SaleBody;
      if (body.receiptNo === receiptNo) return { seq: r.seq, body };
    }
    if (!saleId) return null;
    const far = await client.query<{ seq: number; body: string }>(
      `SELECT seq, body FROM ledger_entries WHERE terminal_id = $1 AND kind = 'sale' AND seq < $2 AND strpos(body, $3) > 0`,
      [terminalId, beforeSeq, saleId],
    );
    for (const r of far.rows) {
      const body = JSON.parse(r.body) as SaleBody;
      if (body.receiptNo === receiptNo) return { seq: r.seq, body };
    }
    return null;
  }

  /** Sends every pending message that is due. Returns how many were sent. */
  async deliverDue(limit = 20): Promise<number> {
    const claimed = await this.pool.query<{ terminalId: string; receiptNo: number; saleSeq: number; address: string; attempts: number }>(
      `UPDATE hq_receipt_mail m SET next_attempt_at = now() + make_interval(secs => ${LEASE_MS / 1000})
       FROM (SELECT terminal_id, receipt_no FROM hq_receipt_mail WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE m.terminal_id = due.terminal_id AND m.receipt_no = due.receipt_no
       RETURNING m.terminal_id AS "terminalId", m.receipt_no AS "receiptNo", m.sale_seq AS "saleSeq", m.address, m.attempts`,
      [limit],
    );
    let sent = 0;
    for (const row of claimed.rows) {
      try {
        const mail = await this.compose(row.terminalId, row.receiptNo, row.saleSeq, row.address);
        const info = await this.transport.send(mail);
        await this.pool.query(
          `UPDATE hq_receipt_mail SET status = 'sent', attempts = attempts + 1, sent_at = now(), message_id = $3, last_error = NULL WHERE terminal_id = $1 AND receipt_no = $2`,
          [row.terminalId, row.receiptNo, info.messageId],
        );
        sent++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const error = errorMessage(e).slice(0, 1000);
        if (attempts >= this.config.maxAttempts) {
          await this.pool.query(
            `UPDATE hq_receipt_mail SET status = 'failed', attempts = $3, last_error = $4 WHERE terminal_id = $1 AND receipt_no = $2`,
            [row.terminalId, row.receiptNo, attempts, error],
          );
          this.log.error(
            `e-receipt ${row.terminalId} #${row.receiptNo} to ${row.address} failed for good after ${attempts} attempts: ${error}`,
          );
        } else {
          await this.pool.query(
            `UPDATE hq_receipt_mail SET attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5::double precision / 1000) WHERE terminal_id = $1 AND receipt_no = $2`,
            [row.terminalId, row.receiptNo, attempts, error, this.retryDelayMs(attempts)],
          );
        }
      }
    }
    return sent;
  }

  /** The sync backoff: doubling from retryBaseMs up to retryMaxMs, with equal jitter. */
  retryDelayMs(attempts: number): number {
    return backoffDelay(attempts, { baseMs: this.config.retryBaseMs, maxMs: this.config.retryMaxMs, factor: 2 }, this.random);
  }

  /** The e-mail: the receipt as text, its signed verification payload (and link), and the QR as an image. */
  async compose(terminalId: string, receiptNo: number, saleSeq: number, address: string): Promise<OutgoingMail> {
    const r = await this.pool.query<{
      body: string;
      endedAt: string;
      operatorId: string | null;
      storeId: string;
      operatorName: string | null;
      memberName: string | null;
    }>(
      `SELECT e.body, e.ended_at AS "endedAt", e.operator_id AS "operatorId", t.store_id AS "storeId",
              (SELECT record->>'name' FROM hq_master_records WHERE section = 'staff' AND key = e.operator_id) AS "operatorName",
              (SELECT record->>'name' FROM hq_master_records WHERE section = 'member' AND key = (e.body::jsonb->'member'->>'memberId')) AS "memberName"
       FROM ledger_entries e JOIN hq_terminals t USING (terminal_id) WHERE e.terminal_id = $1 AND e.seq = $2`,
      [terminalId, saleSeq],
    );
    const row = r.rows[0];
    if (!row) throw new Error(`sale entry ${saleSeq} of terminal ${terminalId} is not stored`);
    const body = JSON.parse(row.body) as SaleBody;
    const qr = body.receiptQr ?? '';
    const storeName = this.config.storeNames[row.storeId] ?? row.storeId;
    const document = buildSaleReceipt(
      body,
      {
        endedAt: row.endedAt,
        operatorName: row.operatorName ?? row.operatorId,
        qr,
        copyNo: 0,
        ...(row.memberName ? { memberName: row.memberName } : {}),
      },
      {
        storeName,
        address: [],
        terminalId,
        timeZone: this.config.timeZone,
        locale: this.config.locale,
        width: 48,
        minorDigits: minorDigitsOf(body.currency, { TWD: 0 }),
        header: [],
        footer: [],
      },
    );
    const link = this.config.verifyUrl && qr ? `${this.config.verifyUrl}${encodeURIComponent(qr)}` : null;
    const text = [renderReceiptText(document), '', 'Verify this receipt (signed by the till):', qr, ...(link ? ['', link] : []), ''].join(
      '\n',
    );
    const html = receiptMailHtml({
      title: `${storeName}: receipt #${receiptNo}`,
      receiptText: renderReceiptText(document),
      qr,
      link,
      qrImageCid: qr ? 'receipt-qr' : null,
      lang: this.config.locale,
    });
    const attachments = qr
      ? [
          {
            filename: `receipt-${terminalId}-${receiptNo}-qr.png`,
            content: await QRCode.toBuffer(qr, { errorCorrectionLevel: 'M', margin: 2, scale: 4 }),
            contentType: 'image/png',
            cid: 'receipt-qr',
          },
        ]
      : [];
    return {
      to: address,
      from: this.config.from,
      subject: `${storeName}: receipt #${receiptNo}`,
      text,
      html,
      messageId: `<receipt.${terminalId}.${receiptNo}@tillproof>`,
      headers: { 'X-Tillproof-Receipt': `${terminalId}/${receiptNo}`, 'X-Tillproof-Total': `${body.total} ${body.currency}` },
      attachments,
    };
  }

  /** Messages by status (newest first), for `tillproof hq mail` and GET /v1/receipt-mail. */
  async list(options: { status?: ReceiptMailStatus; terminalId?: string; limit?: number } = {}): Promise<ReceiptMailRow[]> {
    return listReceiptMail(this.pool, options);
  }

  /** Scans and delivers every `pollMs` until stop(). Never throws: a database or SMTP failure is logged and retried. */
  start(): void {
    if (this.loop) return;
    const signal = this.stopping.signal;
    this.loop = runWorkerLoop(
      signal,
      this.config.pollMs,
      async () => {
        await this.scan();
        await this.deliverDue();
      },
      (e) => this.log.error(`e-receipt mail: ${errorMessage(e)}`),
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.transport.close();
  }
}

export async function listReceiptMail(
  pool: pg.Pool,
  options: { status?: ReceiptMailStatus; terminalId?: string; limit?: number } = {},
): Promise<ReceiptMailRow[]> {
  const r = await pool.query(
    `SELECT terminal_id AS "terminalId", receipt_no AS "receiptNo", member_id AS "memberId", address, total, currency, status, attempts,
            next_attempt_at AS "nextAttemptAt", last_error AS "lastError", message_id AS "messageId", created_at AS "createdAt", sent_at AS "sentAt"
     FROM hq_receipt_mail WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR terminal_id = $2)
     ORDER BY created_at DESC, terminal_id, receipt_no DESC LIMIT $3`,
    [options.status ?? null, options.terminalId ?? null, options.limit ?? 100],
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return r.rows.map((x: ReceiptMailRow & { nextAttemptAt: Date; createdAt: Date; sentAt: Date | null }) => ({
    ...x,
    nextAttemptAt: iso(x.nextAttemptAt)!,
    createdAt: iso(x.createdAt)!,
    sentAt: iso(x.sentAt),
  }));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML: every markup character escaped (product and store names come from data). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The HTML part of an e-receipt: the receipt exactly as printed, in a fixed-width block (so the
 * columns line up as on paper), the QR as an inline image, the signed payload and the verify
 * link. No remote content: mail apps show it without loading anything.
 */
export function receiptMailHtml(options: {
  title: string;
  receiptText: string;
  qr: string;
  link: string | null;
  qrImageCid: string | null;
  lang: string;
}): string {
  const e = escapeHtml;
  // Only an http(s) link becomes clickable; anything else is shown as text.
  const href = options.link && /^https?:\/\//i.test(options.link) ? options.link : null;
  return [
    '<!doctype html>',
    `<html lang="${e(options.lang)}"><head><meta charset="utf-8"><title>${e(options.title)}</title></head>`,
    '<body style="margin:0;padding:16px;background:#f4f5f7;color:#111">',
    '<div style="max-width:36em;margin:0 auto;background:#fff;padding:16px 20px;border-radius:8px">',
    `<pre style="font-family:'DejaVu Sans Mono',Consolas,'Noto Sans Mono CJK TC','Microsoft JhengHei',monospace;font-size:13px;line-height:1.35;white-space:pre;overflow-x:auto;margin:0">${e(options.receiptText)}</pre>`,
    ...(options.qrImageCid
      ? [
          `<p style="text-align:center;margin:16px 0 4px"><img src="cid:${e(options.qrImageCid)}" alt="Receipt QR code" width="180" height="180"></p>`,
        ]
      : []),
    ...(options.qr
      ? [
          '<p style="font-size:12px;color:#444;margin:12px 0 4px">Verify this receipt (signed by the till):</p>',
          `<p style="font-family:monospace;font-size:11px;word-break:break-all;margin:0">${e(options.qr)}</p>`,
        ]
      : []),
    ...(href
      ? [`<p style="margin:12px 0 0"><a href="${e(href)}">${e(href)}</a></p>`]
      : options.link
        ? [`<p style="margin:12px 0 0">${e(options.link)}</p>`]
        : []),
    '</div></body></html>',
  ].join('\n');
}
