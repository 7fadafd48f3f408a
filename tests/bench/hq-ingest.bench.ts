// HQ ingest under load: N simulated terminals (default 200) each catch up M entries (default
// 10,000) concurrently against a real HQ (its own process, with its verification threads) on
// a real PostgreSQL; then a raw PostgreSQL COPY of the same rows into the same table layout in
// the same run, as the baseline. Goal: HQ at least half of COPY's rate.
//
//   TILLPROOF_BENCH_TERMINALS=200 TILLPROOF_BENCH_ENTRIES=10000 TILLPROOF_BENCH_BATCH=500 node tests/bench/hq-ingest.bench.ts
//
// The terminals' ledgers are generated first (signing is the slow part), in worker threads,
// into a temporary directory as ready request bodies (one file per batch) and as COPY rows; it is
// removed afterwards (TILLPROOF_BENCH_DATA=DIR keeps them there for the next run). The run ends
// with what checking every entry's Ed25519 signature would cost (HQ checks them at each batch's
// anchors only: docs/ledger-format.md), spread over all CPUs: the ceiling that design had.
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import copyStreams from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { genesisPrevHash, sealEntry, signatureMessage, type LedgerEntry } from '../../core/ledger/entry.ts';
import { canonicalJson, type JsonValue } from '../../core/ledger/canonical.ts';
import { fromBase64, toBase64 } from '../../core/ledger/bytes.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { FileSigner } from '../../platform/terminal-key.ts';
import { signRequest } from '../../platform/hq-protocol.ts';
import { copyField, COPY_COLUMNS } from '../../hq/batch-check.ts';
import { saleBody } from '../helpers/ledger.ts';

interface GenTask {
  dir: string;
  terminals: number[];
  entries: number;
  batch: number;
}

const DAYS = 61; // 2026-10-01 .. 2026-11-30: two month partitions

