import { describe, expect, it } from 'vitest';
import { syncDeviceStatus, syncProgress, catchUpPercent } from '../../../../core/sync/status.ts';
import type { SyncStatus } from '../../../../core/sync/sync-engine.ts';
import { deviceStatusSchema } from '../../../../core/contract/views.ts';

const base: SyncStatus = {
  phase: 'idle',
  terminalId: 'T1',
  headSeq: 100,
  ackSeq: 100,
  pending: 0,
  lastSyncAt: '2026-11-20T02:00:00.000Z',
  masterDataCursor: 3,
  catchUp: null,
  lastError: null,
  retryAt: null,
};

describe('syncDeviceStatus', () => {
  it('is a contract DeviceStatus for the status bar, device "sync"', () => {
    for (const phase of ['idle', 'syncing', 'offline', 'error', 'stopped'] as const) {
      expect(deviceStatusSchema.safeParse(syncDeviceStatus({ ...base, phase })).success).toBe(true);
    }
  });

  it('shows up to date with the last sync time', () => {
    expect(syncDeviceStatus(base)).toEqual({
      device: 'sync',
      id: 'hq',
      state: 'idle',
      detail: 'up to date (seq 100); last sync 2026-11-20T02:00:00.000Z',
      sync: { pending: 0, progress: null, catchUp: null, lastSyncAt: '2026-11-20T02:00:00.000Z', lastError: null, retryAt: null },
      flags: { upToDate: true, catchingUp: false, needsAttention: false },
    });
  });

  it('shows catch-up progress with counts and percent', () => {
    const s: SyncStatus = {
      ...base,
      phase: 'syncing',
      headSeq: 1_000_000,
      ackSeq: 250_000,
      pending: 750_000,
      catchUp: { fromSeq: 0, toSeq: 1_000_000 },
    };
    expect(catchUpPercent(s)).toBe(25);
    expect(syncDeviceStatus(s)).toMatchObject({
      state: 'busy',
      detail: 'catching up: 250,000 of 1,000,000 entries sent (25%)',
      flags: { catchingUp: true, upToDate: false },
    });
    // The numbers travel language-neutral: the status bar words and formats them.
    expect(syncDeviceStatus(s).sync).toEqual({
      pending: 750_000,
      progress: 0.25,
      catchUp: { acked: 250_000, total: 1_000_000 },
      lastSyncAt: base.lastSyncAt,
      lastError: null,
      retryAt: null,
    });
  });

  it('shows offline with the backlog and the next try; a refusal needs attention', () => {
    const offline: SyncStatus = {
      ...base,
      phase: 'offline',
      pending: 42,
      lastError: { code: 'sync.offline', message: 'refused', at: 'x' },
      retryAt: '2026-11-20T02:01:00.000Z',
    };
    expect(syncDeviceStatus(offline)).toMatchObject({
      state: 'offline',
      detail: expect.stringMatching(/sync\.offline: refused; 42 entries waiting; .*next try 2026-11-20T02:01:00.000Z/),
      flags: { needsAttention: false },
    });
    const refused: SyncStatus = { ...base, phase: 'error', lastError: { code: 'sync.rejected', message: 'fork [ingest.fork]', at: 'x' } };
    expect(syncDeviceStatus(offline).sync).toMatchObject({ pending: 42, lastError: 'sync.offline', retryAt: '2026-11-20T02:01:00.000Z' });
    expect(syncDeviceStatus(refused)).toMatchObject({
      state: 'error',
      sync: { lastError: 'sync.rejected' },
      flags: { needsAttention: true },
    });
  });

  it('reports progress 0..1 and never past done; an empty catch-up is done', () => {
    const ahead: SyncStatus = { ...base, phase: 'syncing', ackSeq: 120, catchUp: { fromSeq: 100, toSeq: 110 } };
    expect(syncProgress(ahead)).toMatchObject({ progress: 1, catchUp: { acked: 10, total: 10 } });
    expect(syncProgress({ ...base, catchUp: { fromSeq: 100, toSeq: 100 } }).progress).toBe(1);
    expect(syncProgress({ ...base, lastSyncAt: null }).lastSyncAt).toBeNull();
  });
});
