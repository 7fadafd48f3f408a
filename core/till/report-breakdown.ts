import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry } from '../ledger/bodies.ts';
import { isManualLookup } from '../sales/member.ts';

export interface HourBucket {
  hour: number;
  sales: number;
  count: number;
}

export interface CashierExceptions {
  operatorId: string;
  sales: number;
  lineVoids: number;
  saleVoids: number;
  postVoids: number;
  noSales: number;
  returns: number;
  discounts: number;
  priceOverrides: number;
  manualMembers: number;
  reprints: number;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localHour(iso: string, timeZone: string): number {
  let f = hourFormats.get(timeZone);
  if (!f) hourFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' })));
  return Number(f.format(new Date(iso)));
}

/**
 * Sales by local hour and exceptions by cashier for one business day, from its entries. Run
 * over the day's seq range only (a busy day is a few thousand entries), never the whole year.
 */
export function dayBreakdown(
  entries: Iterable<LedgerEntry>,
  businessDay: string,
  timeZone: string,
): { byHour: HourBucket[]; byCashier: CashierExceptions[] } {
  const hours = new Map<number, HourBucket>();
  const cashiers = new Map<string, CashierExceptions>();
  const cashier = (id: string | null) => {
    const key = id ?? '(terminal)';
    let c = cashiers.get(key);
    if (!c) {
      const voids = { lineVoids: 0, saleVoids: 0, postVoids: 0 };
      c = { operatorId: key, sales: 0, ...voids, noSales: 0, returns: 0, discounts: 0, priceOverrides: 0, manualMembers: 0, reprints: 0 };
      cashiers.set(key, c);
    }
    return c;
  };
  for (const entry of entries) {
    const e = knownEntry(entry);
    if (e?.businessDay !== businessDay) continue;
    switch (e.kind) {
      case 'sale': {
        const b = e.body;
        if (b.training) break;
        const h = localHour(e.endedAt, timeZone);
        const bucket = hours.get(h) ?? { hour: h, sales: 0, count: 0 };
        bucket.sales += b.total;
        bucket.count++;
        hours.set(h, bucket);
        const c = cashier(e.operatorId);
        c.sales++;
        if (b.lines.some((l) => l.discount > 0)) c.discounts++;
        c.priceOverrides += b.lines.filter((l) => l.priceOverride).length;
        if (isManualLookup(b.member?.verification)) c.manualMembers++;
        break;
      }
      case 'void': {
        const b = e.body;
        const c = cashier(e.operatorId);
        if (b.scope === 'line') c.lineVoids++;
        else if (b.scope === 'sale') c.saleVoids++;
        else c.postVoids++;
        break;
      }
      case 'no-sale':
        cashier(e.operatorId).noSales++;
        break;
      case 'return':
        cashier(e.operatorId).returns++;
        break;
      case 'receipt-reprinted':
        cashier(e.operatorId).reprints++;
        break;
      default:
        break;
    }
  }
  return {
    byHour: [...hours.values()].sort((a, b) => a.hour - b.hour),
    byCashier: [...cashiers.values()].sort((a, b) => (a.operatorId < b.operatorId ? -1 : 1)),
  };
}
