// The sync engine's status as the status bar shows it: one DeviceStatus with device 'sync'.
import type { DeviceStatus, SyncProgress } from '../contract/views.ts';
import type { SyncStatus } from './sync-engine.ts';

const STATE: Record<SyncStatus['phase'], DeviceStatus['state']> = {
  idle: 'idle',
  syncing: 'busy',
  offline: 'offline',
  error: 'error',
  stopped: 'closed',
};

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Catch-up progress in whole percent, or null when no catch-up is running. */
export function catchUpPercent(s: SyncStatus): number | null {
  if (!s.catchUp) return null;
  const total = s.catchUp.toSeq - s.catchUp.fromSeq;
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor(((s.ackSeq - s.catchUp.fromSeq) / total) * 100)));
}

/** The numbers the status bar words in the UI language: backlog, catch-up progress, last sync, last failure. */
export function syncProgress(s: SyncStatus): SyncProgress {
  const total = s.catchUp ? Math.max(0, s.catchUp.toSeq - s.catchUp.fromSeq) : 0;
  const catchUp = s.catchUp ? { acked: Math.min(total, Math.max(0, s.ackSeq - s.catchUp.fromSeq)), total } : null;
  const progress = catchUp ? (catchUp.total === 0 ? 1 : Math.min(1, catchUp.acked / catchUp.total)) : null;
  return { pending: s.pending, progress, catchUp, lastSyncAt: s.lastSyncAt, lastError: s.lastError?.code ?? null, retryAt: s.retryAt };
}

/**
 * `detail` is English for logs; the UI builds its own text from `sync` (the numbers) and
 * `flags`. flags: upToDate (nothing waiting), catchingUp, needsAttention (a refusal or a
 * ledger behind HQ: retrying will not fix it).
 */
export function syncDeviceStatus(s: SyncStatus, id = 'hq'): DeviceStatus {
  const last = s.lastSyncAt ? `last sync ${s.lastSyncAt}` : 'never synced';
  const percent = catchUpPercent(s);
  let detail: string;
  if (s.phase === 'syncing' && s.catchUp && percent !== null) {
    detail = `catching up: ${count(s.ackSeq - s.catchUp.fromSeq)} of ${count(s.catchUp.toSeq - s.catchUp.fromSeq)} entries sent (${percent}%)`;
  } else if (s.phase === 'offline' || s.phase === 'error') {
    detail = `${s.lastError ? `${s.lastError.code}: ${s.lastError.message}` : 'not connected'}; ${count(s.pending)} entries waiting; ${last}${s.retryAt ? `; next try ${s.retryAt}` : ''}`;
  } else if (s.pending === 0) {
    detail = `up to date (seq ${s.ackSeq}); ${last}`;
  } else {
    detail = `${count(s.pending)} entries waiting; ${last}`;
  }
  const needsAttention =
    s.lastError !== null && ['sync.rejected', 'sync.ledger-behind-hq', 'sync.diverged', 'sync.not-enrolled'].includes(s.lastError.code);
  return {
    device: 'sync',
    id,
    state: STATE[s.phase],
    detail,
    sync: syncProgress(s),
    flags: { upToDate: s.pending === 0, catchingUp: s.catchUp !== null, needsAttention },
  };
}
