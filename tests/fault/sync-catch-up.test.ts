// Weeks offline: a large backlog is sent in bounded pages and batches, with progress on the
// status bar, and HQ ends with the terminal's ledger. TILLPROOF_CATCHUP_ENTRIES raises the count
// (1,000,000 is the design figure; see tests/bench/hq-catchup.bench.ts for that run).
import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { FileSyncStateStore, LedgerOutbox } from '../../host/sync-runner.ts';
import { SyncEngine } from '../../core/sync/sync-engine.ts';
import { catchUpPercent, syncDeviceStatus } from '../../core/sync/status.ts';
import { HttpHqClient } from '../../platform/hq-client.ts';
import type { LedgerEntry } from '../../core/ledger/entry.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';

const ENTRIES = Number(process.env.TILLPROOF_CATCHUP_ENTRIES ?? 10_000);
const postgres = usePostgres();
let pool: pg.Pool;

beforeAll(async () => {
  ({ pool } = postgres);
});

// 10,000 entries through a real HQ while sales go on: under a minute on a loaded 2-core machine
// (a round sends what was written before it began, so selling during it cannot keep it running).
describe('catching up a long offline period', () => {
  it(`${ENTRIES.toLocaleString('en-US')} entries: bounded reads and batches, progress shown, exactly once`, async () => {
    const hq = await startTestHq(pool);
    const t = openTestTerminal('T-CATCHUP');
    sell(t, ENTRIES - 1, { perTx: 500 });
    await enroll(hq, t);
    const outbox = new LedgerOutbox(t.store);
    let maxRead = 0;
    const counted = {
      headSeq: () => outbox.headSeq(),
      read: (from: number, max: number): LedgerEntry[] => {
        const page = outbox.read(from, max);
        maxRead = Math.max(maxRead, page.length);
        return page;
      },
    };
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    let maxBatch = 0;
    const pushing = {
      pushEntries: (b: Parameters<HttpHqClient['pushEntries']>[0]) => {
        maxBatch = Math.max(maxBatch, b.entries.length);
        return client.pushEntries(b);
      },
      masterDataSince: (c: number) => client.masterDataSince(c),
    };
    const percents: number[] = [];
    const details: string[] = [];
    const engine = new SyncEngine({
      terminalId: t.terminalId,
      outbox: counted,
      hq: pushing,
      state: new FileSyncStateStore(t.dataDir),
      yieldToSelling: () => new Promise((r) => setImmediate(r)),
      onStatus: (s) => {
        const p = catchUpPercent(s);
        if (p !== null) {
          percents.push(p);
          details.push(syncDeviceStatus(s).detail ?? '');
        }
      },
    });
    const heapBefore = process.memoryUsage().heapUsed;
    // Selling goes on during the catch-up: each sale commits without waiting for sync.
    const saleMs: number[] = [];
    let syncing = true;
    const selling = (async () => {
      while (syncing) {
        const started = performance.now();
        sell(t, 1, { perTx: 1 });
        saleMs.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await engine.syncOnce();
    syncing = false;
    await selling;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const sorted = [...saleMs].sort((a, b) => a - b);
    expect(saleMs.length).toBeGreaterThan(10);
    expect(sorted[Math.floor(sorted.length * 0.99)]).toBeLessThan(250);
    expect(maxRead).toBeLessThanOrEqual(256);
    expect(maxBatch).toBeLessThanOrEqual(5_000);
    expect(percents.length).toBeGreaterThan(5);
    expect(percents[0]).toBeLessThan(50);
    expect(percents.at(-1)).toBe(100);
    expect(details.some((d) => /catching up: [\d,]+ of [\d,]+ entries sent/.test(d))).toBe(true);
    // Memory does not grow with the backlog (bounded batches; generous bound for GC timing).
    expect(heapGrowth).toBeLessThan(150 * 1024 * 1024);
    // The sales written during the catch-up go up in the next round.
    await engine.syncOnce();
    const head = t.store.head();
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({ count: head.seq, distinctSeqs: head.seq, lastHash: head.hash });
    client.close();
    removeTerminal(t);
    await hq.close();
  }, 600_000);
});
