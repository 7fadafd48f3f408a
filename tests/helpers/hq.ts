// HQ test helpers: an HQ server on a free loopback port (over the PostgreSQL of postgres.ts),
// and terminals with real ledgers enrolled at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { parseHqConfig, type HqConfigInput } from '../../hq/config.ts';
import { startHqServer, type RunningHq, type StartHqOptions } from '../../hq/server.ts';
import { createEnrollmentCode } from '../../hq/enrollment.ts';
import { openTerminalLedger } from '../../host/terminal-ledger.ts';
import { enrollWithHq } from '../../host/sync-runner.ts';
import type { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import type { FileSigner } from '../../platform/terminal-key.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { appendSale, draft, saleBody } from './ledger.ts';
import { genesisPrevHash, sealEntry, type LedgerEntry } from '../../core/ledger/entry.ts';
import type { JsonValue } from '../../core/ledger/canonical.ts';
import { toBase64 } from '../../core/ledger/bytes.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';

const HQ_PROCESS = join(import.meta.dirname, '../integration/hq/fixtures/hq-process.ts');

export function hqTestConfig(overrides: HqConfigInput = {}) {
  return parseHqConfig({ listen: { host: '127.0.0.1', port: 0 }, verifyWorkers: 2, ...overrides });
}

export async function startTestHq(
  pool: pg.Pool,
  overrides: HqConfigInput = {},
  options: Omit<StartHqOptions, 'config' | 'pool'> = {},
): Promise<RunningHq> {
  return startHqServer({ config: hqTestConfig(overrides), pool, ...options });
}

export interface TestTerminal {
  terminalId: string;
  storeId: string;
  dataDir: string;
  store: SqliteLedgerStore;
  signer: FileSigner;
  close(): void;
}

export const TEST_CLOCK: Clock = { now: () => new Date('2026-11-20T02:00:00.000Z') };

export function openTestTerminal(
  terminalId: string,
  storeId = 'S-1',
  dataDir = mkdtempSync(join(tmpdir(), `tillproof-term-${terminalId}-`)),
  clock: Clock = TEST_CLOCK,
): TestTerminal {
  const { store, signer } = openTerminalLedger(dataDir, { terminalId, storeId, timeZone: 'Asia/Taipei', rolloverHour: 4 }, clock);
  return {
    terminalId,
    storeId,
    dataDir,
    store,
    signer,
    close() {
      store.close();
    },
  };
}

export function removeTerminal(t: TestTerminal): void {
  t.close();
  rmSync(t.dataDir, { recursive: true, force: true });
}

/** Enrolls a terminal with a fresh one-time code. */
export async function enroll(hq: RunningHq, t: TestTerminal): Promise<void> {
  const { code } = await createEnrollmentCode(hq.service.pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
  await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code });
}

/** Appends `n` sales, `perTx` per transaction, spread over business days from `day`. */
export function sell(t: TestTerminal, n: number, options: { perTx?: number; day?: string } = {}): void {
  const perTx = options.perTx ?? 50;
  const day = options.day ?? '2026-11-20';
  for (let done = 0; done < n;) {
    const k = Math.min(perTx, n - done);
    t.store.write((tx) => {
      for (let i = 0; i < k; i++) appendSale(tx, day);
    });
    done += k;
  }
}

/** A few exception entries (void, no-sale, reprint) by an operator, for report tests. */
export function exceptions(t: TestTerminal, operatorId: string, day = '2026-11-20'): void {
  const at = `${day}T05:00:00.000Z`;
  t.store.write((tx) => {
    tx.append(draft('void', { scope: 'line', saleId: 'x-1', lineNo: 1, amount: 100, reason: 'wrong item' }, at, day, operatorId));
    tx.append(draft('no-sale', { reason: 'change for customer' }, at, day, operatorId));
    tx.append(
      draft(
        'approval',
        { action: 'a discount above the limit', approverId: 'mgr-1', requesterId: operatorId, method: 'pin', subject: { saleId: 'x-2' } },
        at,
        day,
        operatorId,
      ),
    );
  });
}

export interface LedgerSummary {
  count: number;
  lastSeq: number;
  lastHash: string | null;
}

export function terminalSummary(t: TestTerminal): LedgerSummary {
  const head = t.store.head();
  return { count: head.seq, lastSeq: head.seq, lastHash: head.hash };
}

