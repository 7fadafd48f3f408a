import type pg from 'pg';
import type { Incident } from './incidents.ts';

// A member app code attaches once (issue #12). Each till refuses a code it has already seen; a code
// used again at another till can only be seen here, when both tills' sales have synced. The uses
// are read from the entries just stored, in the same transaction, so a batch sent twice is counted once.

export interface MemberCodeReuse {
  memberId: string;
  codeStep: number;
  /** Every sale entry that used the code, the one just stored included. */
  uses: Array<{ terminalId: string; seq: number }>;
}

// Only sale bodies carry "codeStep" (in their member); the text test spares parsing the others.
const RECORD_SQL = `
INSERT INTO hq_member_code_uses (terminal_id, seq, member_id, code_step, business_day)
SELECT terminal_id, seq, body::jsonb #>> '{member,memberId}', (body::jsonb #>> '{member,codeStep}')::bigint, business_day
FROM ledger_entries
WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND business_day >= $4::date AND kind = 'sale' AND body LIKE '%"codeStep":%'
ON CONFLICT DO NOTHING
RETURNING member_id, code_step`;

const REUSES_SQL = `
SELECT u.member_id, u.code_step, u.terminal_id, u.seq
FROM hq_member_code_uses u
JOIN unnest($1::text[], $2::bigint[]) AS n(member_id, code_step) ON u.member_id = n.member_id AND u.code_step = n.code_step
ORDER BY u.member_id, u.code_step, u.terminal_id, u.seq`;

/** Records the app codes used on the sales stored for seqs `from`..`to`; returns the codes now used more than once. */
export async function recordMemberCodeUses(
  client: pg.PoolClient,
  terminalId: string,
  range: { from: number; to: number; firstMonth: string },
): Promise<MemberCodeReuse[]> {
  const fresh = await client.query<{ member_id: string; code_step: string }>(RECORD_SQL, [
    terminalId,
    range.from,
    range.to,
    range.firstMonth,
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
