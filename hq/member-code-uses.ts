import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { Incident } from './incidents.ts';

// A member app code attaches once (issue #12). Each till refuses a code it has already seen; a code
// used again at another till can only be seen here, when both tills' sales have synced. The batch
// check (a worker) picks the uses out of the sales it verifies; ingest stores them with the entries,
// in the same transaction, so a batch sent twice is counted once.

/** One sale whose member was verified by an app code. */
export interface MemberCodeUse {
  seq: number;
  businessDay: string;
  memberId: string;
  codeStep: number;
}

export interface MemberCodeReuse {
  memberId: string;
  codeStep: number;
  /** Every sale entry that used the code, the one just stored included. */
  uses: Array<{ terminalId: string; seq: number }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The app code a sale entry used, if its member was verified by one (bodies are read defensively: HQ checks signatures, not schemas). */
export function memberCodeUseOf(entry: Pick<LedgerEntry, 'kind' | 'seq' | 'businessDay' | 'body'>): MemberCodeUse | null {
  if (entry.kind !== 'sale' || !isRecord(entry.body)) return null;
  const member = entry.body.member;
  if (!isRecord(member)) return null;
  const { memberId, codeStep } = member;
  if (typeof memberId !== 'string' || typeof codeStep !== 'number' || !Number.isSafeInteger(codeStep)) return null;
  return { seq: entry.seq, businessDay: entry.businessDay, memberId, codeStep };
}

const RECORD_SQL = `
INSERT INTO hq_member_code_uses (terminal_id, seq, business_day, member_id, code_step)
SELECT $1, * FROM unnest($2::bigint[], $3::date[], $4::text[], $5::bigint[])
ON CONFLICT DO NOTHING
RETURNING member_id, code_step`;

const REUSES_SQL = `
SELECT u.member_id, u.code_step, u.terminal_id, u.seq
FROM hq_member_code_uses u
JOIN unnest($1::text[], $2::bigint[]) AS n(member_id, code_step) ON u.member_id = n.member_id AND u.code_step = n.code_step
ORDER BY u.member_id, u.code_step, u.terminal_id, u.seq`;

/** Records the app codes used on a stored batch's sales; returns the codes now used on more than one sale. */
export async function recordMemberCodeUses(
  client: pg.PoolClient,
  terminalId: string,
  uses: readonly MemberCodeUse[],
): Promise<MemberCodeReuse[]> {
  if (uses.length === 0) return [];
  const fresh = await client.query<{ member_id: string; code_step: string }>(RECORD_SQL, [
    terminalId,
    uses.map((u) => u.seq),
    uses.map((u) => u.businessDay),
    uses.map((u) => u.memberId),
    uses.map((u) => u.codeStep),
  ]);
  if (fresh.rows.length === 0) return [];
  const r = await client.query<{ member_id: string; code_step: string; terminal_id: string; seq: string }>(REUSES_SQL, [
    fresh.rows.map((x) => x.member_id),
    fresh.rows.map((x) => x.code_step),
  ]);
  const byCode = new Map<string, MemberCodeReuse>();
  for (const row of r.rows) {
    const key = `${row.member_id}|${row.code_step}`;
    const reuse = byCode.get(key) ?? { memberId: row.member_id, codeStep: Number(row.code_step), uses: [] };
    reuse.uses.push({ terminalId: row.terminal_id, seq: Number(row.seq) });
    byCode.set(key, reuse);
  }
  return [...byCode.values()].filter((x) => x.uses.length > 1);
}

/** The incident for a code used on more than one sale, raised against the terminal whose batch showed it. */
export function memberCodeIncident(terminalId: string, reuse: MemberCodeReuse): Incident {
  const where = reuse.uses.map((u) => `${u.terminalId} #${u.seq}`).join(', ');
  const latest = reuse.uses.filter((u) => u.terminalId === terminalId).at(-1);
  return {
    kind: 'member-code-reused',
    terminalId,
    seq: latest?.seq ?? null,
    remoteAddress: null,
    message: `member ${reuse.memberId}'s app code (time step ${reuse.codeStep}) was used on ${reuse.uses.length} sales: ${where}; a code attaches once`,
    details: { memberId: reuse.memberId, codeStep: reuse.codeStep, uses: reuse.uses },
  };
}
