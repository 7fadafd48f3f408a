// A 5-line cash sale through the public API, as the screens do it: one client on the host's
// WebSocket calls sale.addItem five times, sale.present, sale.addTender and sale.complete. The
// host is the real one (startTerminal + serve, durable ledger); its receipt printer and drawer
// are a TCP printer stand-in in its own process that timestamps the bytes it receives, so the
// bench also reports pay to paper: from the client sending sale.complete to the drawer kick and
// to the first byte of the receipt reaching the printer.
//
// Baseline in the same run: a bare durable SQLite commit (WAL, synchronous=FULL, one row of the
// sale's size) per sale, in rounds interleaved with the sales' rounds.
//
// Also in the same run: the same sales flushed as before 8 Dec 2026 (the journal flushed from the
// first tender, cash too, and the receipt's first print noted in a flushed commit of its own
// after the sale's), to print before and after.
//
//   node tests/bench/sale-api.bench.ts   (SALE_BENCH_ROUNDS=6 rounds of each: as the till runs, flushed as before, without fsync; of SALE_BENCH_SALES=40)
//
// Three processes: this one is the host; the client and the printer stand-in are forked from
// this file (argv[2] = 'client' | 'printer'), so the client's own work never runs on the host's
// event loop. Times in all three are process.hrtime (the system's monotonic clock), so the
// stand-in's byte times compare with the client's send times.
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { serve } from '../../host/server.ts';
import { startTerminal } from '../../host/terminal-runtime.ts';
import type { Durability, ReceiptPrintStart } from '../../core/ports/ledger-store.ts';
import { tempDir } from '../helpers/ledger.ts';

const ROUNDS = Number(process.env.SALE_BENCH_ROUNDS ?? 6);
const SALES_PER_ROUND = Number(process.env.SALE_BENCH_SALES ?? 40);
const WARMUP = 20;
const LINES = 5;

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic, the same clock in every process

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

type ToChild = { run: number } | { stop: true };
interface SaleTiming {
  /** When the client sent sale.complete, and when each call's answer came back. */
  completeSentAt: number;
  startedAt: number;
  endedAt: number;
  completeMs: number;
  /** The sale's place among the measured ones (the stand-in's kicks and receipts are in that order). */
  index?: number;
}

// ------------------------------------------------------------------ the printer stand-in

/**
 * A write-only network printer: accepts the host's connection on a free port and notes, per
 * sale, when the drawer kick (ESC p / DLE DC4) and the first byte of the receipt (ESC @, the
 * encoder's first command) arrived.
 */
function printerStandIn(): void {
  const kicks: number[] = [];
  const receipts: number[] = [];
  let tail = 0; // the last byte of the previous chunk: a command may be split over two chunks
  const server = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const at = now();
      for (let i = 0; i < chunk.length; i++) {
        const prev = i === 0 ? tail : chunk[i - 1]!;
        const b = chunk[i]!;
        if ((prev === 0x1b && b === 0x70) || (prev === 0x10 && b === 0x14)) kicks.push(at);
        // ESC @ starts every receipt; the stand-in counts the first one after each kick.
        else if (prev === 0x1b && b === 0x40 && receipts.length < kicks.length) receipts.push(at);
      }
      tail = chunk[chunk.length - 1] ?? 0;
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('message', (m: { report?: boolean; stop?: boolean }) => {
    if (m.report) process.send!({ kicks, receipts });
    if (m.stop) process.exit(0);
  });
}

// ------------------------------------------------------------------ the client

async function client(): Promise<void> {
  const { url, products } = JSON.parse(process.argv[3]!) as { url: string; products: string[] };
  const ws = new WebSocket(url);
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  let nextId = 1;
  const waiting = new Map<number, { ok: (r: unknown) => void; fail: (e: Error) => void }>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString('utf8')) as {
      type: string;
      id: number;
      ok: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
    if (msg.type !== 'result') return; // events: the screens read them, this client ignores them
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.ok(msg.result);
    else w?.fail(new Error(`${msg.error?.code}: ${msg.error?.message}`));
  });
  const call = <R = unknown>(method: string, params: unknown = {}): Promise<R> =>
    new Promise<R>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { ok: ok as (r: unknown) => void, fail });
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });

  await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
  const till = await call<{ session: unknown }>('till.status');
  if (!till.session) await call('till.openDrawer', { counts: [{ value: 1000, count: 20 }] });

  const sale = async (): Promise<SaleTiming> => {
    const startedAt = now();
    for (let i = 0; i < LINES; i++) await call('sale.addItem', { productId: products[i % products.length]! });
    const view = await call<{ total: number; cashRounding: number }>('sale.present');
    await call('sale.addTender', { type: 'cash', amount: view.total + view.cashRounding });
    const completeSentAt = now();
    const receipt = await call<{ status: string }>('sale.complete');
    const endedAt = now();
    if (receipt.status !== 'printed') throw new Error(`receipt ${receipt.status}`);
    return { startedAt, endedAt, completeSentAt, completeMs: endedAt - completeSentAt };
  };
  for (let i = 0; i < WARMUP; i++) await sale();
  process.send!({ ready: true });
  process.on('message', (m: ToChild) => {
    if ('stop' in m) {
      ws.close();
      process.exit(0);
    }
    void (async () => {
      const timings: SaleTiming[] = [];
      const t0 = now();
      for (let i = 0; i < m.run; i++) timings.push(await sale());
      process.send!({ timings, wallMs: now() - t0 });
    })();
  });
}

