// A terminal offline for weeks catches up: one ledger of TILLPROOF_BENCH_CATCHUP_ENTRIES
// entries (default 1,000,000) sent through the real sync runner (host/sync-runner.ts) to a real
// HQ in its own process. Reports progress as the status bar shows it, the rate, and this
// process's peak memory (the terminal side), which must not grow with the backlog.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startSyncRunner } from '../../host/sync-runner.ts';
import { freePort } from '../../hq/database.ts';
import { createEnrollmentCode } from '../../hq/enrollment.ts';
import { enrollWithHq } from '../../host/sync-runner.ts';
import { openTestTerminal, removeTerminal, sell } from '../helpers/hq.ts';
import { startTestPostgres } from '../helpers/postgres.ts';

const ENTRIES = Number(process.env.TILLPROOF_BENCH_CATCHUP_ENTRIES ?? 1_000_000);
const postgres = await startTestPostgres();
let hq: ChildProcess | null = null;
const t = openTestTerminal('T-CATCHUP-BENCH');
try {
  let t0 = performance.now();
  for (let done = 1; done < ENTRIES;) {
    const n = Math.min(50_000, ENTRIES - done);
    sell(t, n, { perTx: 1_000 });
    done += n;
    process.stderr.write(`written ${done.toLocaleString('en-US')} entries\n`);
  }
  console.log(`terminal ledger: ${ENTRIES.toLocaleString('en-US')} entries written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { url, pool } = await postgres.database('hq_catchup');
  const port = await freePort();
  hq = spawn(process.execPath, [join(import.meta.dirname, '../integration/hq/fixtures/hq-process.ts'), url, String(port), '2', '8'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => hq!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  const hqUrl = `http://127.0.0.1:${port}`;
  const { code } = await createEnrollmentCode(pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
  await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl, code });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let lastShown = -1;
  t0 = performance.now();
  const runner = startSyncRunner({
    dataDir: t.dataDir,
    store: t.store,
    signer: t.signer,
    hqUrl,
    timeZone: 'Asia/Taipei',
    rolloverHour: 4,
    onStatus: (status, raw) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const pct = raw.catchUp ? Math.floor(((raw.ackSeq - raw.catchUp.fromSeq) / (raw.catchUp.toSeq - raw.catchUp.fromSeq)) * 10) : -1;
      if (pct > lastShown) {
        lastShown = pct;
        console.log(`  ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${status.detail}`);
      }
    },
  });
  while (runner.raw().pending > 0 || runner.raw().phase !== 'idle') await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  const atHq = Number((await pool.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM ledger_entries')).rows[0]!.n);
  console.log(
    `\nCatch-up of ${ENTRIES.toLocaleString('en-US')} entries: ${seconds.toFixed(1)} s = ${Math.round(ENTRIES / seconds).toLocaleString('en-US')} entries/s; HQ holds ${atHq.toLocaleString('en-US')}`,
  );
  console.log(
    `  terminal process RSS: ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB during (bounded pages and batches, not the backlog)`,
  );
  if (atHq !== ENTRIES) process.exitCode = 1;
} finally {
  if (hq) {
    hq.kill('SIGTERM');
    await new Promise((r) => hq!.once('exit', r));
  }
  removeTerminal(t);
  await postgres.stop();
}
