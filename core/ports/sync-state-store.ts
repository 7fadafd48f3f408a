// Where the sync engine keeps its cursors between runs (host/ keeps them in a durable file).

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
