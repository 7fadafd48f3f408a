// Loss-prevention cases at HQ (issue #14): the rules of core/loss/loss-scan.ts run over the
// entries every terminal sent (so a pattern spanning tills or stores is seen), each case kept in
// hq_loss_cases with its evidence as (terminal, seq, hash), and reviewed by loss prevention with
// an append-only history (hq_loss_case_reviews). A re-scan finds the case it found before by its
// evidence and updates it; a case reviewed or dismissed stays so unless new evidence joins it.
// A member's "this wasn't me" dispute (hq/disputes.ts) is a case too, rule `member-dispute`.
// A till's own reviews (`loss-review` entries) are recorded on ingest and join the HQ case with
// the same rule and an overlapping evidence as soon as HQ has it; a review 'fine' (at HQ or at a
// till) makes its pattern an accepted one (core/loss/accepted-patterns.ts), listed after the rest.
import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { JsonValue } from '../core/ledger/canonical.ts';
import { acceptedLast, acceptingReview, finePatterns, type FineReview } from '../core/loss/accepted-patterns.ts';
import { DEFAULT_LOSS_RULES, LOSS_SCAN_KINDS, scanLoss, type LossCase, type LossRules } from '../core/loss/loss-scan.ts';
import type { LossReason } from '../core/loss/loss-text.ts';

