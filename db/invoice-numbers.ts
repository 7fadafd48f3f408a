import type Database from 'better-sqlite3';
import type { InvoiceRange } from '../core/fiscal/tw-einvoice/number-ranges.ts';
import type { InvoiceNumberBook } from '../core/ports/invoice-numbers.ts';

/**
 * The e-invoice ranges and last number issued, read from the ledger's own entries on the same
 * connection as the ledger store: inside a write they see its transaction. Numbers go up within a
 * period, so the period's last e-invoice sale (the newest sale entry naming it) holds the last one.
 */
export class SqliteInvoiceNumbers implements InvoiceNumberBook {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      ranges:
        db.prepare(`SELECT json_extract(body, '$.track') AS track, json_extract(body, '$.from') AS "from", json_extract(body, '$.to') AS "to"
        FROM ledger_entries WHERE kind = 'einvoice-range' AND json_extract(body, '$.period') = ? ORDER BY seq`),
      // Newest first, stopping at the first match: the current period's sales are the newest entries.
      last: db
        .prepare(
          `SELECT json_extract(body, '$.einvoice.number') FROM ledger_entries
          WHERE kind = 'sale' AND json_extract(body, '$.einvoice.period') = ? ORDER BY seq DESC LIMIT 1`,
        )
        .pluck(),
    };
  }

  ranges(period: string): InvoiceRange[] {
    return this.st.ranges.all(period) as InvoiceRange[];
  }

  lastIssued(period: string): string | null {
    return (this.st.last.get(period) as string | undefined) ?? null;
  }
}
