import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry, type EntryBody } from '../ledger/bodies.ts';
import type { EntryRule } from '../ledger/verify.ts';
import type { DrawerSessionRecord } from './till-records.ts';
import { addDeltas, dayTotalDeltas, totalsRecord, type DayTotals, type SaleLookup } from './day-totals.ts';
import { drawerDeltas, expectedCash } from './drawer-session.ts';

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

/** What a Z report seals, as stored in the z-report entry's `totals` (a type, not an interface, so it is a JSON record). */
export type ZTotals = {
  currency: string;
  keys: TotalsRecord;
  drawers: DrawerSummary[];
  grand: {
    /** Net sales of this business day: sales minus returns (post-voids already taken out). */
    period: number;
    /** All net sales since the ledger began, through this Z. */
    perpetual: number;
  };
};

/**
 * A Z's totals, as zTotals wrote them. The z-report schema keeps `totals` an open record (bodies
 * may only grow), so their shape is this function's promise; `ledger verify` checks it field by field.
 */
export function zTotalsOf(z: EntryBody<'z-report'>): ZTotals {
  return z.totals as ZTotals;
}

export function netSales(keys: TotalsRecord): number {
  return (keys.sales?.amount ?? 0) - (keys.returns?.amount ?? 0);
}

export function drawerSummary(s: DrawerSessionRecord): DrawerSummary {
  const { sessionId, operatorId, float, counted, overShort, cosignSeq } = s;
  return { sessionId, operatorId, float, expected: s.expected ?? expectedCash(s), counted, overShort, cosignSeq };
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
    if (x.amount !== y.amount || x.count !== y.count)
      return `${k}: the Z says ${y.amount}/${y.count}, the entries add up to ${x.amount}/${x.count}`;
  }
  return null;
}

const DRAWER_FIELDS = ['operatorId', 'float', 'expected', 'counted', 'overShort', 'cosignSeq'] as const;

/** The first difference between a Z's drawers section and the drawers rebuilt from the entries. */
function sameDrawers(rebuilt: DrawerSummary[], sealed: DrawerSummary[]): string | null {
  const byId = new Map(sealed.map((d) => [d.sessionId, d]));
  for (const want of rebuilt) {
    const got = byId.get(want.sessionId);
    if (!got) return `drawer ${want.sessionId} is missing`;
    for (const f of DRAWER_FIELDS) {
      if (got[f] !== want[f]) return `drawer ${want.sessionId} ${f}: the Z says ${String(got[f])}, the entries give ${String(want[f])}`;
    }
    byId.delete(want.sessionId);
  }
  const extra = byId.keys().next();
  return extra.done ? null : `drawer ${extra.value} is not one of the day's drawer sessions`;
}

function emptySession(
  sessionId: string,
  businessDay: string,
  openedSeq: number,
  operatorId: string | null,
  float: number,
): DrawerSessionRecord {
  const cash = { cashSales: 0, cashRefunds: 0, cashIn: 0, paidOuts: 0, pickups: 0, otherOut: 0 };
  return {
    sessionId,
    businessDay,
    openedSeq,
    operatorId,
    float,
    ...cash,
    closedSeq: null,
    counted: null,
    expected: null,
    overShort: null,
    cosignSeq: null,
  };
}

/**
 * Where the rule starts when it is not fed the whole ledger (HQ checks each Z as it arrives): the
 * previous Z's number and perpetual grand total. Its entries from the previous day's end onward follow.
 */
export interface ZRuleStart {
  zNo: number;
  perpetual: number;
}

/**
 * A `ledger verify` rule (HQ runs it too, hq/z-check.ts): re-adds every business day's totals from its entries (with the same
 * function the read model uses) and checks each Z report's seq range, last hash, totals, grand
 * totals and drawers (each session's float, expected, counted, over/short and co-sign, rebuilt with
 * `drawerDeltas` as the read model is) against them. A Z edited and re-signed by someone with the key, or a Z written
 * over a day whose entries were changed, fails here.
 */
