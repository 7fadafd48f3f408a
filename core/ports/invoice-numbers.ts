import type { InvoiceRange } from '../fiscal/tw-einvoice/number-ranges.ts';

/**
 * The till's e-invoice ranges and the last number it issued, read from its own ledger (the
 * einvoice-range and sale entries). Read inside a ledger write, it sees that transaction: the
 * number a sale takes is read and sealed in one commit (db/invoice-numbers.ts).
 */
export interface InvoiceNumberBook {
  /** The ranges recorded for a period ("11512"), in the order they were recorded. */
  ranges(period: string): InvoiceRange[];
  /** The number of the period's last e-invoice sale, or null before the first. */
  lastIssued(period: string): string | null;
}
