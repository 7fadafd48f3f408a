import { exceptionOf } from '../core/loss/staff-exceptions.ts';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { JsonValue } from '../core/ledger/canonical.ts';

// The console's sales figures (issue #18) from verified ledger entries: what each sale, return
// and post-void adds to a figure by store, business day, hour, department, salesperson or tender,
// and which exceptions each cashier recorded. Every figure is a sum of contributions, and each
// contribution names the entry it came from, so a figure drills down to its entries. Training
// sales and returns count nowhere. Bodies are read defensively: a field of the wrong type counts
// as absent, never as a crash.

export const SALES_DIMENSIONS = ['store', 'day', 'hour', 'department', 'salesperson', 'tender'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

/** The part of a sale no line (department) or tender carries: order discounts, exclusive tax, rounding. */
export const NOT_BY_LINE = '(order-level)';
/** A line without a department, an entry without an operator. */
export const NONE = '(none)';
/** A post-void whose sale HQ does not hold (not synced yet, or older than the look-back). */
export const UNKNOWN_SALE = '(unknown sale)';

export const EXCEPTION_GROUPS = ['voids', 'refunds', 'noSales', 'overrides'] as const;
export type ExceptionGroup = (typeof EXCEPTION_GROUPS)[number];

/** One ledger entry as the report reads it from HQ's ledger_entries (and the terminal's store). */
export interface SalesEntry {
  storeId: string;
  terminalId: string;
  seq: number;
  hash: string;
  kind: string;
  businessDay: string;
  endedAt: string;
  operatorId: string | null;
  body: unknown;
}

export type Movement = 'sale' | 'return' | 'post-void';

/** What one entry adds to one figure: money for sales (returns and post-voids negative in `net`). */
export interface Contribution {
  key: string;
  currency: string;
  movement: Movement;
  /** The amount moved, positive (a return's refund, a post-void's reversal). */
  amount: number;
  entry: SalesEntry;
}

export interface SalesFigure {
  key: string;
  currency: string;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  postVoidsCount: number;
  postVoidsTotal: number;
  /** Sales less returns and post-voids. */
  netTotal: number;
}

export interface CashierExceptions {
  staffId: string;
  voids: number;
  refunds: number;
  noSales: number;
  overrides: number;
}

type Body = Record<string, unknown>;

function obj(v: unknown): Body | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function list(v: unknown): Body[] {
  return Array.isArray(v) ? v.map(obj).filter((x): x is Body => x !== null) : [];
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour ("00" to "23") at which `iso` falls in `timeZone`. */
export function hourIn(iso: string, timeZone: string): string {
  let f = hourFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timeZone, f);
  }
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? NONE : f.format(at).padStart(2, '0');
}

/** A time zone the report can use (an IANA name this runtime knows). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `total` split over `parts` by their amounts with what they do not cover kept as NOT_BY_LINE: the pieces always sum to `total`. */
function splitBy(parts: { key: string; amount: number }[], total: number): { key: string; amount: number }[] {
  const byKey = new Map<string, number>();
  for (const p of parts) byKey.set(p.key, (byKey.get(p.key) ?? 0) + p.amount);
  const covered = [...byKey.values()].reduce((s, a) => s + a, 0);
  if (total !== covered) byKey.set(NOT_BY_LINE, (byKey.get(NOT_BY_LINE) ?? 0) + total - covered);
  return [...byKey].map(([key, amount]) => ({ key, amount }));
}

/** `total` by shares in basis points (summing to 10,000), whole minor units, the remainder to the first share. */
function splitByShares(shares: { key: string; shareBp: number }[], total: number): { key: string; amount: number }[] {
  const pieces = shares.map((s) => ({ key: s.key, amount: Math.trunc((total * s.shareBp) / 10_000) }));
  const rest = total - pieces.reduce((s, p) => s + p.amount, 0);
  if (pieces[0]) pieces[0].amount += rest;
  return pieces;
}