export function createZReportRule(lookupSale: SaleLookup, after?: ZRuleStart): EntryRule {
  const days = new Map<string, { totals: DayTotals; firstSeq: number; lastSeq: number; lastHash: string }>();
  // Drawer sessions as the read model holds them, rebuilt with the same pure function.
  const sessions = new Map<string, DrawerSessionRecord>();
  let perpetual = after?.perpetual ?? 0;
  let lastZNo = after?.zNo ?? 0;
  // What each closing count should have said: float plus the session's cash, as of the count.
  const expectedAtClose = new Map<string, number>();
  const applyDrawer = (entry: LedgerEntry): void => {
    for (const d of drawerDeltas(entry, lookupSale)) {
      if (d.type === 'open') {
        sessions.set(d.sessionId, emptySession(d.sessionId, d.businessDay, d.seq, d.operatorId, d.float));
        continue;
      }
      const s = sessions.get(d.sessionId);
      if (!s) continue;
      if (d.type === 'cosign') s.cosignSeq = d.seq;
      else if (d.type === 'add') s[d.field] += d.amount;
      else {
        if ((entry.body as { expected?: unknown }).expected !== undefined) expectedAtClose.set(d.sessionId, expectedCash(s));
        Object.assign(s, { closedSeq: d.seq, counted: d.counted, expected: d.expected, overShort: d.overShort });
      }
    }
  };
  return (entry: LedgerEntry) => {
    const known = knownEntry(entry);
    if (known?.kind === 'z-report') {
      const z = known.body;
      const day = days.get(z.businessDay);
      const totals = zTotalsOf(z);
      if (z.zNo !== lastZNo + 1)
        return { reason: 'z-report-mismatch', message: `Z ${z.zNo} follows Z ${lastZNo}: Z numbers must have no gaps` };
      if (!day) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} closes ${z.businessDay}, which has no entries` };
      if (z.firstSeq !== day.firstSeq || z.lastSeq !== day.lastSeq || z.lastHash !== day.lastHash) {
        const message = `Z ${z.zNo} covers seq ${z.firstSeq}..${z.lastSeq}, but ${z.businessDay} runs ${day.firstSeq}..${day.lastSeq}`;
        return { reason: 'z-report-mismatch', message };
      }
      const diff = sameTotals(totalsRecord(day.totals), totals.keys ?? {});
      if (diff) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} totals do not match its entries: ${diff}` };
      const period = netSales(totals.keys);
      if (totals.grand?.period !== period || totals.grand?.perpetual !== perpetual + period) {
        return { reason: 'z-report-mismatch', message: `Z ${z.zNo} grand totals do not follow from the previous Z` };
      }
      const dayDrawers = [...sessions.values()].filter((s) => s.businessDay === z.businessDay).sort((a, b) => a.openedSeq - b.openedSeq);
      const drawerDiff = sameDrawers(dayDrawers.map(drawerSummary), Array.isArray(totals.drawers) ? totals.drawers : []);
      if (drawerDiff) return { reason: 'z-report-mismatch', message: `Z ${z.zNo} drawers do not match its entries: ${drawerDiff}` };
      for (const s of dayDrawers) {
        // A closing count signed with a wrong expected figure (and a Z that copies it) is caught here.
        const want = expectedAtClose.get(s.sessionId);
        if (want === undefined || s.counted === null) continue;
        if (s.expected !== want || s.overShort !== s.counted - want) {
          const says = `the closing count says ${s.expected} (over/short ${s.overShort})`;
          const gives = `the drawer's entries give ${want} (over/short ${s.counted - want})`;
          return { reason: 'z-report-mismatch', message: `Z ${z.zNo} drawer ${s.sessionId} expected: ${says}, ${gives}` };
        }
      }
      for (const s of dayDrawers) {
        sessions.delete(s.sessionId);
        expectedAtClose.delete(s.sessionId);
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
    applyDrawer(entry);
    return null;
  };
}
