// The terminal's sync process is SIGKILLed mid-sync again and again; each restart resumes from
// the cursor it saved (or HQ's acknowledgement), and HQ ends with exactly the terminal's ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import type { RunningHq } from '../../hq/server.ts';
import { FileSyncStateStore } from '../../host/sync-runner.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq } from '../helpers/hq.ts';
import { usePostgres } from '../helpers/postgres.ts';

const CHILD = join(import.meta.dirname, '../integration/hq/fixtures/sync-process.ts');
const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
/** Children still running if a test fails midway: killed in afterAll, never left behind. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await hq?.close();
});

/**
 * Runs the sync child. With `kill`, SIGKILLs it `delayMs` after HQ's `afterAcks`-th
 * acknowledgement past where it started (so every round is killed mid-sync, however fast or slow
 * the machine), or as soon as it reports done. Without, lets it finish. Returns the acks it printed.
 */
function runChild(dataDir: string, kill: { afterAcks: number; delayMs: number } | null): Promise<{ acks: number[]; done: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, 'T-KILL', 'S-1', hq.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | null = null;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (kill && !killTimer) {
        const acks = out.split('\n').filter((l) => l.startsWith('ack ')).length;
        // The first ack line is where the round started; count the ones after it.
        if (acks - 1 >= kill.afterAcks || out.includes('done\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
      if (!kill && out.includes('done\n') && !child.killed) child.kill('SIGTERM');
    });
    child.on('exit', (_code, signal) => {
      children.delete(child);
      if (killTimer) clearTimeout(killTimer);
      if (kill && signal !== 'SIGKILL') return reject(new Error(`sync child exited by itself: ${err}`));
      const lines = out.split('\n').slice(0, -1);
      resolve({ acks: lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4))), done: lines.includes('done') });
    });
  });
}

describe('terminal sync killed mid-sync', () => {
  it('5 SIGKILLs at random moments, then a clean run: exactly once, cursor file always readable', async () => {
    const t = openTestTerminal('T-KILL');
    sell(t, 4000);
    await enroll(hq, t);
    const head = t.store.head();
    t.close();
    let seed = 99;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let progressed = 0;
    for (let round = 0; round < 5; round++) {
      // 200+ acknowledgements in all (small batches): each round takes a few, then dies mid-batch.
      const { acks } = await runChild(t.dataDir, { afterAcks: 1 + Math.floor(random() * 30), delayMs: Math.floor(random() * 25) });
      // The first line is where the round started; a later, higher one is progress made before the kill.
      if (acks.length > 1 && Math.max(...acks) > acks[0]!) progressed++;
      // The cursor file survives every kill: never torn, never ahead of HQ.
      const store = new FileSyncStateStore(t.dataDir);
      if (existsSync(store.path)) expect(() => JSON.parse(readFileSync(store.path, 'utf8'))).not.toThrow();
      const state = store.load();
      const atHq = await hqSummary(pool, 'T-KILL');
      expect(state?.ackSeq ?? 0).toBeLessThanOrEqual(atHq.headSeq);
    }
    expect(progressed).toBe(5);
    const final = await runChild(t.dataDir, null);
    expect(final.done).toBe(true);
    expect(await hqSummary(pool, 'T-KILL')).toMatchObject({ count: head.seq, distinctSeqs: head.seq, lastHash: head.hash });
    removeTerminal(t);
  }, 120_000);
});
