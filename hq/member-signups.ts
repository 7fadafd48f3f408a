import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { MemberRecord } from '../platform/hq-protocol.ts';
import { newTokenSecret, type MasterData } from './master-data.ts';

// Members who joined at a till (issue #15). The batch check picks the member-created entries out
// of what it verifies; ingest stores them with the entries, in the same transaction; then HQ
// publishes each new member in the members master data (with a new app secret), so every till
// finds them after its next pull. Phone, carrier and consent stay here: tills get no phone numbers.

/** One member-created entry, as HQ keeps it. */
export interface MemberSignup {
  seq: number;
  memberId: string;
  staffId: string | null;
  name: string;
  tier: string;
  phone: string | null;
  email: string | null;
  carrier: string | null;
  consent: Record<string, unknown>;
  consentAt: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The signup a member-created entry records (bodies are read defensively: HQ checks signatures, not schemas). */
export function memberSignupOf(entry: Pick<LedgerEntry, 'kind' | 'seq' | 'operatorId' | 'body'>): MemberSignup | null {
  if (entry.kind !== 'member-created' || !isRecord(entry.body)) return null;
  const { memberId, name, tier, consent, consentAt } = entry.body;
  if (typeof memberId !== 'string' || typeof name !== 'string' || typeof tier !== 'string' || !isRecord(consent)) return null;
  return {
    seq: entry.seq,
    memberId,
    staffId: entry.operatorId,
    name,
    tier,
    phone: optionalText(entry.body.phone),
    email: optionalText(entry.body.email),
    carrier: optionalText(entry.body.carrier),
    consent,
    consentAt: typeof consentAt === 'string' ? consentAt : '',
  };
}

const RECORD_SQL = `
INSERT INTO hq_member_signups (member_id, terminal_id, store_id, seq, staff_id, name, tier, phone, email, carrier, consent, consent_at)
SELECT m, $1, $2, s, st, n, t, p, e, c, co, ca
FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[])
  AS x(m, s, st, n, t, p, e, c, co, ca)
ON CONFLICT (member_id) DO NOTHING`;

/** Stores the signups of a stored batch (inside ingest's transaction); a member id seen before is kept as first recorded. */
export async function recordMemberSignups(
  client: pg.PoolClient,
  terminal: { terminalId: string; storeId: string },
  signups: readonly MemberSignup[],
): Promise<number> {
  if (signups.length === 0) return 0;
  const r = await client.query(RECORD_SQL, [
    terminal.terminalId,
    terminal.storeId,
    signups.map((s) => s.memberId),
    signups.map((s) => s.seq),
    signups.map((s) => s.staffId),
    signups.map((s) => s.name),
    signups.map((s) => s.tier),
    signups.map((s) => s.phone),
    signups.map((s) => s.email),
    signups.map((s) => s.carrier),
    signups.map((s) => JSON.stringify(s.consent)),
    signups.map((s) => s.consentAt),
  ]);
  return r.rowCount ?? 0;
}

/** A claim older than this is taken to be from an HQ process that stopped mid-publish. */
const STALE_CLAIM = '5 minutes';
const BATCH = 500;
const MEMBER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const TIER = /^[a-z][a-z0-9-]{0,31}$/;

interface PendingRow {
  member_id: string;
  name: string;
  tier: string;
  email: string | null;
}

/**
 * Publishes the signups not yet in the master data, one version per call (up to a batch). A member
 * HQ already holds (published by an earlier, interrupted run) keeps its record and app secret.
 * Returns how many members the call published.
 */
export async function publishMemberSignups(pool: pg.Pool, masterData: MasterData): Promise<number> {
  const claimed = await pool.query<PendingRow>(
    `UPDATE hq_member_signups SET claimed_at = now()
     WHERE member_id IN (SELECT member_id FROM hq_member_signups
       WHERE published_version IS NULL AND (claimed_at IS NULL OR claimed_at < now() - interval '${STALE_CLAIM}')
       ORDER BY received_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
     RETURNING member_id, name, tier, email`,
  );
  if (claimed.rows.length === 0) return 0;
  const records: Array<{ section: 'member'; record: MemberRecord }> = [];
  for (const row of claimed.rows) {
    // A till's ledger refuses such a body; one that got here anyway is kept in the table, not published.
    if (!MEMBER_ID.test(row.member_id) || !TIER.test(row.tier)) continue;
    if (await masterData.record('member', row.member_id)) continue;
    records.push({
      section: 'member',
      record: {
        memberId: row.member_id,
        name: row.name.slice(0, 100),
        tier: row.tier,
        tokenSecret: newTokenSecret(),
        cardNumbers: [],
        email: row.email !== null && row.email.length <= 200 ? row.email : null,
        active: true,
      },
    });
  }
  const result = records.length > 0 ? await masterData.publish(`${records.length} member(s) who joined at tills`, records) : null;
  await pool.query('UPDATE hq_member_signups SET published_version = $2 WHERE member_id = ANY($1::text[])', [
    claimed.rows.map((r) => r.member_id),
    result?.version ?? (await masterData.currentVersion()),
  ]);
  return records.length;
}
