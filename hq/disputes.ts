import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { errorMessage } from '../core/shared/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { MailConfig, NoticeConfig } from './config.ts';
import { recordDisputeCases } from './loss-cases.ts';
import { noticeEvidence, noticeStyle } from './member-notices.ts';
import { confirmationPage, recordedPage, refusedPage, type NoticeLocale } from './notice-text.ts';
import { verifyNoticeToken } from './notice-token.ts';

// "This wasn't me" (issue #14): the link in a member's purchase notice opens a page showing the
// purchase; its button records a dispute linked to the ledger entries (terminal, seq, hash), for
// loss prevention (`tillproof hq disputes`, and as a case in `tillproof hq loss cases`), counted per salesperson and per member. A forged or
// expired link gets a plain page saying so, never a stack trace; a second click finds the first dispute.

export interface DisputeRow {
  disputeId: number;
  terminalId: string;
  seq: number;
  entryHash: string;
  kind: string;
  storeId: string;
  memberId: string;
  salespersonIds: string[];
  cashierId: string | null;
  amount: number;
  currency: string;
  businessDay: string;
  entries: Array<{ terminalId: string; seq: number; hash: string; kind: string }>;
  comment: string | null;
  status: string;
  createdAt: string;
}

export type DisputeOutcome = { disputeId: number; created: boolean } | null;

/** Records a dispute about one noticed entry, or finds the one already recorded. Null when HQ does not hold the entry. */
export async function recordDispute(
  pool: pg.Pool,
  input: { terminalId: string; seq: number; memberId: string; comment: string | null; remoteAddress: string | null },
): Promise<DisputeOutcome> {
  const evidence = await noticeEvidence(pool, input.terminalId, input.seq);
  if (!evidence || evidence.facts.memberId !== input.memberId) return null;
  const { facts, entries } = evidence;
  const inserted = await pool.query<{ id: number }>(
    `INSERT INTO hq_disputes (terminal_id, seq, entry_hash, kind, store_id, member_id, salesperson_ids, cashier_id, amount, currency,
                              business_day, entries, comment, remote_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (terminal_id, seq) DO NOTHING RETURNING dispute_id AS id`,
    [
      input.terminalId,
      input.seq,
      entries[0]!.hash,
      facts.kind,
      facts.storeId,
      facts.memberId,
      evidence.salespersonIds,
      evidence.cashierId,
      facts.amount,
      facts.currency,
      evidence.businessDay,
      JSON.stringify(entries),
      input.comment,
      input.remoteAddress,
    ],
  );
  if (inserted.rows[0]) {
    // Loss prevention sees it at once, as a `member-dispute` case (hq/loss-cases.ts).
    await recordDisputeCases(pool);
    return { disputeId: Number(inserted.rows[0].id), created: true };
  }
  const existing = await pool.query<{ id: number }>('SELECT dispute_id AS id FROM hq_disputes WHERE terminal_id = $1 AND seq = $2', [
    input.terminalId,
    input.seq,
  ]);
  return { disputeId: Number(existing.rows[0]!.id), created: false };
}

export async function listDisputes(
  pool: pg.Pool,
  options: { memberId?: string; staffId?: string; limit?: number } = {},
): Promise<DisputeRow[]> {
  const r = await pool.query<Omit<DisputeRow, 'createdAt'> & { createdAt: Date }>(
    `SELECT dispute_id AS "disputeId", terminal_id AS "terminalId", seq, entry_hash AS "entryHash", kind, store_id AS "storeId",
            member_id AS "memberId", salesperson_ids AS "salespersonIds", cashier_id AS "cashierId", amount, currency,
            business_day::text AS "businessDay", entries, comment, status, created_at AS "createdAt"
     FROM hq_disputes WHERE ($1::text IS NULL OR member_id = $1) AND ($2::text IS NULL OR $2 = ANY(salesperson_ids) OR cashier_id = $2)
     ORDER BY created_at DESC, dispute_id DESC LIMIT $3`,
    [options.memberId ?? null, options.staffId ?? null, options.limit ?? 100],
  );
  return r.rows.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
}

