import type pg from 'pg';
import type { TerminalReport } from '../core/ports/hq-client.ts';
import { terminalReportSchema } from '../platform/hq-protocol.ts';
import { salesReport } from './sales-report.ts';

// The console's Stores page (docs/hq.md "The console"): what each till last reported about
// itself, and a store's day at a glance (today's sales and receipts, its open loss-prevention
// cases). Which stores those are is the caller's decision (a regional manager: theirs).

/** A till's last report as stored (hq_terminals.report), or null for a till that never sent one (an older version). */
export function storedReport(value: unknown): TerminalReport | null {
  const parsed = terminalReportSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The calendar day it is at `now` in `timeZone`, YYYY-MM-DD. */
export function dayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export interface StoreDay {
  day: string;
  /** Net sales per currency (sales less returns and post-voids), minor units. */
  net: { currency: string; amount: number }[];
  /** Receipts issued: sales and returns. */
  receipts: number;
  /** Loss-prevention cases naming the store that nobody has reviewed yet. */
  openCases: number;
}

/** Each store's day at a glance, for `storeIds` (the stores the user sees). */
export async function storesToday(
  pool: pg.Pool,
  storeIds: readonly string[],
  q: { timeZone: string; currency: string; now: Date },
): Promise<Map<string, StoreDay>> {
  const day = dayIn(q.timeZone, q.now);
  const glance = new Map<string, StoreDay>(storeIds.map((s) => [s, { day, net: [], receipts: 0, openCases: 0 }]));
  if (storeIds.length === 0) return glance;
  const report = await salesReport(
    pool,
    { from: day, to: day, withinStores: storeIds, timeZone: q.timeZone, currency: q.currency },
    'store',
  );
  for (const f of report.figures) {
    const s = glance.get(f.key);
    if (!s) continue;
    s.net.push({ currency: f.currency, amount: f.netTotal });
    s.receipts += f.salesCount + f.returnsCount;
  }
  const cases = await pool.query<{ store_id: string; n: number }>(
    `SELECT s AS store_id, count(*)::int AS n FROM hq_loss_cases, unnest(store_ids) AS s
      WHERE status = 'open' AND s = ANY($1) GROUP BY s`,
    [storeIds],
  );
  for (const row of cases.rows) {
    const s = glance.get(row.store_id);
    if (s) s.openCases = row.n;
  }
  return glance;
}