function dayOf(seq: number, entries: number): string {
  const d = new Date(Date.UTC(2026, 9, 1) + Math.floor(((seq - 1) * DAYS) / entries) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Worker: writes terminal i's key, its request bodies (one batch per line) and its COPY rows. */
function generate(task: GenTask): void {
  for (const i of task.terminals) {
    const terminalId = `BENCH-${String(i).padStart(4, '0')}`;
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = new FileSigner(privateKey);
    writeFileSync(join(task.dir, `${terminalId}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const batches = join(task.dir, terminalId);
    mkdirSync(batches);
    let batchNo = 0;
    const copy = createWriteStream(join(task.dir, `${terminalId}.copy`));
    let prev = genesisPrevHash(nodeLedgerCrypto, terminalId);
    let batch: string[] = [];
    let rows = '';
    for (let seq = 1; seq <= task.entries; seq++) {
      const day = dayOf(seq, task.entries);
      const at = `${day}T03:00:00.000Z`;
      const body: JsonValue =
        seq === 1
          ? {
              terminalId,
              storeId: `STORE-${i % 50}`,
              algorithm: 'Ed25519',
              publicKey: toBase64(signer.publicKey),
              keyId: signer.keyId,
              software: 'bench',
            }
          : (saleBody(seq) as unknown as JsonValue);
      // As a terminal holds and sends it: the body column is the body's canonical text, and the
      // sync engine sends the entry read back from it (db/sqlite-ledger.ts rowToEntry).
      const bodyText = canonicalJson(body);
      const sealed = sealEntry(
        nodeLedgerCrypto,
        signer,
        {
          kind: seq === 1 ? 'ledger-opened' : 'sale',
          businessDay: day,
          startedAt: at,
          endedAt: at,
          operatorId: seq === 1 ? null : `cashier-${seq % 7}`,
          body,
        },
        { terminalId, seq, prevHash: prev },
        bodyText,
      );
      const e = { ...sealed, body: JSON.parse(bodyText) as JsonValue };
      prev = e.hash;
      batch.push(JSON.stringify(e));
      rows += `${copyField(e.terminalId)}\t${e.seq}\t${e.v}\t${copyField(e.kind)}\t${e.businessDay}\t${copyField(e.startedAt)}\t${copyField(e.endedAt)}\t${copyField(e.operatorId)}\t${copyField(bodyText)}\t${e.prevHash}\t${e.hash}\t${copyField(e.signature)}\t${e.keyId}\n`;
      if (batch.length === task.batch || seq === task.entries) {
        writeFileSync(join(batches, `${String(batchNo++).padStart(6, '0')}.json`), `{"entries":[${batch.join(',')}]}`);
        copy.write(rows);
        batch = [];
        rows = '';
      }
    }
    copy.end();
    parentPort!.postMessage({ done: terminalId });
  }
}

if (!isMainThread) {
  generate(workerData as GenTask);
} else {
  await main();
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** CPU seconds used so far by processes whose command name matches, from /proc (Linux). */
function cpuSeconds(match: (comm: string, pid: number) => boolean): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!match(comm, Number(pid))) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

function busyCpuSeconds(): number {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = f.map(Number);
  return (n.reduce((a, b) => a + b, 0) - n[3]! - (n[4] ?? 0)) / 100;
}

async function main(): Promise<void> {
  const TERMINALS = Number(process.env.TILLPROOF_BENCH_TERMINALS ?? 200);
  const ENTRIES = Number(process.env.TILLPROOF_BENCH_ENTRIES ?? 10_000);
  const BATCH = Number(process.env.TILLPROOF_BENCH_BATCH ?? 500);
  const total = TERMINALS * ENTRIES;
  const { startTestPostgres } = await import('../helpers/postgres.ts');
  const { createEnrollmentCode } = await import('../../hq/enrollment.ts');
  const { HttpHqClient } = await import('../../platform/hq-client.ts');
  const { freePort } = await import('../../hq/database.ts');

  // TILLPROOF_BENCH_DATA=DIR keeps the generated ledgers there and reuses them on the next run
  // with the same sizes (signing them takes minutes; comparing two HQ versions needs the same rows).
  const keep = process.env.TILLPROOF_BENCH_DATA;
  const sizes = JSON.stringify({ format: 2, terminals: TERMINALS, entries: ENTRIES, batch: BATCH });
  const reuse = keep !== undefined && existsSync(join(keep, 'sizes.json')) && readFileSync(join(keep, 'sizes.json'), 'utf8') === sizes;
  if (keep !== undefined && !reuse) {
    rmSync(keep, { recursive: true, force: true });
    mkdirSync(keep, { recursive: true });
  }
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'tillproof-hq-bench-'));
  const postgres = await startTestPostgres();
  let hqChild: ChildProcess | null = null;
  try {
    // 1. Ledgers, signed in worker threads.
    let t0 = performance.now();
    const threads = availableParallelism();
    const ids = Array.from({ length: reuse ? 0 : TERMINALS }, (_, i) => i);
    let generated = 0;
    await Promise.all(
      Array.from(
        { length: threads },
        (_, w) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), {
              workerData: { dir, terminals: ids.filter((i) => i % threads === w), entries: ENTRIES, batch: BATCH } satisfies GenTask,
            });
            worker.on('message', () => {
              generated++;
              if (generated % Math.max(1, Math.floor(TERMINALS / 10)) === 0)
                process.stderr.write(`generated ${generated}/${TERMINALS} ledgers\n`);
            });
            worker.on('error', reject);
            worker.on('exit', () => resolve());
          }),
      ),
    );
    if (keep !== undefined) writeFileSync(join(dir, 'sizes.json'), sizes);
    console.log(
      `${reuse ? `reused ${dir}:` : 'generated'} ${TERMINALS} ledgers x ${ENTRIES.toLocaleString('en-US')} entries (batches of ${BATCH}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // 2. HQ in its own process, enrolled terminals.
    const { url, pool } = await postgres.database('hq_bench');
    const port = await freePort();
    hqChild = spawn(
      process.execPath,
      [join(import.meta.dirname, '../integration/hq/fixtures/hq-process.ts'), url, String(port), String(threads), '16'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => hqChild!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    const hqUrl = `http://127.0.0.1:${port}`;
    const signers = new Map<string, FileSigner>();
    for (let i = 0; i < TERMINALS; i++) {
      const terminalId = `BENCH-${String(i).padStart(4, '0')}`;
      const signer = new FileSigner(createPrivateKey(readFileSync(join(dir, `${terminalId}.key`))));
      signers.set(terminalId, signer);
      const { code } = await createEnrollmentCode(pool, { storeId: `STORE-${i % 50}`, terminalId, validHours: 1 });
      const client = new HttpHqClient({ baseUrl: hqUrl, terminalId, signer });
      await client.enroll(code, signer.publicKey);
      client.close();
    }

    // 3. All terminals catch up at once.
    const agent = new http.Agent({ keepAlive: true, maxSockets: TERMINALS });
    const latencies: number[] = [];
    let retries = 0;
    let acked = 0;
    const post = (terminalId: string, body: Buffer): Promise<{ status: number; text: string }> =>
      new Promise((resolve, reject) => {
        const path = `/v1/terminals/${terminalId}/entries`;
        const headers = signRequest(signers.get(terminalId)!, {
          method: 'POST',
          path,
          terminalId,
          body,
          timestampMs: Date.now(),
          nonce: randomBytes(16).toString('base64url'),
        });
        const req = http.request(
          `${hqUrl}${path}`,
          { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const cpuHq0 = cpuSeconds((_c, pid) => pid === hqChild!.pid);
    const cpuPg0 = cpuSeconds((c) => c === 'postgres');
    const busy0 = busyCpuSeconds();
    const self0 = process.cpuUsage();
    t0 = performance.now();
    const progress = setInterval(
      () => process.stderr.write(`ingested ${acked.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}\n`),
      10_000,
    );
    await Promise.all(
      [...signers.keys()].map(async (terminalId) => {
        // One file per batch, read when it is sent: memory holds the batches in flight, not the
        // ledgers. Sent as the bytes read (no decoding and encoding again), as COPY below reads them.
        const batchDir = join(dir, terminalId);
        for (const file of readdirSync(batchDir).sort()) {
          const body = await readFile(join(batchDir, file));
          for (;;) {
            const started = performance.now();
            const r = await post(terminalId, body).catch(() => ({ status: 0, text: '' }));
            if (r.status === 200) {
              latencies.push(performance.now() - started);
              acked = acked + (JSON.parse(r.text) as { stored: number }).stored;
              break;
            }
            retries++;
            if (r.status !== 503 && r.status !== 0)
              throw new Error(`HQ refused a batch of ${terminalId}: ${r.status} ${r.text.slice(0, 300)}`);
            await new Promise((x) => setTimeout(x, 200 + Math.random() * 300));
          }
        }
      }),
    );
    clearInterval(progress);
    const ingestS = (performance.now() - t0) / 1000;
    const cpuHq = cpuSeconds((_c, pid) => pid === hqChild!.pid) - cpuHq0;
    const cpuPg = cpuSeconds((c) => c === 'postgres') - cpuPg0;
    const busy = busyCpuSeconds() - busy0;
    const self = process.cpuUsage(self0);
    const loadS = (self.user + self.system) / 1e6;
    agent.destroy();
    const stored = Number((await pool.query<{ n: number }>('SELECT COUNT(*)::bigint AS n FROM ledger_entries')).rows[0]!.n);
    if (stored !== total) throw new Error(`HQ holds ${stored} entries, expected ${total}`);

    // 4. Baseline: raw COPY of the same rows into the same layout (partitioned by month, same key).
    await pool.query(`CREATE TABLE copy_baseline (LIKE ledger_entries INCLUDING DEFAULTS) PARTITION BY RANGE (business_day)`);
    await pool.query(`ALTER TABLE copy_baseline ADD PRIMARY KEY (terminal_id, seq, business_day)`);
    await pool.query(`CREATE TABLE copy_baseline_2026_10 PARTITION OF copy_baseline FOR VALUES FROM ('2026-10-01') TO ('2026-11-01')`);
    await pool.query(`CREATE TABLE copy_baseline_2026_11 PARTITION OF copy_baseline FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')`);
    const STREAMS = 8;
    const files = [...signers.keys()].map((id) => join(dir, `${id}.copy`));
    const cpuPgCopy0 = cpuSeconds((c) => c === 'postgres');
    const busyCopy0 = busyCpuSeconds();
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: STREAMS }, async (_, s) => {
        const client = await pool.connect();
        try {
          for (let f = s; f < files.length; f += STREAMS) {
            await pipeline(
              createReadStream(files[f]!),
              client.query(copyStreams.from(`COPY copy_baseline (${COPY_COLUMNS.join(', ')}) FROM STDIN`)),
            );
          }
        } finally {
          client.release();
        }
      }),
    );
    const copyS = (performance.now() - t0) / 1000;
    const cpuPgCopy = cpuSeconds((c) => c === 'postgres') - cpuPgCopy0;
    const busyCopy = busyCpuSeconds() - busyCopy0;

    // 5. The floor no code change can lower: the Ed25519 check every entry needs, on one thread,
    //    over this run's entries, with the key object made once (as the verify workers cache it).
    const sample = (
      JSON.parse(readFileSync(join(dir, 'BENCH-0000', readdirSync(join(dir, 'BENCH-0000')).sort()[1] ?? '000000.json'), 'utf8')) as {
        entries: LedgerEntry[];
      }
    ).entries;
    const publicKey = signers.get('BENCH-0000')!.publicKey;
    const messages = sample.map((e) => signatureMessage(e.hash));
    const signatures = sample.map((e) => fromBase64(e.signature));
    let verified = 0;
    let verifyUs = Infinity;
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      for (let k = 0; k < sample.length; k++) if (nodeLedgerCrypto.verifyEd25519(publicKey, messages[k]!, signatures[k]!)) verified++;
      verifyUs = Math.min(verifyUs, ((performance.now() - started) * 1000) / sample.length);
    }
    if (verified !== sample.length * 5) throw new Error('a sample signature did not verify');

    const hqRate = total / ingestS;
    const copyRate = total / copyS;
    const ratio = hqRate / copyRate;
    const verifyFloorS = (total * verifyUs) / 1e6 / threads;
    console.log(`\nHQ ingest vs raw PostgreSQL COPY (${threads} CPUs; HQ verification threads: ${threads})`);
    console.log(
      `  HQ ingest: ${TERMINALS} terminals x ${ENTRIES.toLocaleString('en-US')} = ${total.toLocaleString('en-US')} entries in ${ingestS.toFixed(1)} s = ${Math.round(hqRate).toLocaleString('en-US')} entries/s`,
    );
    console.log(
      `    batch latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, retries ${retries}`,
    );
    console.log(
      `    CPU: HQ process ${cpuHq.toFixed(1)} s (${((cpuHq / total) * 1e6).toFixed(0)} us/entry), PostgreSQL ${cpuPg.toFixed(1)} s (${((cpuPg / total) * 1e6).toFixed(0)} us/entry); load generator ${loadS.toFixed(1)} s; machine busy ${((busy / (ingestS * threads)) * 100).toFixed(0)}% of ${threads} CPUs (other processes included)`,
    );
    console.log(
      `  raw COPY (${STREAMS} streams): ${total.toLocaleString('en-US')} rows in ${copyS.toFixed(1)} s = ${Math.round(copyRate).toLocaleString('en-US')} rows/s`,
    );
    console.log(
      `    CPU: PostgreSQL ${cpuPgCopy.toFixed(1)} s (${((cpuPgCopy / total) * 1e6).toFixed(0)} us/row); machine busy ${((busyCopy / (copyS * threads)) * 100).toFixed(0)}%`,
    );
    console.log(`  ratio HQ/COPY ${ratio.toFixed(2)} (goal >= 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
    console.log(
      `  one Ed25519 verification per entry (not done: HQ checks a batch's anchors) would cost ${verifyUs.toFixed(1)} us/entry on one thread; ${total.toLocaleString('en-US')} entries on all ${threads} CPUs and nothing else >= ${verifyFloorS.toFixed(1)} s = at most ${Math.round(total / verifyFloorS).toLocaleString('en-US')} entries/s, ratio <= ${(copyS / verifyFloorS).toFixed(2)}`,
    );
  } finally {
    if (hqChild) {
      hqChild.kill('SIGTERM');
      await new Promise((r) => hqChild!.once('exit', r));
    }
    await postgres.stop();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
