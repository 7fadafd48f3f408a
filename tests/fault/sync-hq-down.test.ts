// HQ is down for the whole selling period, then comes up: the terminal sold throughout, its
// sync showed offline with the backlog, and afterwards HQ holds exactly the terminal's ledger.
import { beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startSyncRunner } from '../../host/sync-runner.ts';
import {
  enroll,
  hqSummary,
  incidentKinds,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  terminalSummary,
  waitFor,
} from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;

beforeAll(async () => {
  ({ pool } = postgres);
});

describe('HQ down while selling', () => {
  it('the terminal sells offline, shows the backlog, and catches up exactly once when HQ is back', async () => {
    let hq = await startTestHq(pool);
    const port = hq.port;
    const t = openTestTerminal('T-DOWN');
    await enroll(hq, t);
    await hq.close();
    const statuses: string[] = [];
    const runner = startSyncRunner({
      dataDir: t.dataDir,
      store: t.store,
      signer: t.signer,
      hqUrl: `http://127.0.0.1:${port}`,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
      idleIntervalMs: 20,
      backoff: { baseMs: 20, maxMs: 150, factor: 2 },
      onStatus: (d) => statuses.push(d.state),
    });
    // A selling day: sales keep committing while every sync attempt fails.
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      sell(t, 100, { perTx: 1 });
      expect(performance.now() - started).toBeLessThan(5_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    // Retries keep failing; between and during them the status bar says offline, never "syncing".
    await waitFor(() => runner.status().state === 'offline', 5_000, 'offline status');
    const offline = runner.status();
    expect(statuses.slice(statuses.indexOf('offline'))).not.toContain('busy');
    expect(offline.detail).toMatch(/sync\.offline: .*1,501 entries waiting/);
    expect(runner.raw()).toMatchObject({ ackSeq: 0, pending: 1501 });
    hq = await startTestHq(pool, { listen: { host: '127.0.0.1', port } });
    await waitFor(() => runner.raw().pending === 0 && runner.raw().phase === 'idle', 30_000, 'catch-up after HQ came back');
    const mine = terminalSummary(t);
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({ count: mine.count, distinctSeqs: mine.count, lastHash: mine.lastHash });
    expect(runner.status()).toMatchObject({ state: 'idle', flags: { upToDate: true } });
    expect(statuses).toContain('offline');
    expect(await incidentKinds(pool, t.terminalId)).toEqual([]);
    await runner.stop();
    removeTerminal(t);
    await hq.close();
  }, 120_000); // longer than the waits inside it, so a slow run fails with their message
});