export const CASE_STATUSES = ['open', 'reviewed', 'dismissed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Outcomes of a review at HQ; 'fine' also accepts the case's pattern (rule, staff, member) for 28 days. */
export const REVIEW_OUTCOMES = ['confirmed', 'false-alarm', 'dismissed', 'fine'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
/** Outcomes of a review at a till (`loss-review` entries). */
export type TillReviewOutcome = 'fraud' | 'error' | 'fine';

/** Days read before `from` so rules comparing with a member's other days or a staff member's peers have them. */
export const LOOKBACK_DAYS = 28;

/** Serialises scans (two at once would both insert the same new case). */
const SCAN_LOCK = 0x5450_4c43; // 'TPLC'

export interface EvidenceRef {
  terminalId: string;
  seq: number;
  hash: string;
}

export interface CaseReview {
  outcome: ReviewOutcome | TillReviewOutcome | 'reopened';
  note: string;
  by: string;
  at: string;
  /** The till's `loss-review` entry this review came from; null for a review at HQ or a re-opening. */
  from: { terminalId: string; seq: number } | null;
}

/** The review 'fine' that makes a case's pattern an accepted one. */
export interface AcceptedBy {
  by: string;
  at: string;
  note: string;
  /** The business day of the review (the pattern stays accepted 28 days after it). */
  day: string;
  /** The case reviewed fine at HQ (null: a till's review of a case HQ does not have yet). */
  caseId: number | null;
  /** The till's `loss-review` entry; null for a review at HQ. */
  from: { terminalId: string; seq: number } | null;
}

export interface HqLossCase {
  caseId: number;
  caseKey: string;
  rule: string;
  score: number;
  staffIds: string[];
  memberId: string | null;
  storeIds: string[];
  terminalId: string;
  businessDay: string;
  amountAtRisk: number;
  explanation: string;
  /** The facts the rule recorded (null for a member's dispute), for wording the case in another language. */
  reason: LossReason | null;
  evidence: EvidenceRef[];
  disputeId: number | null;
  status: CaseStatus;
  foundAt: string;
  lastFoundAt: string;
  reviews: CaseReview[];
  /** For an open case: the review 'fine' of its pattern (within 28 days) that accepts it; such cases are listed last. */
  acceptedBy: AcceptedBy | null;
}

export interface HqScanResult {
  terminals: number;
  entries: number;
  /** Cases the rules found this time. */
  found: number;
  /** Of those, new cases recorded. */
  created: number;
  /** Found before and reviewed or dismissed, re-opened because new evidence joined them. */
  reopened: number;
  /** Disputes recorded as cases this time. */
  disputes: number;
  /** Reviews made at a till that joined their case this time (the case was new to HQ). */
  tillReviews: number;
  cases: HqLossCase[];
}

const ref = (e: { terminalId: string; seq: number }) => `${e.terminalId}#${e.seq}`;

/** The stable key of a case: its rule and the entries it was first found with, in order. */
export function caseKey(rule: string, evidence: ReadonlyArray<{ terminalId: string; seq: number }>): string {
  const refs = [...new Set(evidence.map(ref))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${rule}|${refs.join(',')}`;
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** What the rules read of a stored entry (core/loss reads no hash, signature or start time). */
interface ScanRow {
  terminal_id: string;
  seq: string | number;
  kind: string;
  business_day: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
}

/**
 * The entry a scan row holds. The chain fields are left empty: the rules never read them, and the
 * hashes of a case's evidence are read afterwards for its entries only (`evidenceHashes`).
 */
function scanEntry(r: ScanRow): LedgerEntry {
  return {
    v: 1,
    terminalId: r.terminal_id,
    seq: Number(r.seq),
    kind: r.kind,
    businessDay: r.business_day,
    startedAt: r.ended_at,
    endedAt: r.ended_at,
    operatorId: r.operator_id,
    body: JSON.parse(r.body) as JsonValue,
    prevHash: '',
    hash: '',
    signature: '',
    keyId: '',
  };
}

/** Rows read per round trip of the cursor: large enough that the round trips do not count. */
const SCAN_BATCH = 20_000;

/**
 * The stored entries of the stores asked (every store when none), business days from-LOOKBACK..to,
 * of the kinds the rules read (LOSS_SCAN_KINDS) and only the columns they read, streamed through a
 * cursor in large batches so parsing a batch overlaps PostgreSQL reading the next.
 */
export async function storedEntriesFor(
  db: pg.PoolClient,
  options: { storeId?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<{ entries: LedgerEntry[]; terminals: number; storeOf: Map<string, string> }> {
  const terminals = await db.query<{ terminal_id: string; store_id: string }>(
    'SELECT terminal_id, store_id FROM hq_terminals WHERE ($1::text IS NULL OR store_id = $1) ORDER BY terminal_id',
    [options.storeId ?? null],
  );
  const storeOf = new Map(terminals.rows.map((r) => [r.terminal_id, r.store_id]));
  const entries: LedgerEntry[] = [];
  await db.query('BEGIN READ ONLY');
  try {
    await db.query(
      `DECLARE loss_scan NO SCROLL CURSOR FOR
       SELECT terminal_id, seq, kind, to_char(business_day, 'YYYY-MM-DD') AS business_day, ended_at, operator_id, body FROM ledger_entries
       WHERE terminal_id = ANY($1::text[]) AND kind = ANY($4::text[])
         AND ($2::date IS NULL OR business_day >= $2::date) AND ($3::date IS NULL OR business_day <= $3::date)
       ORDER BY terminal_id, seq`,
      [[...storeOf.keys()], options.from ? addDays(options.from, -LOOKBACK_DAYS) : null, options.to ?? null, [...LOSS_SCAN_KINDS]],
    );
    let next = db.query<ScanRow>(`FETCH ${SCAN_BATCH} FROM loss_scan`);
    for (;;) {
      const batch = await next;
      if (batch.rows.length === SCAN_BATCH) next = db.query<ScanRow>(`FETCH ${SCAN_BATCH} FROM loss_scan`);
      for (const r of batch.rows) entries.push(scanEntry(r));
      if (batch.rows.length < SCAN_BATCH) break;
    }
    await db.query('COMMIT');
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
  return { entries, terminals: storeOf.size, storeOf };
}

/** The stored hashes of the cases' evidence entries (among `entries`), by "terminal#seq". */
async function evidenceHashes(
  db: pg.PoolClient,
  cases: readonly LossCase[],
  entries: readonly LedgerEntry[],
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const c of cases) for (const e of c.evidence) wanted.add(ref(e));
  // With the business day, each lookup is one primary-key probe in one month's partition.
  const list = wanted.size ? entries.filter((e) => wanted.has(ref(e))) : [];
  const r = await db.query<{ terminal_id: string; seq: string | number; hash: string }>(
    `SELECT e.terminal_id, e.seq, e.hash FROM unnest($1::text[], $2::bigint[], $3::date[]) AS w(terminal_id, seq, business_day)
     JOIN ledger_entries e ON e.terminal_id = w.terminal_id AND e.seq = w.seq AND e.business_day = w.business_day`,
    [list.map((e) => e.terminalId), list.map((e) => e.seq), list.map((e) => e.businessDay)],
  );
  return new Map(r.rows.map((row) => [`${row.terminal_id}#${Number(row.seq)}`, row.hash]));
}

/**
 * Runs the rules over the stored entries of the period and records each case: a case whose
 * evidence overlaps one recorded under the same rule updates it (re-opening it when reviewed or
 * dismissed and new entries joined), any other is added. Then records open disputes as cases.
 */
export async function scanLossAtHq(
  pool: pg.Pool,
  options: { storeId?: string | undefined; from?: string | undefined; to?: string | undefined; rules?: LossRules } = {},
): Promise<HqScanResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCAN_LOCK]);
    try {
      const { entries, terminals, storeOf } = await storedEntriesFor(client, options);
      const found = scanLoss(entries, options.rules ?? DEFAULT_LOSS_RULES, { from: options.from, to: options.to });
      const hashOf = await evidenceHashes(client, found, entries);
      const ids: number[] = [];
      let created = 0;
      let reopened = 0;
      for (const c of found) {
        const outcome = await recordCase(client, c, hashOf, storeOf);
        ids.push(outcome.caseId);
        if (outcome.created) created++;
        if (outcome.reopened) reopened++;
      }
      const disputes = await recordDisputeCases(client);
      const tillReviews = await inTransaction(client, () => linkTillLossReviews(client));
      const cases = await listLossCases(client, { caseIds: ids });
      return { terminals, entries: entries.length, found: found.length, created, reopened, disputes, tillReviews, cases };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCAN_LOCK]);
    }
  } finally {
    client.release();
  }
}

