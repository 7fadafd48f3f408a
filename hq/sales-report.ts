import type pg from 'pg';
import { HqError } from './errors.ts';
import {
  cashierExceptions,
  contributionsOf,
  exceptionGroupOf,
  previousPeriod,
  salesFigures,
  type CashierExceptions,
  type Contribution,
  type ExceptionGroup,
  type SalesDimension,
  type SalesEntry,
  type SalesFigure,
} from './sales-figures.ts';

// The console's sales page (issue #18, docs/hq.md "Sales"): figures read straight from the
// verified entries in ledger_entries, so every figure drills down to the entries (and the Z
// reports sealing them) it came from. Which stores a user sees is part of every query's WHERE.

export interface SalesQuery {
  /** Business days, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  /** One store, or all the user may see. */
  storeId?: string;
  /** The stores a regional manager may see; null: every store. */
  withinStores: readonly string[] | null;
  timeZone: string;
  /** The store currency, for post-voids whose sale HQ does not hold. */
  currency: string;
}

export interface SalesReport {
  from: string;
  to: string;
  previous: { from: string; to: string };
  dimension: SalesDimension;
  figures: SalesFigure[];
  previousFigures: SalesFigure[];
  byHour: SalesFigure[];
  exceptions: CashierExceptions[];
}

export interface DrilledEntry {
  storeId: string;
  terminalId: string;
  seq: number;
  hash: string;
  kind: string;
  businessDay: string;
  operatorId: string | null;
  /** What this entry adds to the figure (sales money), or null for an exception. */
  movement: Contribution['movement'] | ExceptionGroup;
  amount: number | null;
  /** The Z report sealing the entry's day at its terminal, or null when the day is not closed (or not synced) yet. */
  zReport: { seq: number; zNo: number; hash: string } | null;
}

/** The longest period one request reads, in days (the previous period is read too). */
export const MAX_PERIOD_DAYS = 93;
/** How far back a post-void's sale is looked for, in days. */
const SALE_LOOKBACK_DAYS = 31;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const READ_KINDS = ['sale', 'return', 'void', 'no-sale', 'approval'];

function checkPeriod(from: string, to: string): void {
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)))
    throw new HqError('request.invalid', 'from and to are business days, YYYY-MM-DD');
  if (from > to) throw new HqError('request.invalid', `from (${from}) is after to (${to})`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) throw new HqError('request.invalid', `a period is at most ${MAX_PERIOD_DAYS} days`);
}

interface EntryRow {
  store_id: string;
  terminal_id: string;
  seq: string;
  hash: string;
  kind: string;
  business_day: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
}

function entryOf(r: EntryRow): SalesEntry {
  let body: unknown = null;
  try {
    body = JSON.parse(r.body);
  } catch {
    // HQ verified the entry's hash over this text, so it parses; if not, it moves nothing.
  }
  return {
    storeId: r.store_id,
    terminalId: r.terminal_id,
    seq: Number(r.seq),
    hash: r.hash,
    kind: r.kind,
    businessDay: r.business_day,
    endedAt: r.ended_at,
    operatorId: r.operator_id,
    body,
  };
}

const ENTRY_COLUMNS = `t.store_id, l.terminal_id, l.seq, l.hash, l.kind, to_char(l.business_day, 'YYYY-MM-DD') AS business_day,
  l.ended_at, l.operator_id, l.body`;

