// What the sync engine needs from the outside: the terminal's ledger as an outbox, HQ, a place
// to keep its cursors, and whoever applies master data. host/ wires real ones
// (host/sync-runner.ts); tests pass small in-memory ones.
import type { LedgerEntry } from '../ledger/entry.ts';

/** A run of consecutive entries of one terminal, oldest first. */
export interface OutboxBatch {
  terminalId: string;
  entries: LedgerEntry[];
  /** Approximate serialized size, for batch sizing. */
  bytes: number;
}

export interface PushAck {
  /** Highest seq HQ holds verified, contiguous from 1. The terminal's cursor follows it. */
  ackSeq: number;
  /** Hash of entry `ackSeq` at HQ (null when ackSeq is 0). */
  ackHash: string | null;
  /** Entries of the batch newly stored. */
  stored: number;
  /** Entries of the batch HQ already held with the same hash. */
  duplicates: number;
  /** Entries HQ is missing before the batch (it stores nothing after a gap). */
  gap: { from: number; to: number } | null;
}

/** One master-data record as HQ last published it. `record` is checked by whoever applies it. */
export interface MasterDataChange {
  version: number;
  section: string;
  key: string;
  record: unknown;
}

export interface MasterDataPage {
  changes: MasterDataChange[];
  /** Version to ask from next time. */
  cursor: number;
  /** More changes wait after `cursor`. */
  more: boolean;
}

export interface HqClient {
  pushEntries(batch: OutboxBatch, signal?: AbortSignal): Promise<PushAck>;
  masterDataSince(cursor: number, signal?: AbortSignal): Promise<MasterDataPage>;
}

/** The terminal ledger read in short pages: never one long read transaction. */
export interface OutboxSource {
  /** Seq of the newest entry. */
  headSeq(): number;
  /** Up to `max` entries from `fromSeq` on, in seq order (fewer at the head). */
  read(fromSeq: number, max: number): LedgerEntry[];
}

export interface SyncState {
  v: 1;
  terminalId: string;
  /** Highest seq HQ acknowledged. */
  ackSeq: number;
  ackHash: string | null;
  /** Master-data version applied. */
  masterDataCursor: number;
  /** UTC ISO time of the last successful exchange with HQ. */
  lastSyncAt: string | null;
}

export interface SyncStateStore {
  load(): SyncState | null;
  /** Must be atomic: a crash leaves the old state or the new one. */
  save(state: SyncState): void;
}

/** Applies master data in one ledger transaction (with its config-change entries). Synchronous. */
export interface MasterDataSink {
  apply(changes: readonly MasterDataChange[], cursor: number): void;
}
