import type { InvoiceRange } from '../fiscal/tw-einvoice/number-ranges.ts';
import type { AssignedInvoiceRange } from './hq-client.ts';

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

/** What became of the ranges HQ delivered: how many were recorded now, and why any were not. */
export interface DeliveredRanges {
  recorded: number;
  /** One line per range the till cannot record (it overlaps one it has, or lies before its last number). */
  refused: string[];
}

/**
 * Records at the till, as einvoice-range ledger entries (source 'hq'), the ranges HQ assigned it
 * that it does not have yet, in one ledger transaction (db/ does). A range it already has is
 * skipped, so delivering the same ranges again changes nothing. Synchronous.
 */
export interface InvoiceRangeSink {
  record(ranges: readonly AssignedInvoiceRange[]): DeliveredRanges;
}
