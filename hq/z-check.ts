import type pg from 'pg';
import type { EntryBody, SaleBody } from '../core/ledger/bodies.ts';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { JsonValue } from '../core/ledger/canonical.ts';
import { createZReportRule, zTotalsOf, type ZRuleStart } from '../core/till/z-report.ts';
import type { SaleLookup } from '../core/till/day-totals.ts';

// HQ checks each Z report it receives with the same rule `ledger verify` runs
// (core/till/z-report.ts createZReportRule): the day's totals, grand totals and every drawer's
// expected cash rebuilt from the entries HQ holds. A Z that fails is stored (it is what the
// terminal signed) and raised as an incident.

/** A ledger entry as HQ stores it (ledger_entries), read with STORED_ENTRY_COLUMNS. */
export interface StoredRow {
  seq: string | number;
  v: number;
  kind: string;
  business_day: string | Date;
  started_at: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
}

const DAY_TEXT = `to_char(business_day, 'YYYY-MM-DD') AS business_day`;
export const STORED_ENTRY_COLUMNS = `seq, v, kind, ${DAY_TEXT}, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id`;

/** The entry a stored row holds. */
export function storedEntry(terminalId: string, r: StoredRow): LedgerEntry {
  return {
    v: r.v,
    terminalId,
    seq: Number(r.seq),
    kind: r.kind,
    businessDay: String(r.business_day),
    startedAt: r.started_at,
    endedAt: r.ended_at,
    operatorId: r.operator_id,
    body: JSON.parse(r.body) as JsonValue,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
    keyId: r.key_id,
  };
}

export interface ZFinding {
  seq: number;
  zNo: number;
  businessDay: string;
  message: string;
}

/** The sales the day's post-voids name, fetched up front (the rule looks them up synchronously). */
async function saleLookupFor(pool: pg.Pool, terminalId: string, entries: LedgerEntry[]): Promise<SaleLookup> {
  const receiptNos = new Set<number>();
  for (const e of entries) {
    const b = e.body as { scope?: unknown; receiptNo?: unknown } | null;
    if (e.kind === 'void' && b?.scope === 'post-void' && typeof b.receiptNo === 'number') receiptNos.add(b.receiptNo);
  }
  const sales = new Map<number, { body: SaleBody; operatorId: string | null }>();
  if (receiptNos.size > 0) {
    const r = await pool.query<{ body: string; operator_id: string | null }>(
      `SELECT body, operator_id FROM ledger_entries WHERE terminal_id = $1 AND kind = 'sale' AND (body::jsonb ->> 'receiptNo')::bigint = ANY($2::bigint[])`,
      [terminalId, [...receiptNos]],
    );
    for (const row of r.rows) {
      const body = JSON.parse(row.body) as SaleBody;
      sales.set(body.receiptNo, { body, operatorId: row.operator_id });
    }
  }
  return (receiptNo) => sales.get(receiptNo);
}

/** Checks the Z report at `zSeq` against the entries HQ holds since the previous Z. */
export async function checkZReport(pool: pg.Pool, terminalId: string, zSeq: number): Promise<ZFinding | null> {
  const previous = await pool.query<{ seq: string; body: string }>(
    `SELECT seq, body FROM ledger_entries WHERE terminal_id = $1 AND kind = 'z-report' AND seq < $2 ORDER BY seq DESC LIMIT 1`,
    [terminalId, zSeq],
  );
  const prev = previous.rows[0];
  let start: ZRuleStart | undefined;
  let from = 1;
  if (prev) {
    const body = JSON.parse(prev.body) as EntryBody<'z-report'>;
    start = { zNo: body.zNo, perpetual: zTotalsOf(body).grand?.perpetual ?? 0 };
    from = body.lastSeq + 1;
  }
  const rows = await pool.query<StoredRow>(
    `SELECT ${STORED_ENTRY_COLUMNS} FROM ledger_entries WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
    [terminalId, from, zSeq],
  );
  const entries = rows.rows.map((r) => storedEntry(terminalId, r));
  const rule = createZReportRule(await saleLookupFor(pool, terminalId, entries), start);
  for (const entry of entries) {
    // The previous Z itself lies in the range (it follows its day's last entry): it was checked when it came.
    if (entry.kind === 'z-report' && entry.seq !== zSeq) continue;
    const broken = rule(entry);
    if (broken && entry.seq === zSeq) {
      const z = entry.body as EntryBody<'z-report'>;
      return { seq: zSeq, zNo: z.zNo, businessDay: z.businessDay, message: broken.message };
    }
  }
  return null;
}

/**
 * After a batch is stored: each Z in it is checked, and each master-data finding the till recorded
 * (a device-fault with code master-data.mismatch) is raised, so HQ sees what the till saw.
 */
export async function findingsInBatch(
  pool: pg.Pool,
  terminalId: string,
  range: { from: number; to: number },
): Promise<Array<{ kind: 'z-report-mismatch' | 'master-data-mismatch'; seq: number; message: string; details: Record<string, unknown> }>> {
  const r = await pool.query<{ seq: string; kind: string; body: string }>(
    `SELECT seq, kind, body FROM ledger_entries WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3
       AND (kind = 'z-report' OR (kind = 'device-fault' AND body::jsonb ->> 'code' = 'master-data.mismatch')) ORDER BY seq`,
    [terminalId, range.from, range.to],
  );
  const findings = [];
  for (const row of r.rows) {
    const seq = Number(row.seq);
    if (row.kind === 'z-report') {
      const z = await checkZReport(pool, terminalId, seq);
      if (z) {
        findings.push({
          kind: 'z-report-mismatch' as const,
          seq,
          message: `Z ${z.zNo} of ${z.businessDay} does not follow from its entries: ${z.message}`,
          details: { zNo: z.zNo, businessDay: z.businessDay },
        });
      }
    } else {
      const body = JSON.parse(row.body) as EntryBody<'device-fault'>;
      findings.push({
        kind: 'master-data-mismatch' as const,
        seq,
        message: `the till found master data changed outside it: ${body.message}`,
        details: {},
      });
    }
  }
  return findings;
}