/** The entries of the period the user may see, in chain order. */
async function entriesOf(pool: pg.Pool, q: SalesQuery, from: string, to: string): Promise<SalesEntry[]> {
  const r = await pool.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS}
       FROM ledger_entries l JOIN hq_terminals t ON t.terminal_id = l.terminal_id
      WHERE l.business_day BETWEEN $1 AND $2 AND l.kind = ANY($3)
        AND ($4::text[] IS NULL OR t.store_id = ANY($4)) AND ($5::text IS NULL OR t.store_id = $5)
      ORDER BY l.terminal_id, l.seq`,
    [from, to, READ_KINDS, q.withinStores, q.storeId ?? null],
  );
  return r.rows.map(entryOf);
}

const saleIdOf = (e: SalesEntry): string | null => {
  const id = (e.body as { saleId?: unknown } | null)?.saleId;
  return typeof id === 'string' ? id : null;
};

/** The sales the post-voids among `entries` reverse: from `entries` when there, else looked up (same terminal, a month back). */
async function voidedSales(
  pool: pg.Pool,
  entries: readonly SalesEntry[],
  from: string,
): Promise<(terminalId: string, saleId: string) => SalesEntry | undefined> {
  const sales = new Map<string, SalesEntry>();
  const wanted: { terminalId: string; saleId: string }[] = [];
  for (const e of entries) {
    const id = saleIdOf(e);
    if (e.kind === 'sale' && id) sales.set(`${e.terminalId}\u0000${id}`, e);
  }
  for (const e of entries) {
    const id = saleIdOf(e);
    if (e.kind === 'void' && (e.body as { scope?: unknown }).scope === 'post-void' && id && !sales.has(`${e.terminalId}\u0000${id}`))
      wanted.push({ terminalId: e.terminalId, saleId: id });
  }
  if (wanted.length > 0) {
    const r = await pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS}
         FROM ledger_entries l JOIN hq_terminals t ON t.terminal_id = l.terminal_id
        WHERE l.kind = 'sale' AND l.business_day BETWEEN $1::date - $4::int AND $1::date
          AND (l.terminal_id, l.body::jsonb ->> 'saleId') IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [from, wanted.map((w) => w.terminalId), wanted.map((w) => w.saleId), SALE_LOOKBACK_DAYS],
    );
    for (const e of r.rows.map(entryOf)) sales.set(`${e.terminalId}\u0000${saleIdOf(e) ?? ''}`, e);
  }
  return (terminalId, saleId) => sales.get(`${terminalId}\u0000${saleId}`);
}

async function contributions(pool: pg.Pool, q: SalesQuery, entries: readonly SalesEntry[], from: string, dimension: SalesDimension) {
  const saleOf = await voidedSales(pool, entries, from);
  return entries.flatMap((e) => contributionsOf(e, { dimension, timeZone: q.timeZone, fallbackCurrency: q.currency, saleOf }));
}

/** The figures by `dimension` for the period and the one before it, sales by hour, and exceptions by cashier. */
export async function salesReport(pool: pg.Pool, q: SalesQuery, dimension: SalesDimension): Promise<SalesReport> {
  checkPeriod(q.from, q.to);
  const previous = previousPeriod(q.from, q.to);
  const all = await entriesOf(pool, q, previous.from, q.to);
  const now = all.filter((e) => e.businessDay >= q.from);
  const before = all.filter((e) => e.businessDay < q.from);
  return {
    from: q.from,
    to: q.to,
    previous,
    dimension,
    figures: salesFigures(await contributions(pool, q, now, q.from, dimension)),
    previousFigures: salesFigures(await contributions(pool, q, before, previous.from, dimension)),
    byHour: salesFigures(await contributions(pool, q, now, q.from, 'hour')),
    exceptions: cashierExceptions(now),
  };
}

interface ZRow {
  terminal_id: string;
  seq: string;
  hash: string;
  body: string;
}

/** The Z report sealing each entry (its terminal's z-report whose firstSeq..lastSeq holds the entry's seq). */
type EntryRef = Pick<SalesEntry, 'terminalId' | 'seq'>;

async function zReportsFor(
  pool: pg.Pool,
  entries: readonly EntryRef[],
  from: string,
  to: string,
): Promise<(e: EntryRef) => DrilledEntry['zReport']> {
  const terminals = [...new Set(entries.map((e) => e.terminalId))];
  if (terminals.length === 0) return () => null;
  // A Z report is recorded on the business day it seals (or, closed late, soon after).
  const r = await pool.query<ZRow>(
    `SELECT terminal_id, seq, hash, body FROM ledger_entries
      WHERE kind = 'z-report' AND terminal_id = ANY($1) AND business_day BETWEEN $2 AND $3::date + 7
      ORDER BY terminal_id, seq`,
    [terminals, from, to],
  );
  const zs = r.rows.flatMap((row) => {
    try {
      const b = JSON.parse(row.body) as { zNo?: unknown; firstSeq?: unknown; lastSeq?: unknown };
      if (typeof b.zNo !== 'number' || typeof b.firstSeq !== 'number' || typeof b.lastSeq !== 'number') return [];
      return [{ terminalId: row.terminal_id, seq: Number(row.seq), hash: row.hash, zNo: b.zNo, firstSeq: b.firstSeq, lastSeq: b.lastSeq }];
    } catch {
      return [];
    }
  });
  return (e) => {
    const z = zs.find((x) => x.terminalId === e.terminalId && x.firstSeq <= e.seq && e.seq <= x.lastSeq);
    return z ? { seq: z.seq, zNo: z.zNo, hash: z.hash } : null;
  };
}

/** The entries behind one figure: `dimension` and `key` (and `currency`) as the report gave them, or a cashier's exceptions. */
export async function drillDown(
  pool: pg.Pool,
  q: SalesQuery,
  figure: { dimension: SalesDimension; key: string; currency?: string } | { cashier: string; group?: ExceptionGroup },
  limit: number,
): Promise<{ entries: DrilledEntry[]; truncated: boolean }> {
  checkPeriod(q.from, q.to);
  const all = await entriesOf(pool, q, q.from, q.to);
  const picked: Omit<DrilledEntry, 'zReport'>[] = [];
  const base = (e: SalesEntry) => ({
    storeId: e.storeId,
    terminalId: e.terminalId,
    seq: e.seq,
    hash: e.hash,
    kind: e.kind,
    businessDay: e.businessDay,
    operatorId: e.operatorId,
  });
  if ('cashier' in figure) {
    for (const e of all) {
      const g = exceptionGroupOf(e);
      if (g && g.staffId === figure.cashier && (!figure.group || g.group === figure.group))
        picked.push({ ...base(e), movement: g.group, amount: null });
    }
  } else {
    // An entry contributing several pieces to one key (two lines of a department) is listed once with their sum.
    const byEntry = new Map<string, Omit<DrilledEntry, 'zReport'>>();
    for (const c of await contributions(pool, q, all, q.from, figure.dimension)) {
      if (c.key !== figure.key || (figure.currency !== undefined && c.currency !== figure.currency)) continue;
      const id = `${c.entry.terminalId}\u0000${c.entry.seq}`;
      const seen = byEntry.get(id);
      if (seen) seen.amount = (seen.amount ?? 0) + c.amount;
      else byEntry.set(id, { ...base(c.entry), movement: c.movement, amount: c.amount });
    }
    picked.push(...byEntry.values());
  }
  const shown = picked.slice(0, limit);
  const sealedBy = await zReportsFor(pool, shown, q.from, q.to);
  return {
    entries: shown.map((e) => ({ ...e, zReport: sealedBy(e) })),
    truncated: picked.length > limit,
  };
}
