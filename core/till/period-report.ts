import type { LedgerEntry } from '../ledger/entry.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { netSales, type TotalsRecord, type ZTotals } from './z-report.ts';

/** What the Z reports of a range of business days add up to (`report.period`, `tillproof report period`). */
export interface PeriodReport {
  from: string;
  to: string;
  currency: string;
  zCount: number;
  firstZ: number | null;
  lastZ: number | null;
  keys: TotalsRecord;
  /** Net sales of the period: sales minus returns, summed over the Zs. */
  net: number;
  /** The grand total since the first sale, as on the last Z of the period (0 without one). */
  perpetual: number;
}

/** One Z of the period, for listings. */
export interface PeriodDay {
  zNo: number;
  businessDay: string;
  net: number;
}

/**
 * Adds up the sealed Z reports given (the store's Z entries with business days in [from, to], in
 * order). Only sealed figures are used: a day without a Z is not in the period.
 */
export function periodReport(zs: readonly LedgerEntry[], from: string, to: string, currency: string): PeriodReport {
  const keys: TotalsRecord = {};
  let perpetual = 0;
  for (const z of zs) {
    const t = (z.body as unknown as { totals: ZTotals }).totals;
    for (const [k, v] of Object.entries(t.keys)) {
      const acc = keys[k] ?? (keys[k] = { amount: 0, count: 0 });
      acc.amount += v.amount;
      acc.count += v.count;
    }
    perpetual = t.grand.perpetual;
  }
  const zNos = zs.map((z) => (z.body as unknown as EntryBody<'z-report'>).zNo);
  return { from, to, currency, zCount: zs.length, firstZ: zNos[0] ?? null, lastZ: zNos.at(-1) ?? null, keys, net: netSales(keys), perpetual };
}

export function periodDays(zs: readonly LedgerEntry[]): PeriodDay[] {
  return zs.map((z) => {
    const b = z.body as unknown as EntryBody<'z-report'>;
    return { zNo: b.zNo, businessDay: b.businessDay, net: (b.totals as unknown as ZTotals).grand.period };
  });
}
