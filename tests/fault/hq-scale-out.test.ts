// Two HQ processes behind one address (a loopback TCP proxy standing in for the load balancer)
// share one PostgreSQL. Terminals catch up through it while their connections are moved from one
// HQ to the other, one terminal rotates its key between them, and one HQ is killed mid-ingest:
// every entry is stored exactly once and nothing is taken for an attack (no incident).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { freePort } from '../../hq/database.ts';
import { createEnrollmentCode } from '../../hq/enrollment.ts';
import { enrollWithHq, startSyncRunner, type SyncRunner } from '../../host/sync-runner.ts';
import type { Signer } from '../../core/ports/crypto.ts';
import {
  CuttingProxy,
  hqSummary,
  incidentKinds,
  killProcess,
  openTestTerminal,
  removeTerminal,
  sell,
  startHqProcess,
  terminalSummary,
  waitFor,
  type TestTerminal,
} from '../helpers/hq.ts';
import { newSigner } from '../helpers/ledger.ts';
import { usePostgres } from '../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let url: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  ({ pool, url } = postgres);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
});

function runner(t: TestTerminal, signer: Signer, hqUrl: string): SyncRunner {
  return startSyncRunner({
    dataDir: t.dataDir,
    store: t.store,
    signer,
    hqUrl,
    timeZone: 'Asia/Taipei',
    rolloverHour: 4,
    idleIntervalMs: 20,
    backoff: { baseMs: 10, maxMs: 100, factor: 2 },
    requestTimeoutMs: 10_000,
    batch: { initialBytes: 32 * 1024, minBytes: 16 * 1024, maxBytes: 64 * 1024 },
  });
}

const headOf = async (terminalId: string): Promise<number> => (await hqSummary(pool, terminalId)).headSeq;

describe('two HQ processes behind one address', () => {
  it('terminals moved between them, a key rotated between them and one of them killed: exactly once, no incident', async () => {
    const ports = [await freePort(), await freePort()];
    const hqs = [await startHqProcess(url, ports[0]!, children), await startHqProcess(url, ports[1]!, children)];
    // The load balancer: new connections alternate between the HQs that are up, unless pinned.
    let pinned: number | null = null;
    let next = 0;
    const proxy = new CuttingProxy(() => {
      const live = [0, 1].filter((i) => hqs[i]!.exitCode === null && hqs[i]!.signalCode === null);
      const i = pinned ?? live[next++ % live.length] ?? 0;
      return { host: '127.0.0.1', port: ports[i]! };
    });
    const hqUrl = await proxy.start();
    const moveTo = (i: number | null) => {
      pinned = i;
      proxy.dropAll();
    };

    const rotating = openTestTerminal('T-SCALE-R');
    const others = [openTestTerminal('T-SCALE-1'), openTestTerminal('T-SCALE-2')];
    sell(rotating, 600);
    for (const t of others) sell(t, 1500);
    for (const t of [rotating, ...others]) {
      const { code } = await createEnrollmentCode(pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
      await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl, code });
    }

    // Both HQs learn the rotating terminal (and cache it) before it rotates its key.
    moveTo(0);
    let r = runner(rotating, rotating.signer, hqUrl);
    await waitFor(async () => (await headOf(rotating.terminalId)) >= 200, 60_000, 'the first HQ storing entries');
    moveTo(1);
    const atMove = await headOf(rotating.terminalId);
    await waitFor(async () => (await headOf(rotating.terminalId)) > atMove, 60_000, 'the second HQ storing entries');
    await r.stop();

    // The other terminals catch up through the balancer, alternating HQs.
    moveTo(null);
    const others$ = others.map((t) => runner(t, t.signer, hqUrl));

    // Key rotation, ingested by HQ 0; the batches after it go to HQ 1, which cached the old key.
    const nextKey = newSigner();
    const rotation = rotating.store.rotateKey(nextKey, {
      businessDay: '2026-11-20',
      at: '2026-11-20T03:00:00.000Z',
      operatorId: 'mgr-1',
      reason: 'scheduled',
    });
    sell(rotating, 400);
    moveTo(0);
    r = runner(rotating, nextKey, hqUrl);
    await waitFor(async () => (await headOf(rotating.terminalId)) >= rotation.seq, 60_000, 'HQ 0 storing the key rotation');
    moveTo(1);

    // One HQ is killed while the others are still catching up; the balancer sends them to the other.
    await waitFor(async () => (await headOf(others[0]!.terminalId)) >= 400, 60_000, 'catch-up under way');
    await killProcess(hqs[0]!);
    moveTo(null);

    for (const [t, run] of [[rotating, r] as const, ...others.map((t, i) => [t, others$[i]!] as const)]) {
      await waitFor(() => run.raw().pending === 0 && run.raw().ackSeq === t.store.head().seq, 90_000, `${t.terminalId} caught up`);
      await run.stop();
      const mine = terminalSummary(t);
      expect(await hqSummary(pool, t.terminalId)).toMatchObject({
        count: mine.count,
        distinctSeqs: mine.count,
        lastHash: mine.lastHash,
        headSeq: mine.lastSeq,
      });
      expect(await incidentKinds(pool, t.terminalId)).toEqual([]);
    }
    const sales = await pool.query<{ terminal_id: string; n: number }>(
      `SELECT terminal_id, SUM(sales_count)::int AS n FROM hq_sales_daily WHERE terminal_id LIKE 'T-SCALE-%' GROUP BY terminal_id ORDER BY terminal_id`,
    );
    expect(sales.rows).toEqual([
      { terminal_id: 'T-SCALE-1', n: 1500 },
      { terminal_id: 'T-SCALE-2', n: 1500 },
      { terminal_id: 'T-SCALE-R', n: 1000 },
    ]);
    await proxy.stop();
    for (const t of [rotating, ...others]) removeTerminal(t);
    await killProcess(hqs[1]!);
  }, 300_000); // longer than the waits inside it, so a slow run fails with their message
});