export interface DisputeCounts {
  /** Disputes about sales each salesperson made (a sale with two salespersons counts for both). */
  bySalesperson: Array<{ staffId: string; disputes: number; amount: number }>;
  byMember: Array<{ memberId: string; disputes: number; amount: number }>;
}

export async function disputeCounts(pool: pg.Pool, options: { from?: string; to?: string } = {}): Promise<DisputeCounts> {
  const range = `($1::date IS NULL OR business_day >= $1::date) AND ($2::date IS NULL OR business_day <= $2::date)`;
  const params = [options.from ?? null, options.to ?? null];
  const staff = await pool.query<{ staffId: string; disputes: number; amount: number }>(
    `SELECT s AS "staffId", COUNT(*)::int AS disputes, SUM(amount)::bigint AS amount FROM hq_disputes, unnest(salesperson_ids) AS s
     WHERE ${range} GROUP BY s ORDER BY disputes DESC, s`,
    params,
  );
  const members = await pool.query<{ memberId: string; disputes: number; amount: number }>(
    `SELECT member_id AS "memberId", COUNT(*)::int AS disputes, SUM(amount)::bigint AS amount FROM hq_disputes
     WHERE ${range} GROUP BY member_id ORDER BY disputes DESC, member_id`,
    params,
  );
  return { bySalesperson: staff.rows, byMember: members.rows };
}

// ---------------------------------------------------------------------------------------------
// The pages

export const NOT_ME_PATH = '/notices/not-me';

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(body);
}

/** The token of a GET (query `t`) or of the form POSTed (application/x-www-form-urlencoded, raw). */
function formOf(req: FastifyRequest): URLSearchParams {
  if (req.method === 'GET') {
    const t = (req.query as { t?: unknown }).t;
    return new URLSearchParams(typeof t === 'string' ? { t } : {});
  }
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  return new URLSearchParams(body.length <= 16_384 ? body : '');
}

export function registerDisputeRoutes(
  app: FastifyInstance,
  options: {
    pool: pg.Pool;
    config: NoticeConfig;
    mail: MailConfig | undefined;
    secret: string;
    now: () => number;
    log: Logger;
    /** Lets the server's close() wait for a request in progress. */
    track?: (
      handler: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
    ) => (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  },
): void {
  const locale: NoticeLocale = options.config.locale ?? options.mail?.locale ?? 'en';
  const handle = (create: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const form = formOf(req);
      const token = form.get('t') ?? '';
      const check = verifyNoticeToken(token, options.secret, options.now());
      if (!check.ok)
        return html(reply, check.reason === 'expired' ? 410 : 400, refusedPage(locale, check.reason === 'expired' ? 'expired' : 'invalid'));
      const { terminalId, seq, memberId } = check.claim;
      if (!create) {
        const evidence = await noticeEvidence(options.pool, terminalId, seq);
        if (!evidence || evidence.facts.memberId !== memberId) return html(reply, 404, refusedPage(locale, 'invalid'));
        const style = noticeStyle(options.config, options.mail, evidence.facts.storeId);
        return html(reply, 200, confirmationPage(evidence.facts, style, token, NOT_ME_PATH));
      }
      const comment = (form.get('comment') ?? '').trim().slice(0, 1000) || null;
      const outcome = await recordDispute(options.pool, { terminalId, seq, memberId, comment, remoteAddress: req.ip ?? null });
      if (!outcome) return html(reply, 404, refusedPage(locale, 'invalid'));
      if (outcome.created)
        options.log.warn(`dispute ${outcome.disputeId}: member ${memberId} says terminal ${terminalId} #${seq} was not them`);
      return html(reply, 200, recordedPage(locale, outcome.disputeId, !outcome.created));
    } catch (e) {
      options.log.error(`${req.method} ${NOT_ME_PATH} failed: ${errorMessage(e)}`, { error: e });
      return html(reply, 500, refusedPage(locale, 'failed'));
    }
  };
  const track = options.track ?? ((h) => h);
  app.get(NOT_ME_PATH, track(handle(false)));
  app.post(NOT_ME_PATH, track(handle(true)));
}
