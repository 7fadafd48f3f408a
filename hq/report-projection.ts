import type { LedgerEntry } from '../core/ledger/entry.ts';
import { exceptionOf } from '../core/loss/staff-exceptions.ts';

// What the cross-store reports need from verified entries, summed per batch so the ingest
// transaction upserts a handful of rows rather than re-reading entry bodies. Bodies were
// checked against their schemas by the terminal before they were signed; HQ still reads them
// defensively (a field of the wrong type counts as absent, never as a crash).

export interface SalesDelta {
  businessDay: string;
  currency: string;
  salesCount: number;
  salesTotal: number;
  salesTax: number;
  returnsCount: number;
  returnsTotal: number;
  postVoidsCount: number;
  postVoidsTotal: number;
}

export interface ExceptionDelta {
  businessDay: string;
  staffId: string;
  lineVoids: number;
  saleVoids: number;
  postVoids: number;
  noSales: number;
  manualMembers: number;
  reprints: number;
  discountApprovals: number;
  priceOverrides: number;
}

/** Staff id used for exceptions an entry records without an operator. */
export const NO_OPERATOR = '(none)';

type Body = Record<string, unknown>;

function num(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function obj(v: unknown): Body | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : null;
}

const EMPTY_EXCEPTION = {
  lineVoids: 0,
  saleVoids: 0,
  postVoids: 0,
  noSales: 0,
  manualMembers: 0,
  reprints: 0,
  discountApprovals: 0,
  priceOverrides: 0,
};

export class ReportProjection {
  private readonly salesRows = new Map<string, SalesDelta>();
  private readonly exceptionRows = new Map<string, ExceptionDelta>();
  private currency: string;

  /** `currency`: the store currency, for post-voids (their bodies do not name one) before any sale in the batch does. */
  constructor(currency: string) {
    this.currency = currency;
  }

  private sales(day: string, currency: string): SalesDelta {
    const key = `${day}\u0000${currency}`;
    let row = this.salesRows.get(key);
    if (!row) {
      row = {
        businessDay: day,
        currency,
        salesCount: 0,
        salesTotal: 0,
        salesTax: 0,
        returnsCount: 0,
        returnsTotal: 0,
        postVoidsCount: 0,
        postVoidsTotal: 0,
      };
      this.salesRows.set(key, row);
    }
    return row;
  }

  private exception(day: string, staffId: string | null): ExceptionDelta {
    const id = staffId ?? NO_OPERATOR;
    const key = `${day}\u0000${id}`;
    let row = this.exceptionRows.get(key);
    if (!row) {
      row = { businessDay: day, staffId: id, ...EMPTY_EXCEPTION };
      this.exceptionRows.set(key, row);
    }
    return row;
  }

  add(entry: LedgerEntry): void {
    const body = obj(entry.body);
    if (!body) return;
    const day = entry.businessDay;
    // Which entries are exceptions, and whose, is the loss-prevention scan's classification too.
    const ex = exceptionOf(entry);
    if (ex && ex.kind !== 'returnsWithoutReceipt') this.exception(day, ex.staffId)[ex.kind]++;
    switch (entry.kind) {
      case 'sale': {
        if (body.training === true) return;
        const currency = str(body.currency) ?? this.currency;
        this.currency = currency;
        const row = this.sales(day, currency);
        row.salesCount++;
        row.salesTotal += num(body.total);
        row.salesTax += num(body.tax);
        return;
      }
      case 'return': {
        if (body.training === true) return;
        const currency = str(body.currency) ?? this.currency;
        this.currency = currency;
        const row = this.sales(day, currency);
        row.returnsCount++;
        row.returnsTotal += num(body.total);
        return;
      }
      case 'void': {
        if (body.scope === 'post-void') {
          const row = this.sales(day, this.currency);
          row.postVoidsCount++;
          row.postVoidsTotal += num(body.amount);
        }
        return;
      }
      default:
        return;
    }
  }

  salesDeltas(): SalesDelta[] {
    return [...this.salesRows.values()];
  }

  exceptionDeltas(): ExceptionDelta[] {
    return [...this.exceptionRows.values()];
  }
}