async function recordCase(
  db: pg.PoolClient,
  c: LossCase,
  hashOf: ReadonlyMap<string, string>,
  storeOf: ReadonlyMap<string, string>,
): Promise<{ caseId: number; created: boolean; reopened: boolean }> {
  const evidence: EvidenceRef[] = c.evidence.map((e) => ({ ...e, hash: hashOf.get(ref(e)) ?? '' }));
  const refs = evidence.map(ref);
  const storeIds = [...new Set(evidence.map((e) => storeOf.get(e.terminalId)).filter((s): s is string => s !== undefined))].sort();
  const fields = [
    c.score,
    c.staffIds,
    c.memberId,
    storeIds,
    c.terminalId,
    c.businessDay,
    c.amountAtRisk,
    c.explanation,
    JSON.stringify(c.reason),
  ];
  await db.query('BEGIN');
  try {
    const before = await db.query<{ case_id: string; status: CaseStatus; evidence_refs: string[] }>(
      `SELECT case_id, status, evidence_refs FROM hq_loss_cases WHERE rule = $1 AND (evidence_refs && $2::text[] OR case_key = $3)
       ORDER BY case_id LIMIT 1 FOR UPDATE`,
      [c.rule, refs, caseKey(c.rule, c.evidence)],
    );
    const prior = before.rows[0];
    if (!prior) {
      const inserted = await db.query<{ case_id: string }>(
        `INSERT INTO hq_loss_cases (score, staff_ids, member_id, store_ids, terminal_id, business_day, amount_at_risk, explanation, reason,
                                    case_key, rule, evidence, evidence_refs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING case_id`,
        [...fields, caseKey(c.rule, c.evidence), c.rule, JSON.stringify(evidence), refs],
      );
      await db.query('COMMIT');
      return { caseId: Number(inserted.rows[0]!.case_id), created: true, reopened: false };
    }
    // Evidence only grows: entries found before stay named even if this scan's period left them out.
    const known = new Set(prior.evidence_refs);
    const joined = evidence.filter((e) => !known.has(ref(e)));
    const reopen = joined.length > 0 && prior.status !== 'open';
    await db.query(
      `UPDATE hq_loss_cases SET score = $1, staff_ids = $2, member_id = $3, store_ids = ARRAY(SELECT DISTINCT unnest(store_ids || $4::text[]) ORDER BY 1),
              terminal_id = $5, business_day = $6, amount_at_risk = $7, explanation = $8, reason = $9,
              evidence = evidence || $11::jsonb, evidence_refs = evidence_refs || $12::text[], last_found_at = now(),
              status = CASE WHEN $13 THEN 'open' ELSE status END
       WHERE case_id = $10`,
      [...fields, prior.case_id, JSON.stringify(joined), joined.map(ref), reopen],
    );
    if (reopen)
      await db.query(`INSERT INTO hq_loss_case_reviews (case_id, outcome, note, reviewed_by) VALUES ($1, 'reopened', $2, 'scan')`, [
        prior.case_id,
        `new evidence: ${joined.map(ref).join(', ')}`,
      ]);
    await db.query('COMMIT');
    return { caseId: Number(prior.case_id), created: false, reopened: reopen };
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}

/** Records every dispute not yet a case as an open `member-dispute` case; returns how many. */
export async function recordDisputeCases(db: pg.Pool | pg.PoolClient): Promise<number> {
  const r = await db.query(
    `INSERT INTO hq_loss_cases (case_key, rule, score, staff_ids, member_id, store_ids, terminal_id, business_day, amount_at_risk,
                                explanation, evidence, evidence_refs, dispute_id)
     SELECT 'member-dispute|dispute#' || d.dispute_id, 'member-dispute', 90,
            ARRAY(SELECT DISTINCT s FROM unnest(d.salesperson_ids || COALESCE(ARRAY[d.cashier_id], '{}')) AS s WHERE s IS NOT NULL),
            d.member_id, ARRAY[d.store_id], d.terminal_id, d.business_day, d.amount,
            'Member ' || d.member_id || ' says the ' || d.kind || ' of ' || d.amount || ' ' || d.currency || ' at ' || d.store_id || ' '
              || d.terminal_id || ' seq ' || d.seq || ' on ' || d.business_day || ' was not them'
              || COALESCE(': "' || d.comment || '"', '') || '.',
            (SELECT jsonb_agg(jsonb_build_object('terminalId', e->>'terminalId', 'seq', (e->>'seq')::bigint, 'hash', e->>'hash'))
               FROM jsonb_array_elements(d.entries) AS e),
            ARRAY(SELECT (e->>'terminalId') || '#' || (e->>'seq') FROM jsonb_array_elements(d.entries) AS e),
            d.dispute_id
     FROM hq_disputes d WHERE NOT EXISTS (SELECT 1 FROM hq_loss_cases c WHERE c.dispute_id = d.dispute_id)
     ON CONFLICT DO NOTHING`,
  );
  return r.rowCount ?? 0;
}

/** Runs `work` in a transaction on `db` (a client not in one). */
async function inTransaction<T>(db: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    const result = await work();
    await db.query('COMMIT');
    return result;
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}

/**
 * Records the `loss-review` entries among a terminal's stored entries `from..to` (on ingest, in
 * the batch's transaction, so a stored review is never without its record) and links every
 * review waiting for its case. Idempotent by (terminal, seq). Returns how many were recorded.
 */
export async function recordTillLossReviews(db: pg.PoolClient, terminalId: string, range: { from: number; to: number }): Promise<number> {
  const r = await db.query(
    `INSERT INTO hq_till_loss_reviews (terminal_id, seq, rule, evidence_refs, staff_ids, member_id, business_day, outcome, note,
                                       reviewed_by, reviewed_at, review_day)
     SELECT e.terminal_id, e.seq, b ->> 'rule',
            ARRAY(SELECT (x ->> 'terminalId') || '#' || (x ->> 'seq') FROM jsonb_array_elements(b -> 'evidence') AS x),
            ARRAY(SELECT jsonb_array_elements_text(b -> 'staffIds')), b ->> 'memberId', (b ->> 'businessDay')::date,
            b ->> 'outcome', b ->> 'note', e.operator_id, e.ended_at::timestamptz, e.business_day
     FROM ledger_entries e CROSS JOIN LATERAL (SELECT e.body::jsonb AS b) AS j
     WHERE e.terminal_id = $1 AND e.seq BETWEEN $2 AND $3 AND e.kind = 'loss-review' AND b ->> 'outcome' IN ('fraud', 'error', 'fine')
     ON CONFLICT DO NOTHING`,
    [terminalId, range.from, range.to],
  );
  const recorded = r.rowCount ?? 0;
  if (recorded > 0) await linkTillLossReviews(db);
  return recorded;
}

const STATUS_AFTER_TILL: Record<TillReviewOutcome, CaseStatus> = { fraud: 'reviewed', error: 'dismissed', fine: 'dismissed' };

/**
 * Joins each till review still waiting to the HQ case of its rule whose evidence shares an entry
 * with the review's: the review goes into the case's history (naming its entry) and sets the
 * case's status as a review at HQ would. Run inside a transaction; returns how many were linked.
 */
async function linkTillLossReviews(db: pg.PoolClient): Promise<number> {
  const waiting = await db.query<{
    terminal_id: string;
    seq: string;
    outcome: TillReviewOutcome;
    note: string;
    reviewed_by: string | null;
    reviewed_at: Date;
    case_id: string | null;
  }>(
    `SELECT r.terminal_id, r.seq, r.outcome, r.note, r.reviewed_by, r.reviewed_at,
            (SELECT c.case_id FROM hq_loss_cases c WHERE c.rule = r.rule AND c.evidence_refs && r.evidence_refs ORDER BY c.case_id LIMIT 1) AS case_id
     FROM hq_till_loss_reviews r WHERE r.case_id IS NULL ORDER BY r.reviewed_at, r.terminal_id, r.seq FOR UPDATE OF r SKIP LOCKED`,
  );
  let linked = 0;
  for (const w of waiting.rows) {
    if (w.case_id === null) continue;
    await db.query('UPDATE hq_till_loss_reviews SET case_id = $3 WHERE terminal_id = $1 AND seq = $2', [w.terminal_id, w.seq, w.case_id]);
    const added = await db.query(
      `INSERT INTO hq_loss_case_reviews (case_id, outcome, note, reviewed_by, reviewed_at, source_terminal_id, source_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [w.case_id, w.outcome, w.note, w.reviewed_by ?? 'till', w.reviewed_at, w.terminal_id, w.seq],
    );
    if (!added.rowCount) continue;
    await db.query('UPDATE hq_loss_cases SET status = $2 WHERE case_id = $1', [w.case_id, STATUS_AFTER_TILL[w.outcome]]);
    linked++;
  }
  return linked;
}

/** Every review 'fine' (at HQ: the case's pattern; at a till: the pattern the till's review named), oldest first. */
async function fineReviews(db: pg.Pool | pg.PoolClient): Promise<Array<FineReview<AcceptedBy>>> {
  const r = await db.query<{
    rule: string;
    staffIds: string[];
    memberId: string | null;
    day: string;
    by: string;
    at: string;
    note: string;
    caseId: string | null;
    terminalId: string | null;
    seq: string | null;
  }>(
    `SELECT * FROM (
       SELECT c.rule, c.staff_ids AS "staffIds", c.member_id AS "memberId", to_char(v.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              v.reviewed_by AS by, to_char(v.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, v.note,
              v.case_id AS "caseId", NULL AS "terminalId", NULL::bigint AS seq
       FROM hq_loss_case_reviews v JOIN hq_loss_cases c USING (case_id) WHERE v.outcome = 'fine' AND v.source_terminal_id IS NULL
       UNION ALL
       SELECT r.rule, r.staff_ids, r.member_id, r.review_day::text, COALESCE(r.reviewed_by, 'till'),
              to_char(r.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), r.note, r.case_id, r.terminal_id, r.seq
       FROM hq_till_loss_reviews r WHERE r.outcome = 'fine'
     ) AS f ORDER BY day, at`,
  );
  return r.rows.map((x) => ({
    rule: x.rule,
    staffIds: x.staffIds,
    memberId: x.memberId,
    day: x.day,
    review: {
      by: x.by,
      at: x.at,
      note: x.note,
      day: x.day,
      caseId: x.caseId === null ? null : Number(x.caseId),
      from: x.terminalId === null ? null : { terminalId: x.terminalId, seq: Number(x.seq) },
    },
  }));
}

interface CaseRow {
  caseId: string;
  caseKey: string;
  rule: string;
  score: number;
  staffIds: string[];
  memberId: string | null;
  storeIds: string[];
  terminalId: string;
  businessDay: string;
  amountAtRisk: string;
  explanation: string;
  reason: LossReason | null;
  evidence: EvidenceRef[];
  disputeId: string | null;
  status: CaseStatus;
  foundAt: Date;
  lastFoundAt: Date;
  reviews: Array<{
    outcome: CaseReview['outcome'];
    note: string;
    by: string;
    at: string;
    terminalId: string | null;
    seq: number | null;
  }> | null;
}

/**
 * Cases, highest score first (then newest day), each with its review history oldest first; open
 * cases of an accepted pattern (core/loss/accepted-patterns.ts) after the others.
 */
export async function listLossCases(
  db: pg.Pool | pg.PoolClient,
  options: {
    status?: CaseStatus;
    storeId?: string;
    rule?: string;
    /** Only cases all of whose stores are among these (a regional manager's). */
    withinStores?: readonly string[];
    caseIds?: number[];
    limit?: number;
  } = {},
): Promise<HqLossCase[]> {
  const r = await db.query<CaseRow>(
    `SELECT c.case_id AS "caseId", c.case_key AS "caseKey", c.rule, c.score, c.staff_ids AS "staffIds", c.member_id AS "memberId",
            c.store_ids AS "storeIds", c.terminal_id AS "terminalId", c.business_day::text AS "businessDay",
            c.amount_at_risk AS "amountAtRisk", c.explanation, c.reason, c.evidence, c.dispute_id AS "disputeId", c.status,
            c.found_at AS "foundAt", c.last_found_at AS "lastFoundAt",
            (SELECT jsonb_agg(jsonb_build_object('outcome', v.outcome, 'note', v.note, 'by', v.reviewed_by,
                                                 'at', to_char(v.reviewed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                 'terminalId', v.source_terminal_id, 'seq', v.source_seq)
                              ORDER BY v.review_id)
               FROM hq_loss_case_reviews v WHERE v.case_id = c.case_id) AS reviews
     FROM hq_loss_cases c
     WHERE ($1::text IS NULL OR c.status = $1) AND ($2::text IS NULL OR $2 = ANY(c.store_ids))
       AND ($3::bigint[] IS NULL OR c.case_id = ANY($3::bigint[]))
       AND ($5::text IS NULL OR c.rule = $5) AND ($6::text[] IS NULL OR c.store_ids <@ $6::text[])
     ORDER BY c.score DESC, c.business_day DESC, c.case_id LIMIT $4`,
    [
      options.status ?? null,
      options.storeId ?? null,
      options.caseIds ?? null,
      options.limit ?? 1000,
      options.rule ?? null,
      options.withinStores ? [...options.withinStores] : null,
    ],
  );
  const patterns = r.rows.some((x) => x.status === 'open') ? finePatterns(await fineReviews(db)) : new Map<string, never[]>();
  const cases = r.rows.map((x): HqLossCase => {
    const caseId = Number(x.caseId);
    return {
      ...x,
      caseId,
      amountAtRisk: Number(x.amountAtRisk),
      disputeId: x.disputeId === null ? null : Number(x.disputeId),
      evidence: x.evidence.map((e) => ({ terminalId: e.terminalId, seq: Number(e.seq), hash: e.hash })),
      foundAt: x.foundAt.toISOString(),
      lastFoundAt: x.lastFoundAt.toISOString(),
      reviews: (x.reviews ?? []).map(({ terminalId, seq, ...v }) => ({
        ...v,
        from: terminalId === null ? null : { terminalId, seq: Number(seq) },
      })),
      // A case decided already keeps its decision; one is never accepted by its own review.
      acceptedBy: x.status === 'open' ? acceptingReview(patterns, x, (a) => a.caseId === caseId) : null,
    };
  });
  return acceptedLast(cases);
}

const STATUS_AFTER: Record<ReviewOutcome, CaseStatus> = {
  confirmed: 'reviewed',
  'false-alarm': 'dismissed',
  dismissed: 'dismissed',
  fine: 'dismissed',
};

/** Records a review of a case (kept for good) and sets the case's status from its outcome. Null when there is no such case. */
export async function reviewLossCase(
  pool: pg.Pool,
  caseId: number,
  review: { outcome: ReviewOutcome; note: string; by: string },
): Promise<HqLossCase | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const updated = await client.query('UPDATE hq_loss_cases SET status = $2 WHERE case_id = $1', [caseId, STATUS_AFTER[review.outcome]]);
      if (!updated.rowCount) {
        await client.query('ROLLBACK');
        return null;
      }
      await client.query('INSERT INTO hq_loss_case_reviews (case_id, outcome, note, reviewed_by) VALUES ($1, $2, $3, $4)', [
        caseId,
        review.outcome,
        review.note,
        review.by,
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
    return (await listLossCases(client, { caseIds: [caseId] }))[0] ?? null;
  } finally {
    client.release();
  }
}
