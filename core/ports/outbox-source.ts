// The terminal ledger as the sync engine's outbox.
import type { LedgerEntry } from '../ledger/entry.ts';

/** The terminal ledger read in short pages: never one long read transaction. */
export interface OutboxSource {
  /** Seq of the newest entry. */
  headSeq(): number;
  /** Up to `max` entries from `fromSeq` on, in seq order (fewer at the head). */
  read(fromSeq: number, max: number): LedgerEntry[];
  /**
   * The key-rotation entries after `last` that lead from the key that signed it to the key that
   * signs requests now (empty when that is the same key). A batch ending before a rotation is
   * sent with them, so HQ can tell the request's key is the terminal's (docs/hq.md).
   */
  endorsements?(last: LedgerEntry): LedgerEntry[];
}