/** How a sale's or return's total falls into the keys of `dimension` (the dimensions of the entry itself: store, day, hour). */
function breakdown(
  entry: SalesEntry,
  body: Body,
  total: number,
  dimension: SalesDimension,
  timeZone: string,
): { key: string; amount: number }[] {
  switch (dimension) {
    case 'store':
      return [{ key: entry.storeId, amount: total }];
    case 'day':
      return [{ key: entry.businessDay, amount: total }];
    case 'hour':
      return [{ key: hourIn(entry.endedAt, timeZone), amount: total }];
    case 'department':
      return splitBy(
        list(body.lines)
          .filter((l) => l.voided !== true)
          .map((l) => ({ key: str(l.department) ?? NONE, amount: num(l.amount) })),
        total,
      );
    case 'tender':
      return splitBy(
        list(entry.kind === 'return' ? body.refunds : body.tenders).map((t) => ({ key: str(t.type) ?? NONE, amount: num(t.amount) })),
        total,
      );
    case 'salesperson': {
      const shares = list(body.salespersons)
        .map((p) => ({ key: str(p.staffId) ?? NONE, shareBp: num(p.shareBp) }))
        .filter((p) => p.shareBp > 0);
      const valid = shares.length > 0 && shares.reduce((s, p) => s + p.shareBp, 0) === 10_000;
      // Without salespersons (older entries, returns without a receipt) the cashier served the customer.
      return valid ? splitByShares(shares, total) : [{ key: entry.operatorId ?? NONE, amount: total }];
    }
  }
}

/** A post-void's `amount` as the voided sale's breakdown, scaled to it when it reversed less than the whole sale. */
function scaled(parts: { key: string; amount: number }[], saleTotal: number, amount: number): { key: string; amount: number }[] {
  if (saleTotal === amount || saleTotal === 0) return saleTotal === 0 ? [{ key: UNKNOWN_SALE, amount }] : parts;
  const pieces = parts.map((p) => ({ key: p.key, amount: Math.trunc((p.amount * amount) / saleTotal) }));
  const rest = amount - pieces.reduce((s, p) => s + p.amount, 0);
  if (pieces[0]) pieces[0].amount += rest;
  return pieces;
}

export interface ContributionOptions {
  dimension: SalesDimension;
  /** The zone hours are counted in. */
  timeZone: string;
  /** The store currency, for a post-void whose sale HQ does not hold. */
  fallbackCurrency: string;
  /** The sale a post-void reverses (same terminal), when HQ holds it. */
  saleOf(terminalId: string, saleId: string): SalesEntry | undefined;
}

/** What `entry` adds to the figures by `options.dimension` (nothing for entries that move no sales money). */
export function contributionsOf(entry: SalesEntry, options: ContributionOptions): Contribution[] {
  const body = obj(entry.body);
  if (!body) return [];
  const { dimension, timeZone } = options;
  const out = (movement: Movement, currency: string, parts: { key: string; amount: number }[]): Contribution[] =>
    parts.filter((p) => p.amount !== 0).map((p) => ({ key: p.key, currency, movement, amount: p.amount, entry }));
  switch (entry.kind) {
    case 'sale':
    case 'return': {
      if (body.training === true) return [];
      const currency = str(body.currency) ?? options.fallbackCurrency;
      const total = num(body.total);
      const parts = breakdown(entry, body, total, dimension, timeZone);
      // A zero-total sale still counts as a sale at its key.
      if (total === 0) return [{ key: parts[0]?.key ?? NONE, currency, movement: entry.kind, amount: 0, entry }];
      return out(entry.kind, currency, parts);
    }
    case 'void': {
      if (body.scope !== 'post-void') return [];
      const amount = num(body.amount);
      const saleId = str(body.saleId);
      const sale = saleId ? options.saleOf(entry.terminalId, saleId) : undefined;
      const saleBody = obj(sale?.body);
      if (saleBody?.training === true) return [];
      const currency = str(saleBody?.currency) ?? options.fallbackCurrency;
      // When the money went back (store, day, hour) is the void's; what it reversed is the sale's.
      if (dimension === 'store' || dimension === 'day' || dimension === 'hour')
        return out('post-void', currency, breakdown(entry, body, amount, dimension, timeZone));
      if (!sale || !saleBody) return out('post-void', currency, [{ key: UNKNOWN_SALE, amount }]);
      const saleTotal = num(saleBody.total);
      return out('post-void', currency, scaled(breakdown(sale, saleBody, saleTotal, dimension, timeZone), saleTotal, amount));
    }
    default:
      return [];
  }
}