// ------------------------------------------------------------------ the host and the run

function reply<T>(child: ChildProcess, send?: unknown): Promise<T> {
  return new Promise((ok) => {
    child.once('message', (m) => ok(m as T));
    if (send !== undefined) child.send(send as object);
  });
}

async function main(): Promise<void> {
  const dir = tempDir('tillproof-bench-sale-');
  const printer = fork(import.meta.filename, ['printer'], { stdio: 'inherit' });
  const { port: printerPort } = await reply<{ port: number }>(printer);
  const config = parseConfig(
    {
      ...DEMO_CONFIG,
      devices: {
        receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: printerPort }, status: { confirm: 'write-only' } },
        drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' } },
      },
    },
    'bench',
  );
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
  const log = { ...quiet, child: () => log } as unknown as Parameters<typeof startTerminal>[0]['log'];
  const runtime = startTerminal({ dataDir: join(dir.path, 'data'), config, demo: true, ...(log ? { log } : {}) });
  const server = await serve({ runtime, port: 0, log: quiet });
  const products = runtime.store.database
    .prepare(`SELECT product_id FROM products WHERE active = 1 AND unit = 'each' ORDER BY product_no LIMIT ${LINES}`)
    .pluck()
    .all() as string[];

  const bare = new Database(join(dir.path, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  // One row the size of a 5-line sale's entry.
  const lastSale = runtime.store.database.prepare(`SELECT body FROM ledger_entries WHERE kind = 'sale' ORDER BY seq DESC LIMIT 1`).pluck();
  const insert = bare.prepare('INSERT INTO t (payload) VALUES (?)');

  const client = fork(
    import.meta.filename,
    ['client', JSON.stringify({ url: `ws://127.0.0.1:${server.port}/api?token=${server.token}`, products })],
    {
      stdio: 'inherit',
    },
  );
  await reply(client);
  const payload = String(lastSale.get());
  // Count the ledger's commits per sale, and those flushed to disk (fsync: every one but the
  // journal of a sale without a card tender). In the 'before' rounds the same code commits as it
  // did before 8 Dec 2026: a journal save holding any tender is flushed, and the first print's
  // note, written in the sale's commit now, is written again in a flushed commit of its own.
  const store = runtime.store;
  const write = store.write.bind(store);
  let commits = 0;
  let flushed = 0;
  let before = false;
  // A journal save the till now leaves unflushed is flushed after its commit as SQLite's FULL does
  // (fdatasync of the WAL file).
  const wal = openSync(`${store.database.name}-wal`, 'r+');
  store.write = <T>(fn: Parameters<typeof store.write<T>>[0], durability?: Durability): T => {
    const tier = durability ?? 'power-loss';
    let noted: ReceiptPrintStart | undefined;
    let tendered = false;
    const run = !before
      ? fn
      : (tx: Parameters<typeof fn>[0]) =>
          fn({
            append: (d) => tx.append(d),
            head: () => tx.head(),
            nextReceiptNo: (series) => tx.nextReceiptNo(series),
            keepSaleInProgress: (record) => {
              tendered = record !== null && (JSON.parse(record.snapshot) as { tenders: unknown[] }).tenders.length > 0;
              tx.keepSaleInProgress(record);
            },
            notePrintStarted: (start) => void (noted = start),
          });
    const result = write(run, tier);
    commits++;
    if (tier === 'power-loss') flushed++;
    else if (tendered) {
      fdatasyncSync(wal);
      flushed++;
    }
    if (noted) {
      const start = noted;
      write((tx) => tx.notePrintStarted(start));
      commits++;
      flushed++;
    }
    return result;
  };

  interface Round {
    sale: number;
    bare: number;
    saleCpu: number;
    bareCpu: number;
    commits: number;
    flushed: number;
  }
  const modes = { FULL: [] as Round[], BEFORE: [] as Round[], OFF: [] as Round[] };
  const sales: SaleTiming[] = [];
  const bareMs: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  // Rounds rotate: durable as the till runs (FULL), durable as before 8 Dec 2026 (BEFORE), and, to
  // show what the flushes cost, synchronous=OFF on both the ledger and the bare table: (FULL - OFF)
  // is the disk's part.
  const order = ['FULL', 'BEFORE', 'OFF'] as const;
  for (let r = 0; r < order.length * ROUNDS; r++) {
    const mode = order[r % order.length]!;
    const level = mode === 'OFF' ? 'OFF' : 'FULL';
    before = mode === 'BEFORE';
    store.database.pragma(`synchronous = ${level}`);
    bare.pragma(`synchronous = ${level}`);
    const c0 = process.cpuUsage();
    const k0 = commits;
    const f0 = flushed;
    const { timings, wallMs } = await reply<{ timings: SaleTiming[]; wallMs: number }>(client, { run: SALES_PER_ROUND });
    const saleCpu = cpuMs(c0) / SALES_PER_ROUND;
    const k = (commits - k0) / SALES_PER_ROUND;
    const c1 = process.cpuUsage();
    const b0 = now();
    for (let i = 0; i < SALES_PER_ROUND; i++) {
      const t = now();
      insert.run(payload);
      if (mode !== 'OFF') bareMs.push(now() - t);
    }
    const round = {
      sale: wallMs / SALES_PER_ROUND,
      bare: (now() - b0) / SALES_PER_ROUND,
      saleCpu,
      bareCpu: cpuMs(c1) / SALES_PER_ROUND,
      commits: k,
      flushed: (flushed - f0) / SALES_PER_ROUND,
    };
    modes[mode].push(round);
    if (mode === 'FULL') sales.push(...timings.map((t, i) => ({ ...t, index: r * SALES_PER_ROUND + i })));
  }
  before = false;
  store.database.pragma('synchronous = FULL');
  const { kicks, receipts } = await reply<{ kicks: number[]; receipts: number[] }>(printer, { report: true });
  // The stand-in saw the warm-up sales too: the measured ones are the last.
  const offset = kicks.length - order.length * ROUNDS * SALES_PER_ROUND;
  const toKick = sales.map((s) => kicks[offset + s.index!]! - s.completeSentAt);
  const toReceipt = sales.map((s) => receipts[offset + s.index!]! - s.completeSentAt);

  const med = (rounds: Round[], key: keyof Round) =>
    quantile(
      rounds.map((r) => r[key]),
      0.5,
    );
  const saleMs = sales.map((s) => s.endedAt - s.startedAt);
  const completeMs = sales.map((s) => s.completeMs);
  const perSale = med(modes.FULL, 'sale');
  const perBare = med(modes.FULL, 'bare');
  const f = (n: number) => n.toFixed(2).padStart(7);
  const row = (name: string, xs: number[], extra = '') =>
    console.log(`  ${name.padEnd(46)} ${f(quantile(xs, 0.5))} ${f(quantile(xs, 0.95))}${extra}`);
  console.log(
    `\n5-line cash sale through the WebSocket API (${ROUNDS} durable rounds x ${SALES_PER_ROUND} sales, 1 client, TCP printer stand-in; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log(`  ${''.padEnd(46)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}`);
  row('whole sale (8 calls)', saleMs);
  row('sale.complete (call to answer)', completeMs);
  row('pay to drawer kick at the printer', toKick);
  row(
    'pay to first receipt byte at the printer',
    toReceipt,
    `   (goal p95 <= 10 ms: ${quantile(toReceipt, 0.95) <= 10 ? 'met' : 'NOT met'})`,
  );
  row(`bare durable 1-row commit (${payload.length} B)`, bareMs);
  console.log(
    `  throughput: ${(1000 / perSale).toFixed(0)} sales/s (median round), bare commits ${(1000 / perBare).toFixed(0)}/s; ratio sale / bare commit ${(perSale / perBare).toFixed(1)} (goal <= 2: ${perSale / perBare <= 2 ? 'met' : 'NOT met'}; 1,000 sales/s: ${1000 / perSale >= 1000 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  commits per sale: ${med(modes.FULL, 'commits').toFixed(1)}, of them flushed to disk (fsync): ${med(modes.FULL, 'flushed').toFixed(1)}`,
  );
  const perBefore = med(modes.BEFORE, 'sale');
  console.log(
    `  before (flushed as before 8 Dec 2026, same run): ${perBefore.toFixed(2)} ms per sale (${(1000 / perBefore).toFixed(0)} sales/s), ratio ${(perBefore / perBare).toFixed(1)}, commits per sale ${med(modes.BEFORE, 'commits').toFixed(1)}, flushed ${med(modes.BEFORE, 'flushed').toFixed(1)}; now / before ${(perSale / perBefore).toFixed(2)}`,
  );
  // CPU time of this process (the host) per sale: far less moved by a busy disk than wall time.
  console.log(
    `  host CPU per sale ${med(modes.FULL, 'saleCpu').toFixed(2)} ms, per bare commit ${med(modes.FULL, 'bareCpu').toFixed(2)} ms (median rounds)`,
  );
  const offSale = med(modes.OFF, 'sale');
  const offBare = med(modes.OFF, 'bare');
  console.log(
    `  without fsync (synchronous=OFF, same run): ${offSale.toFixed(2)} ms per sale (${(1000 / offSale).toFixed(0)} sales/s), host CPU ${med(modes.OFF, 'saleCpu').toFixed(2)} ms; bare commit ${offBare.toFixed(3)} ms; flush cost per sale ${(perSale - offSale).toFixed(2)} ms, per bare commit ${(perBare - offBare).toFixed(2)} ms`,
  );

  client.send({ stop: true });
  printer.send({ stop: true });
  await server.close();
  await runtime.close();
  closeSync(wal);
  bare.close();
  dir.cleanup();
}

const role = process.argv[2];
if (role === 'printer') printerStandIn();
else if (role === 'client') await client();
else await main();
