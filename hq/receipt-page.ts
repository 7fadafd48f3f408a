import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { EntryBody } from '../core/ledger/bodies.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { formatMinor } from '../core/money/money.ts';
import { buildReturnReceipt, buildSaleReceipt, localTime, renderReceiptText } from '../core/receipts/receipt-document.ts';
import { parseReceiptQr, RECEIPT_PAGE_PATH, receiptQrPayload, verifyReceiptQr, type ReceiptClaim } from '../core/receipts/receipt-qr.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import type { HqConfig } from './config.ts';
import { escapeHtml } from './receipt-mail.ts';

// The readable receipt behind the printed QR (docs/hq.md "The receipt QR"): a phone camera opens
// <HQ>/r?q=<signed payload>. HQ checks the payload strictly against the till's registered key,
// finds the stored sale (or return) and shows it as printed; a till that has not synced it yet
// still gets a page with what the signed payload proves. No script, no remote content.

type Locale = 'en' | 'zh-TW' | 'zh-CN';

const TEXT: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Receipt',
    verified: 'Verified: signed by till {till}',
    pending: 'Not yet received by HQ: the till has not sent this receipt yet. What the signed code proves:',
    receiptNo: 'Receipt',
    time: 'Time',
    total: 'Total',
    malformed: 'This is not a Tillproof receipt code. Scan the QR code on the receipt again.',
    unknownTill: 'Till {till} is not enrolled at this HQ: this receipt cannot be checked here.',
    refused: 'NOT GENUINE: {reason}',
    failed: 'HQ could not show this receipt right now; try again later.',
    payload: 'Signed receipt code (check offline: tillproof receipt verify)',
  },
  'zh-TW': {
    title: '收據',
    verified: '已驗證：由收銀機 {till} 簽章',
    pending: '總部尚未收到：收銀機還沒傳送這張收據。簽章碼可證明：',
    receiptNo: '收據',
    time: '時間',
    total: '總計',
    malformed: '這不是 Tillproof 收據碼，請重新掃描收據上的 QR 碼。',
    unknownTill: '收銀機 {till} 未在此總部註冊，無法在此驗證這張收據。',
    refused: '非真實收據：{reason}',
    failed: '總部目前無法顯示這張收據，請稍後再試。',
    payload: '簽章收據碼（離線驗證：tillproof receipt verify）',
  },
  'zh-CN': {
    title: '收据',
    verified: '已验证：由收银机 {till} 签名',
    pending: '总部尚未收到：收银机还没发送这张收据。签名码可证明：',
    receiptNo: '收据',
    time: '时间',
    total: '总计',
    malformed: '这不是 Tillproof 收据码，请重新扫描收据上的二维码。',
    unknownTill: '收银机 {till} 未在此总部注册，无法在此验证这张收据。',
    refused: '非真实收据：{reason}',
    failed: '总部目前无法显示这张收据，请稍后再试。',
    payload: '签名收据码（离线验证：tillproof receipt verify）',
  },
};

function say(locale: Locale, key: string, vars: Record<string, string> = {}): string {
  return TEXT[locale][key]!.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}

