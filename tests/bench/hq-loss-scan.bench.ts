// HQ's loss scan (hq/loss-cases.ts scanLossAtHq) over N generated store-years
// (host/fraud-store-year.ts, seeds 1..N, two tills each) stored in embedded PostgreSQL as HQ
// stores entries, against a bare read of the same rows in the same run (terminal, seq and body of
// every row, through the same driver: the least any scan from PostgreSQL does). Also times the
// parts: the scan's read (kinds and columns the rules need, cursor), the rules alone, and the read
// the first version did (every column, one query), so the figures say where the time goes.
// TILLPROOF_BENCH_STORE_YEARS (default 2) and TILLPROOF_BENCH_SALES (sales per store-year, default 100,000).
import copyStreams from 'pg-copy-streams';
import { COPY_COLUMNS, copyField } from '../../hq/batch-check.ts';
import { scanLossAtHq, storedEntriesFor } from '../../hq/loss-cases.ts';
import { STORED_ENTRY_COLUMNS, storedEntry, type StoredRow } from '../../hq/z-check.ts';
import { scanLoss } from '../../core/loss/loss-scan.ts';
import { canonicalJson } from '../../core/ledger/canonical.ts';
import { fraudStoreYear } from '../../host/fraud-store-year.ts';
import { startTestPostgres } from '../helpers/postgres.ts';

const N = Number(process.env.TILLPROOF_BENCH_STORE_YEARS ?? 2);
const SALES = Number(process.env.TILLPROOF_BENCH_SALES ?? 100_000);
const postgres = await startTestPostgres();
try {
  const { pool } = await postgres.database('hq_loss_bench');
  let rows = 0;
  for (let i = 1; i <= N; i++) {
    const year = fraudStoreYear({ seed: i, sales: SALES });
    const storeId = `STORE-${i}`;
    const tid = (t: string) => `${storeId}-${t}`;
    const months = [...new Set(year.entries.map((e) => `${e.businessDay.slice(0, 7)}-01`))];
    for (const m of months) await pool.query('SELECT hq_ensure_ledger_partition($1::date)', [m]);
    for (const t of new Set(year.entries.map((e) => e.terminalId)))
      await pool.query(
        `INSERT INTO hq_terminals (terminal_id, store_id, public_key, key_id, genesis_public_key, enrolled_at) VALUES ($1, $2, 'k', 'k', 'k', now())`,
        [tid(t), storeId],
      );
    const client = await pool.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyStreams.from(`COPY ledger_entries (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
        stream.on('error', reject);
        stream.on('finish', resolve);
        const lines: string[] = [];
        for (const e of year.entries) {
          lines.push(
            [
              tid(e.terminalId),
              e.seq,
              e.v,
              e.kind,
              e.businessDay,
              e.startedAt,
              e.endedAt,
              e.operatorId,
              canonicalJson(e.body),
              e.prevHash,
              e.hash,
              e.signature,
              e.keyId,
            ]
              .map((v) => (v === null ? copyField(null) : copyField(String(v))))
              .join('\t') + '\n',
          );
          if (lines.length === 10_000) stream.write(lines.splice(0).join(''));
        }
        stream.end(lines.join(''));
      });
    } finally {
      client.release();
    }
    rows += year.entries.length;
    process.stderr.write(`stored store-year ${i}/${N}: ${year.entries.length} entries, ${year.injected.length} frauds injected\n`);
  }
  await pool.query('ANALYZE ledger_entries');

  const time = async <T>(run: () => Promise<T>): Promise<{ s: number; value: T }> => {
    const t0 = performance.now();
    const value = await run();
    return { s: (performance.now() - t0) / 1000, value };
  };
  const bare = () =>
    time(
      async () =>
        (await pool.query<{ terminal_id: string; seq: string; body: string }>('SELECT terminal_id, seq, body FROM ledger_entries')).rows
          .length,
    );
  const firstVersionRead = () =>
    time(async () => {
      const r = await pool.query<StoredRow & { terminal_id: string }>(
        `SELECT terminal_id, ${STORED_ENTRY_COLUMNS} FROM ledger_entries ORDER BY terminal_id, seq`,
      );
      return r.rows.map((x) => storedEntry(x.terminal_id, x)).length;
    });
  const read = () =>
    time(async () => {
      const client = await pool.connect();
      try {
        return (await storedEntriesFor(client, {})).entries;
      } finally {
        client.release();
      }
    });

  // Interleaved, so drift on a shared machine hits candidate and baseline alike.
  const b1 = await bare();
  const first = await time(() => scanLossAtHq(pool));
  const b2 = await bare();
  const again = await time(() => scanLossAtHq(pool));
  const b3 = await bare();
  const r = await read();
  const rules = time(async () => scanLoss(r.value).length);
  const rulesTime = await rules;
  const old = await firstVersionRead();
  const baseline = [b1.s, b2.s, b3.s].sort((a, b) => a - b)[1]!;
  const f = (s: number) => `${s.toFixed(2)} s`;
  const per = (s: number) => `${(s / N).toFixed(2)} s per store-year`;
  console.log(`\nHQ loss scan of ${N} store-years (${SALES} sales each): ${rows} entries in PostgreSQL`);
  console.log(`  bare read of the same rows (terminal, seq, body; median of 3)  ${f(baseline)}  ${per(baseline)}`);
  console.log(
    `  first scan (records ${first.value.created} cases)              ${f(first.s)}  ${per(first.s)}  ratio ${(first.s / baseline).toFixed(2)}`,
  );
  console.log(
    `  re-scan (records nothing new)                     ${f(again.s)}  ${per(again.s)}  ratio ${(again.s / baseline).toFixed(2)}`,
  );
  console.log(`    of which the scan's read (${r.value.length} entries)  ${f(r.s)}; the rules alone ${f(rulesTime.s)}`);
  console.log(`  the first version's read (every column, one query, parsed)  ${f(old.s)}  ratio ${(old.s / baseline).toFixed(2)}`);
  const at200 = (again.s / N) * 200;
  console.log(
    `  200 store-years at this rate: ${at200.toFixed(0)} s (target <= 60 s: ${at200 <= 60 ? 'met' : 'NOT met'}; measured on ${N})`,
  );
} finally {
  await postgres.stop();
}
