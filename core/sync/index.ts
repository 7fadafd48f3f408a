// Terminal <-> HQ sync, runtime-free: the engine, its ports, batching, backoff and status.
export { SyncEngine, type SyncEngineOptions, type SyncPhase, type SyncStatus } from './sync-engine.ts';
export { SyncError, asSyncError, type SyncErrorCode } from './errors.ts';
export { BatchSizer, DEFAULT_BATCH_SIZER, type BatchSizerOptions, type BatchFailure } from './batch-sizer.ts';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
export { syncDeviceStatus, syncProgress, catchUpPercent } from './status.ts';
export type { HqClient, MasterDataChange, MasterDataPage, OutboxBatch, PushAck } from '../ports/hq-client.ts';
export type { MasterDataSink } from '../ports/master-data-sink.ts';
export type { OutboxSource } from '../ports/outbox-source.ts';
export type { SyncState, SyncStateStore } from '../ports/sync-state-store.ts';
