// HQ is killed (SIGKILL) mid-ingest three times and restarted: PostgreSQL rolls the cut
// transactions back, the terminal retries, and HQ ends with exactly the terminal's ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { freePort } from '../../hq/database.ts';
import { createEnrollmentCode } from '../../hq/enrollment.ts';
import { enrollWithHq, startSyncRunner } from '../../host/sync-runner.ts';
import { hqSummary, killProcess, openTestTerminal, removeTerminal, sell, startHqProcess, terminalSummary, waitFor } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let url: string;
/** HQ children still running if a test fails midway: killed in afterAll, never left behind. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  ({ pool, url } = postgres);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
});

const startHq = (port: number): Promise<ChildProcess> => startHqProcess(url, port, children);
const kill = killProcess;

describe('HQ restarted mid-ingest', () => {
  it('three SIGKILLs while a terminal catches up: exactly once', async () => {
    const port = await freePort();
    let hq = await startHq(port);
    const hqUrl = `http://127.0.0.1:${port}`;
    const t = openTestTerminal('T-RESTART');
    sell(t, 4000);
    const { code } = await createEnrollmentCode(pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
    await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl, code });
    const runner = startSyncRunner({
      dataDir: t.dataDir,
      store: t.store,
      signer: t.signer,
      hqUrl,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
      idleIntervalMs: 20,
      backoff: { baseMs: 20, maxMs: 100, factor: 2 },
      batch: { initialBytes: 64 * 1024, minBytes: 32 * 1024, maxBytes: 128 * 1024 },
    });
    for (const threshold of [500, 1700, 2900]) {
      await waitFor(async () => (await hqSummary(pool, t.terminalId)).headSeq >= threshold, 30_000, `HQ past ${threshold}`);
      await kill(hq);
      await new Promise((r) => setTimeout(r, 150));
      hq = await startHq(port);
    }
    await waitFor(() => runner.raw().pending === 0, 30_000, 'catch-up after the last restart');
    const mine = terminalSummary(t);
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({
      count: mine.count,
      distinctSeqs: mine.count,
      lastHash: mine.lastHash,
      headSeq: mine.lastSeq,
    });
    // No transaction of a killed HQ survived half-done: report rows match the entries.
    const sales = await pool.query<{ n: number }>(`SELECT SUM(sales_count)::int AS n FROM hq_sales_daily WHERE terminal_id = 'T-RESTART'`);
    expect(sales.rows[0]!.n).toBe(4000);
    await runner.stop();
    removeTerminal(t);
    await kill(hq);
  }, 120_000); // longer than the waits inside it, so a slow run fails with their message
});
