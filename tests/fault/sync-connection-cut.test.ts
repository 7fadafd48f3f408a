// The connection is cut mid-batch, in both directions, again and again (a loopback TCP proxy
// drops it after N bytes): a batch cut on the way up is not stored; a batch stored whose
// acknowledgement was cut on the way back is acknowledged as a duplicate on retry.
import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startSyncRunner } from '../../host/sync-runner.ts';
import {
  CuttingProxy,
  enroll,
  hqSummary,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  terminalSummary,
  waitFor,
  type Cut,
} from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;

beforeAll(async () => {
  ({ pool } = postgres);
});

describe('connection cut mid-batch', () => {
  it('ends with exactly the terminal ledger at HQ', async () => {
    const hq = await startTestHq(pool);
    const t = openTestTerminal('T-CUT');
    sell(t, 2000);
    await enroll(hq, t);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let planned = 0;
    const proxy = new CuttingProxy({ host: '127.0.0.1', port: hq.port }, (): Cut | null => {
      // The first 40 connections are cut somewhere in a request or its response; later ones pass.
      if (planned++ >= 40) return null;
      return random() < 0.5
        ? { direction: 'request', bytes: 200 + Math.floor(random() * 100_000) }
        : { direction: 'response', bytes: 1 + Math.floor(random() * 300) };
    });
    const url = await proxy.start();
    const runner = startSyncRunner({
      dataDir: t.dataDir,
      store: t.store,
      signer: t.signer,
      hqUrl: url,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
      idleIntervalMs: 20,
      backoff: { baseMs: 10, maxMs: 50, factor: 2 },
      requestTimeoutMs: 5_000,
      batch: { initialBytes: 96 * 1024, minBytes: 32 * 1024, maxBytes: 128 * 1024 },
    });
    await waitFor(() => runner.raw().pending === 0, 60_000, 'sync through a cutting proxy');
    expect(proxy.cuts.request).toBeGreaterThan(5);
    expect(proxy.cuts.response).toBeGreaterThan(5);
    const mine = terminalSummary(t);
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({
      count: mine.count,
      distinctSeqs: mine.count,
      lastSeq: mine.lastSeq,
      lastHash: mine.lastHash,
    });
    await runner.stop();
    await proxy.stop();
    removeTerminal(t);
    await hq.close();
  }, 120_000); // longer than the waits inside it, so a slow run fails with their message
});
