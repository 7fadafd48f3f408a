import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, type EntryOf } from '../ledger/bodies.ts';
import { netSales, zTotalsOf, type TotalsRecord } from './z-report.ts';

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

function zReportsOf(entries: readonly LedgerEntry[]): Array<EntryOf<'z-report'>> {
  return entries.flatMap((e) => entryOf(e, 'z-report') ?? []);
}

/**
 * Adds up the sealed Z reports given (the store's Z entries with business days in [from, to], in
 * order). Only sealed figures are used: a day without a Z is not in the period.
 */
export function periodReport(entries: readonly LedgerEntry[], from: string, to: string, currency: string): PeriodReport {
  const zs = zReportsOf(entries);
  const keys: TotalsRecord = {};
  let perpetual = 0;
  for (const z of zs) {
    const t = zTotalsOf(z.body);
    for (const [k, v] of Object.entries(t.keys)) {
      const acc = keys[k] ?? (keys[k] = { amount: 0, count: 0 });
      acc.amount += v.amount;
      acc.count += v.count;
    }
    perpetual = t.grand.perpetual;
  }
  const zNos = zs.map((z) => z.body.zNo);
  return {
    from,
    to,
    currency,
    zCount: zs.length,
    firstZ: zNos[0] ?? null,
    lastZ: zNos.at(-1) ?? null,
    keys,
    net: netSales(keys),
    perpetual,
  };
}

export function periodDays(entries: readonly LedgerEntry[]): PeriodDay[] {
  return zReportsOf(entries).map((z) => ({ zNo: z.body.zNo, businessDay: z.body.businessDay, net: zTotalsOf(z.body).grand.period }));
}
