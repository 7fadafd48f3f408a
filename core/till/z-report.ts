import type { LedgerEntry } from '../ledger/entry.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import type { EntryRule } from '../ledger/verify.ts';
import type { DrawerSessionRecord } from '../ports.ts';
import { addDeltas, dayTotalDeltas, totalsRecord, type DayTotals, type SaleLookup } from './day-totals.ts';
import { expectedCash } from './drawer-session.ts';

export type TotalsRecord = Record<string, { amount: number; count: number }>;

export interface DrawerSummary {
  sessionId: string;
  operatorId: string | null;
  float: number;
  expected: number;
  counted: number | null;
  overShort: number | null;
  cosignSeq: number | null;
}

/** What a Z report seals, as stored in the z-report entry's `totals`. */
export interface ZTotals {
  currency: string;
  keys: TotalsRecord;
  drawers: DrawerSummary[];
  grand: {
    /** Net sales of this business day: sales minus returns (post-voids already taken out). */
    period: number;
    /** All net sales since the ledger began, through this Z. */
    perpetual: number;
  };
}

export function netSales(keys: TotalsRecord): number {
  return (keys.sales?.amount ?? 0) - (keys.returns?.amount ?? 0);
}

export function drawerSummary(s: DrawerSessionRecord): DrawerSummary {
  return { sessionId: s.sessionId, operatorId: s.operatorId, float: s.float, expected: s.expected ?? expectedCash(s), counted: s.counted, overShort: s.overShort, cosignSeq: s.cosignSeq };
}

export function zTotals(currency: string, keys: TotalsRecord, drawers: DrawerSessionRecord[], previousPerpetual: number): ZTotals {
  const period = netSales(keys);
  return { currency, keys, drawers: drawers.map(drawerSummary), grand: { period, perpetual: previousPerpetual + period } };
}

function sameTotals(a: TotalsRecord, b: TotalsRecord): string | null {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const x = a[k] ?? { amount: 0, count: 0 };
    const y = b[k] ?? { amount: 0, count: 0 };
    if (x.amount !== y.amount || x.count !== y.count) return `${k}: the Z says ${y.amount}/${y.count}, the entries add up to ${x.amount}/${x.count}`;
  }
  return null;
}

/**
 * A `ledger verify` rule: re-adds every business day's totals from its entries (with the same
 * function the read model uses) and checks each Z report's seq range, last hash, totals and
 * grand totals against them. A Z edited and re-signed by someone with the key, or a Z written
 * over a day whose entries were changed, fails here.
 */
export function createZReportRule(lookupSale: SaleLookup): EntryRule {
  const days = new Map<string, { totals: DayTotals; firstSeq: number; lastSeq: number; lastHash: string }>();
  let perpetual = 0;
  let lastZNo = 0;
  return (entry: LedgerEntry) => {
    if (entry.kind === 'z-report') {
      const z = entry.body as unknown as EntryBody<'z-report'>;
      const day = days.get(z.businessDay);
      const totals = z.totals as unknown as ZTotals;
      if (z.zNo !== lastZNo + 1) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} follows Z ${lastZNo}: Z numbers must have no gaps` };
      if (!day) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} closes ${z.businessDay}, which has no entries` };
      if (z.firstSeq !== day.firstSeq || z.lastSeq !== day.lastSeq || z.lastHash !== day.lastHash) {
        return { reason: 'z-report-mismatch', message: `Z ${z.zNo} covers seq ${z.firstSeq}..${z.lastSeq}, but ${z.businessDay} runs ${day.firstSeq}..${day.lastSeq}` };
      }
      const diff = sameTotals(totalsRecord(day.totals), totals.keys ?? {});
      if (diff) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} totals do not match its entries: ${diff}` };
      const period = netSales(totals.keys);
      if (totals.grand?.period !== period || totals.grand?.perpetual !== perpetual + period) {
        return { reason: 'z-report-mismatch', message: `Z ${z.zNo} grand totals do not follow from the previous Z` };
      }
      perpetual += period;
      lastZNo = z.zNo;
      days.delete(z.businessDay);
      return null;
    }
    let day = days.get(entry.businessDay);
    if (!day) days.set(entry.businessDay, (day = { totals: new Map(), firstSeq: entry.seq, lastSeq: entry.seq, lastHash: entry.hash }));
    day.lastSeq = entry.seq;
    day.lastHash = entry.hash;
    addDeltas(day.totals, dayTotalDeltas(entry, lookupSale));
    return null;
  };
}