/** The figures, by key and currency, sorted by key. */
export function salesFigures(contributions: readonly Contribution[]): SalesFigure[] {
  const figures = new Map<string, SalesFigure>();
  const counted = new Set<string>();
  for (const c of contributions) {
    const id = `${c.key}\u0000${c.currency}`;
    let f = figures.get(id);
    if (!f) {
      f = {
        key: c.key,
        currency: c.currency,
        salesCount: 0,
        salesTotal: 0,
        returnsCount: 0,
        returnsTotal: 0,
        postVoidsCount: 0,
        postVoidsTotal: 0,
        netTotal: 0,
      };
      figures.set(id, f);
    }
    // An entry counts once per figure even when several of its lines fall into it.
    const once = `${id}\u0000${c.entry.terminalId}\u0000${c.entry.seq}`;
    const first = !counted.has(once);
    counted.add(once);
    if (c.movement === 'sale') {
      if (first) f.salesCount++;
      f.salesTotal += c.amount;
      f.netTotal += c.amount;
    } else if (c.movement === 'return') {
      if (first) f.returnsCount++;
      f.returnsTotal += c.amount;
      f.netTotal -= c.amount;
    } else {
      if (first) f.postVoidsCount++;
      f.postVoidsTotal += c.amount;
      f.netTotal -= c.amount;
    }
  }
  return [...figures.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : 1));
}

/** Which exception group `entry` counts in for the cashier chart, and whose it is; null when none. */
export function exceptionGroupOf(entry: SalesEntry): { group: ExceptionGroup; staffId: string } | null {
  const body = obj(entry.body);
  if (!body) return null;
  if (entry.kind === 'return') return body.training === true ? null : { group: 'refunds', staffId: entry.operatorId ?? NONE };
  // exceptionOf reads kind, operator and body only; the chain fields are not part of the classification.
  const ledgerEntry: LedgerEntry = {
    v: 1,
    terminalId: entry.terminalId,
    seq: entry.seq,
    kind: entry.kind,
    businessDay: entry.businessDay,
    startedAt: entry.endedAt,
    endedAt: entry.endedAt,
    operatorId: entry.operatorId,
    body: body as JsonValue,
    prevHash: '',
    hash: entry.hash,
    signature: '',
    keyId: '',
  };
  const ex = exceptionOf(ledgerEntry);
  if (!ex) return null;
  const staffId = ex.staffId ?? NONE;
  if (ex.kind === 'lineVoids' || ex.kind === 'saleVoids' || ex.kind === 'postVoids') return { group: 'voids', staffId };
  if (ex.kind === 'noSales') return { group: 'noSales', staffId };
  if (ex.kind === 'priceOverrides') return { group: 'overrides', staffId };
  return null;
}

/** Exceptions per cashier, sorted by staff id. */
export function cashierExceptions(entries: readonly SalesEntry[]): CashierExceptions[] {
  const byStaff = new Map<string, CashierExceptions>();
  for (const e of entries) {
    const g = exceptionGroupOf(e);
    if (!g) continue;
    const row = byStaff.get(g.staffId) ?? { staffId: g.staffId, voids: 0, refunds: 0, noSales: 0, overrides: 0 };
    row[g.group]++;
    byStaff.set(g.staffId, row);
  }
  return [...byStaff.values()].sort((a, b) => (a.staffId < b.staffId ? -1 : 1));
}

/** The business days of the period of the same length just before `from`..`to` (inclusive, YYYY-MM-DD). */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / day) + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - days * day), to: iso(start - day) };
}