export async function hqSummary(pool: pg.Pool, terminalId: string): Promise<LedgerSummary & { distinctSeqs: number; headSeq: number }> {
  const r = await pool.query<{ count: number; distinct_seqs: number; last_seq: number | null }>(
    'SELECT COUNT(*)::bigint AS count, COUNT(DISTINCT seq)::bigint AS distinct_seqs, MAX(seq) AS last_seq FROM ledger_entries WHERE terminal_id = $1',
    [terminalId],
  );
  const row = r.rows[0]!;
  const last =
    row.last_seq === null
      ? null
      : (
          await pool.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE terminal_id = $1 AND seq = $2', [
            terminalId,
            row.last_seq,
          ])
        ).rows[0]!.hash;
  const head = await pool.query<{ head_seq: number }>('SELECT head_seq FROM hq_terminals WHERE terminal_id = $1', [terminalId]);
  return {
    count: Number(row.count),
    distinctSeqs: Number(row.distinct_seqs),
    lastSeq: row.last_seq ?? 0,
    lastHash: last,
    headSeq: head.rows[0]?.head_seq ?? 0,
  };
}

/** Incident kinds in order, a repeated incident (one row with a count) once per occurrence. */
export async function incidentKinds(pool: pg.Pool, terminalId?: string): Promise<string[]> {
  const r = await pool.query<{ kind: string; n: number }>(
    'SELECT kind, repeat_count AS n FROM hq_incidents WHERE ($1::text IS NULL OR terminal_id = $1) ORDER BY incident_id',
    [terminalId ?? null],
  );
  return r.rows.flatMap((x) => Array.from({ length: x.n }, () => x.kind));
}

/** Polls until `check` returns true (or throws after `timeoutMs`). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Cut {
  /** 'request': terminal to HQ bytes (the batch may not arrive); 'response': HQ to terminal (the batch may be stored, its ack lost). */
  direction: 'request' | 'response';
  bytes: number;
}

type Target = { host: string; port: number };

/**
 * A loopback TCP proxy in front of HQ that drops a connection after `cut()` bytes in one direction
 * (null: never). `target` may be a function, called for each new connection: a load balancer in
 * front of several HQ processes.
 */
export class CuttingProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly cuts = { request: 0, response: 0 };
  connections = 0;
  port = 0;
  private readonly target: () => Target;
  cut: () => Cut | null;

  constructor(target: Target | (() => Target), cut: () => Cut | null = () => null) {
    this.target = typeof target === 'function' ? target : () => target;
    this.cut = cut;
  }

  /** Drops every open connection: clients reconnect, and go where `target` now says. */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async start(): Promise<string> {
    this.server = createServer((client) => {
      this.connections++;
      const target = this.target();
      const upstream = connect(target.port, target.host);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const plan = this.cut();
      const forwarded = { request: 0, response: 0 };
      const pipe = (from: Socket, to: Socket, direction: Cut['direction']) => {
        from.on('data', (chunk: Buffer) => {
          if (plan && plan.direction === direction && forwarded[direction] + chunk.length >= plan.bytes) {
            to.write(chunk.subarray(0, Math.max(0, plan.bytes - forwarded[direction])));
            forwarded[direction] = plan.bytes;
            this.cuts[direction]++;
            client.destroy();
            upstream.destroy();
            return;
          }
          forwarded[direction] += chunk.length;
          to.write(chunk);
        });
      };
      pipe(client, upstream, 'request');
      pipe(upstream, client, 'response');
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      for (const s of [client, upstream]) {
        s.on('close', close);
        s.on('error', close);
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A chain of `n` entries (genesis + sales) built in memory, as a terminal would sign it. */
export function buildChain(
  terminalId: string,
  signer: FileSigner,
  n: number,
  options: { storeId?: string; day?: string; from?: { seq: number; hash: string } } = {},
): LedgerEntry[] {
  const day = options.day ?? '2026-11-20';
  const at = `${day}T02:00:00.000Z`;
  const out: LedgerEntry[] = [];
  let prev = options.from?.hash ?? genesisPrevHash(nodeLedgerCrypto, terminalId);
  let seq = options.from?.seq ?? 0;
  for (let i = 0; i < n; i++) {
    seq++;
    const body: JsonValue =
      seq === 1
        ? {
            terminalId,
            storeId: options.storeId ?? 'S-1',
            algorithm: 'Ed25519',
            publicKey: toBase64(signer.publicKey),
            keyId: signer.keyId,
            software: 'test',
          }
        : (saleBody(seq) as unknown as JsonValue);
    const e = sealEntry(
      nodeLedgerCrypto,
      signer,
      {
        kind: seq === 1 ? 'ledger-opened' : 'sale',
        businessDay: day,
        startedAt: at,
        endedAt: at,
        operatorId: seq === 1 ? null : 'staff-1',
        body,
      },
      { terminalId, seq, prevHash: prev },
    );
    out.push(e);
    prev = e.hash;
  }
  return out;
}

/** HQ in a child process of its own (tests/integration/hq/fixtures/hq-process.ts), resolved once it listens. */
export function startHqProcess(databaseUrl: string, port: number, children: Set<ChildProcess>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HQ_PROCESS, databaseUrl, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code, signal) => signal === null && reject(new Error(`HQ child exited (${code}): ${err}`)));
  });
}

/** SIGKILL, resolved once the process is gone. */
export function killProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
