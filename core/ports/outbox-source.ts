// The terminal ledger as the sync engine's outbox.
import type { LedgerEntry } from '../ledger/entry.ts';

/** The terminal ledger read in short pages: never one long read transaction. */
export interface OutboxSource {
  /** Seq of the newest entry. */
  headSeq(): number;
  /** Up to `max` entries from `fromSeq` on, in seq order (fewer at the head). */
  read(fromSeq: number, max: number): LedgerEntry[];
}
