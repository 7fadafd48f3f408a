import type Database from 'better-sqlite3';
import type { InvoiceRange } from '../core/fiscal/tw-einvoice/number-ranges.ts';
import type { InvoiceNumberBook } from '../core/ports/invoice-numbers.ts';

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