function page(locale: Locale, body: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(say(locale, 'title'))}</title></head>`,
    '<body style="margin:0;padding:12px;background:#f4f5f7;color:#111;font-family:system-ui,sans-serif">',
    '<main style="max-width:36em;margin:0 auto;background:#fff;padding:16px 20px;border-radius:8px">',
    ...body,
    '</main></body></html>',
  ].join('\n');
}

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    )
    .send(body);
}

const banner = (text: string, ok: boolean) =>
  `<p role="status" style="padding:8px 12px;border-radius:6px;font-weight:600;background:${ok ? '#e3f5e6' : '#fde8e8'};color:${ok ? '#1b5e20' : '#8a1c1c'}">${escapeHtml(text)}</p>`;

const payloadBlock = (locale: Locale, payload: string) => [
  `<p style="font-size:12px;color:#444;margin:16px 0 4px">${escapeHtml(say(locale, 'payload'))}</p>`,
  `<p style="font-family:monospace;font-size:11px;word-break:break-all;margin:0">${escapeHtml(payload)}</p>`,
];

/** The stored sale or return a receipt code names, by terminal and receipt number (index ledger_entries_receipt_no, HQ migration 0010). */
export const RECEIPT_LOOKUP_SQL = `SELECT e.body, e.ended_at AS "endedAt", e.operator_id AS "operatorId", t.store_id AS "storeId",
            (SELECT record->>'name' FROM hq_master_records WHERE section = 'staff' AND key = e.operator_id) AS "operatorName"
     FROM ledger_entries e JOIN hq_terminals t USING (terminal_id)
     WHERE e.terminal_id = $1 AND e.kind = $2 AND e.kind IN ('sale', 'return') AND (e.body::jsonb ->> 'receiptNo') = $4
       AND strpos(e.body, $3) > 0`;

interface StoredReceipt {
  body: EntryBody<'sale'> | EntryBody<'return'>;
  endedAt: string;
  operatorName: string | null;
  memberName: string | null;
  storeId: string;
}

/** The stored entry the payload names: same terminal, kind and receipt number, and the very payload signed into it. */
async function storedReceipt(pool: pg.Pool, claim: ReceiptClaim, payload: string): Promise<StoredReceipt | null> {
  const r = await pool.query<{ body: string; endedAt: string; operatorId: string | null; operatorName: string | null; storeId: string }>(
    RECEIPT_LOOKUP_SQL,
    [claim.terminalId, claim.kind, payload, String(claim.receiptNo)],
  );
  for (const row of r.rows) {
    const body = JSON.parse(row.body) as EntryBody<'sale'>;
    if (body.receiptNo !== claim.receiptNo || body.receiptQr !== payload) continue;
    const memberId = claim.kind === 'sale' ? body.member?.memberId : undefined;
    const member = memberId
      ? await pool.query<{ name: string }>(`SELECT record->>'name' AS name FROM hq_master_records WHERE section = 'member' AND key = $1`, [
          memberId,
        ])
      : null;
    return {
      body,
      endedAt: row.endedAt,
      operatorName: row.operatorName ?? row.operatorId,
      memberName: member?.rows[0]?.name ?? null,
      storeId: row.storeId,
    };
  }
  return null;
}

function receiptText(config: HqConfig, claim: ReceiptClaim, stored: StoredReceipt, payload: string, locale: Locale): string {
  const ctx = {
    storeName: config.mail?.storeNames[stored.storeId] ?? config.notices?.storeNames?.[stored.storeId] ?? stored.storeId,
    address: [],
    terminalId: claim.terminalId,
    timeZone: config.mail?.timeZone ?? config.notices?.timeZone ?? 'UTC',
    locale,
    width: 42,
    minorDigits: minorDigitsOf(stored.body.currency, { TWD: 0 }),
    header: [],
    footer: [],
  };
  const meta = {
    endedAt: stored.endedAt,
    operatorName: stored.operatorName,
    qr: payload,
    copyNo: 0,
    ...(stored.memberName ? { memberName: stored.memberName } : {}),
  };
  const doc =
    claim.kind === 'sale'
      ? buildSaleReceipt(stored.body as EntryBody<'sale'>, meta, ctx)
      : buildReturnReceipt(stored.body as EntryBody<'return'>, meta, ctx);
  return renderReceiptText(doc);
}

/** GET /r?q=<payload>: the readable receipt, or a page saying clearly why not. */
export function registerReceiptPage(
  app: FastifyInstance,
  options: {
    pool: pg.Pool;
    config: HqConfig;
    log: Logger;
    track?: (
      handler: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
    ) => (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  },
): void {
  const { pool, config, log } = options;
  const locale: Locale = config.mail?.locale ?? config.notices?.locale ?? 'en';
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const q = (req.query as { q?: unknown }).q;
      const payload = typeof q === 'string' && q.length <= 1000 ? receiptQrPayload(q) : '';
      const parsed = payload ? parseReceiptQr(payload) : null;
      if (!parsed) return send(reply, 400, page(locale, [banner(say(locale, 'malformed'), false)]));
      const { claim } = parsed;
      const till = await pool.query<{ keys: Record<string, string> | null; publicKey: string; keyId: string }>(
        `SELECT public_key AS "publicKey", key_id AS "keyId", verifier_state -> 'publicKeys' AS keys FROM hq_terminals WHERE terminal_id = $1`,
        [claim.terminalId],
      );
      const row = till.rows[0];
      if (!row) return send(reply, 404, page(locale, [banner(say(locale, 'unknownTill', { till: claim.terminalId }), false)]));
      const keys: Record<string, string> = { ...(row.keys ?? {}), [row.keyId]: row.publicKey };
      const key = keys[claim.keyId];
      const check = key
        ? verifyReceiptQr(nodeLedgerCrypto, fromBase64(key), claim.keyId, payload)
        : ({ ok: false, message: `signed with key ${claim.keyId}, which till ${claim.terminalId} never registered` } as const);
      if (!check.ok) return send(reply, 400, page(locale, [banner(say(locale, 'refused', { reason: check.message }), false)]));
      const verified = banner(say(locale, 'verified', { till: claim.terminalId }), true);
      const stored = await storedReceipt(pool, claim, payload);
      if (stored) {
        const text = receiptText(config, claim, stored, payload, locale);
        return send(
          reply,
          200,
          page(locale, [
            verified,
            `<pre style="font-family:'DejaVu Sans Mono',Consolas,'Noto Sans Mono CJK TC',monospace;font-size:13px;line-height:1.35;white-space:pre;overflow-x:auto;margin:0">${escapeHtml(text)}</pre>`,
            ...payloadBlock(locale, payload),
          ]),
        );
      }
      const digits = minorDigitsOf(claim.currency, { TWD: 0 });
      const timeZone = config.mail?.timeZone ?? config.notices?.timeZone ?? 'UTC';
      return send(
        reply,
        200,
        page(locale, [
          verified,
          `<p>${escapeHtml(say(locale, 'pending'))}</p>`,
          '<dl>',
          `<dt>${escapeHtml(say(locale, 'receiptNo'))}</dt><dd>#${claim.receiptNo} (${escapeHtml(claim.kind)})</dd>`,
          `<dt>${escapeHtml(say(locale, 'time'))}</dt><dd>${escapeHtml(localTime(claim.issuedAt, timeZone))}</dd>`,
          `<dt>${escapeHtml(say(locale, 'total'))}</dt><dd>${escapeHtml(`${claim.currency} ${formatMinor(claim.total, digits)}`)}</dd>`,
          '</dl>',
          ...payloadBlock(locale, payload),
        ]),
      );
    } catch (e) {
      log.error(`GET ${RECEIPT_PAGE_PATH} failed: ${errorMessage(e)}`, { error: e });
      return send(reply, 500, page(locale, [banner(say(locale, 'failed'), false)]));
    }
  };
  app.get(RECEIPT_PAGE_PATH, (options.track ?? ((h) => h))(handler));
}
