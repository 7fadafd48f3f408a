import type Database from 'better-sqlite3';
import { hasRange, rangeRefusal, type InvoiceRange } from '../core/fiscal/tw-einvoice/number-ranges.ts';
import type { DeliveredRanges, InvoiceNumberBook, InvoiceRangeSink } from '../core/ports/invoice-numbers.ts';
import type { AssignedInvoiceRange } from '../core/ports/hq-client.ts';
import type { Clock } from '../core/ports/clock.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import type { SqliteLedgerStore } from './sqlite-ledger.ts';

/**
 * The e-invoice ranges and last number issued, read from the ledger's own entries on the same
 * connection as the ledger store: inside a write they see its transaction. Numbers go up within a
 * period, so the period's last e-invoice sale (the newest sale entry naming it) holds the last one.
 */
/** A period's ranges, in the order recorded (index ledger_einvoice_ranges, migration 0006). */
export const RANGES_SQL = `SELECT json_extract(body, '$.track') AS track, json_extract(body, '$.from') AS "from", json_extract(body, '$.to') AS "to"
  FROM ledger_entries WHERE kind = 'einvoice-range' AND json_extract(body, '$.period') = ? ORDER BY seq`;

/** The number of a period's newest e-invoice sale (index ledger_einvoice_sales, migration 0006). */
export const LAST_ISSUED_SQL = `SELECT json_extract(body, '$.einvoice.number') FROM ledger_entries
  WHERE kind = 'sale' AND json_extract(body, '$.einvoice.period') = ? ORDER BY seq DESC LIMIT 1`;

export class SqliteInvoiceNumbers implements InvoiceNumberBook {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = { ranges: db.prepare(RANGES_SQL), last: db.prepare(LAST_ISSUED_SQL).pluck() };
  }

  ranges(period: string): InvoiceRange[] {
    return this.st.ranges.all(period) as InvoiceRange[];
  }

  lastIssued(period: string): string | null {
    return (this.st.last.get(period) as string | undefined) ?? null;
  }
}

/**
 * Records the ranges HQ delivered through sync as einvoice-range ledger entries (source 'hq'), in
 * one ledger transaction: the ones the till has are skipped (a second delivery changes nothing),
 * the ones it cannot take (overlapping one it has, or before its last number) are refused with the
 * reason and the rest recorded. The chain then shows where every number came from.
 */
export class LedgerInvoiceRangeSink implements InvoiceRangeSink {
  private readonly store: SqliteLedgerStore;
  private readonly clock: Clock;
  private readonly day: { timeZone: string; rolloverHour: number };

  constructor(options: { store: SqliteLedgerStore; clock: Clock; timeZone: string; rolloverHour: number }) {
    this.store = options.store;
    this.clock = options.clock;
    this.day = { timeZone: options.timeZone, rolloverHour: options.rolloverHour };
  }

  record(ranges: readonly AssignedInvoiceRange[]): DeliveredRanges {
    const book = new SqliteInvoiceNumbers(this.store.database);
    const fresh = (r: AssignedInvoiceRange) => !hasRange(book.ranges(r.period), r);
    // Reads only, outside a write, when nothing is new: the usual answer every minute.
    if (!ranges.some(fresh)) return { recorded: 0, refused: [] };
    const now = this.clock.now();
    const at = now.toISOString();
    const businessDay = openBusinessDay(now, this.day, this.store);
    return this.store.write((tx) => {
      const refused: string[] = [];
      let recorded = 0;
      for (const r of ranges) {
        const existing = book.ranges(r.period);
        if (hasRange(existing, r)) continue;
        const why = rangeRefusal(existing, book.lastIssued(r.period), r);
        if (why) {
          refused.push(`${r.period}: ${why}`);
          continue;
        }
        tx.append({
          kind: 'einvoice-range',
          businessDay,
          startedAt: at,
          endedAt: at,
          operatorId: null,
          body: { period: r.period, track: r.track, from: r.from, to: r.to, source: 'hq' },
        });
        recorded++;
      }
      return { recorded, refused };
    });
  }
}
