// Whoever applies HQ's master data at the terminal (db/ does, in one ledger transaction).
import type { MasterDataChange } from './hq-client.ts';

/** Applies master data in one ledger transaction (with its config-change entries). Synchronous. */
export interface MasterDataSink {
  apply(changes: readonly MasterDataChange[], cursor: number): void;
}
