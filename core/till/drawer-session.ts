import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry } from '../ledger/bodies.ts';
import type { SaleLookup } from './day-totals.ts';

// A drawer session runs from the counted opening float to the closing count. What should be in
// the drawer is computed from ledger entries only, and only from net cash: a sale's cash tender
// amount is already tendered minus change, so change is never counted twice (the NexoPOS and
// ERPNext mistake), and each entry is counted once however often a report is run.

export type DrawerField = 'cashSales' | 'cashRefunds' | 'cashIn' | 'paidOuts' | 'pickups' | 'otherOut';

export type DrawerDelta =
  | { type: 'open'; sessionId: string; businessDay: string; operatorId: string | null; float: number; seq: number }
  | { type: 'add'; sessionId: string; field: DrawerField; amount: number }
  | { type: 'close'; sessionId: string; counted: number; expected: number; overShort: number; seq: number }
  | { type: 'cosign'; sessionId: string; seq: number };

export interface DrawerSessionTotals {
  float: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  paidOuts: number;
  pickups: number;
  otherOut: number;
}

/** Expected cash = float + cash sales - cash refunds + cash in - paid-outs - pickups - other cash out. */
export function expectedCash(s: DrawerSessionTotals): number {
  return s.float + s.cashSales - s.cashRefunds + s.cashIn - s.paidOuts - s.pickups - s.otherOut;
}

function cashOf(tenders: ReadonlyArray<{ type: string; amount: number }>): number {
  return tenders.reduce((sum, t) => sum + (t.type === 'cash' ? t.amount : 0), 0);
}

export function drawerDeltas(ledgerEntry: LedgerEntry, lookupSale: SaleLookup): DrawerDelta[] {
  const entry = knownEntry(ledgerEntry);
  switch (entry?.kind) {
    case 'count': {
      const b = entry.body;
      const { businessDay, operatorId, seq } = entry;
      if (b.purpose === 'opening-float')
        return [{ type: 'open', sessionId: b.drawerSessionId, businessDay, operatorId, float: b.total, seq }];
      if (b.purpose === 'closing') {
        return [
          { type: 'close', sessionId: b.drawerSessionId, counted: b.total, expected: b.expected ?? 0, overShort: b.overShort ?? 0, seq },
        ];
      }
      return [];
    }
    case 'sale': {
      const b = entry.body;
      const cash = cashOf(b.tenders);
      return b.drawerSessionId && cash && !b.training
        ? [{ type: 'add', sessionId: b.drawerSessionId, field: 'cashSales', amount: cash }]
        : [];
    }
    case 'giftcard-issued': {
      // The cash a gift card was bought with is in the drawer like a sale's (issue #15).
      const b = entry.body;
      return b.drawerSessionId && b.tender.type === 'cash' && !b.training
        ? [{ type: 'add', sessionId: b.drawerSessionId, field: 'cashSales', amount: b.tender.amount }]
        : [];
    }
    case 'return': {
      const b = entry.body;
      const cash = cashOf(b.refunds);
      return b.drawerSessionId && cash && !b.training
        ? [{ type: 'add', sessionId: b.drawerSessionId, field: 'cashRefunds', amount: cash }]
        : [];
    }
    case 'void': {
      const b = entry.body;
      if (b.scope !== 'post-void' || b.receiptNo === undefined) return [];
      const original = lookupSale(b.receiptNo);
      if (!original || original.body.training) return [];
      const cash = cashOf(original.body.tenders);
      // The cash leaves the drawer open at the time of the void (that drawer may be counted later;
      // the sale's own may be closed already). Entries older than that field took it off the sale's own session.
      const sessionId = b.drawerSessionId === undefined ? original.body.drawerSessionId : b.drawerSessionId;
      return cash && sessionId ? [{ type: 'add', sessionId, field: 'cashSales', amount: -cash }] : [];
    }
    case 'cash-in': {
      const b = entry.body;
      return b.drawerSessionId ? [{ type: 'add', sessionId: b.drawerSessionId, field: 'cashIn', amount: b.amount }] : [];
    }
    case 'cash-out': {
      const b = entry.body;
      const field: DrawerField = b.purpose === 'pickup' ? 'pickups' : b.purpose === 'paid-out' ? 'paidOuts' : 'otherOut';
      return b.drawerSessionId ? [{ type: 'add', sessionId: b.drawerSessionId, field, amount: b.amount }] : [];
    }
    case 'approval': {
      const b = entry.body;
      const sessionId = b.subject?.['drawerSessionId'];
      return b.action === 'till.cosign' && typeof sessionId === 'string' ? [{ type: 'cosign', sessionId, seq: entry.seq }] : [];
    }
    default:
      return [];
  }
}
