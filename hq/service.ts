import type pg from 'pg';
import { processLogger, type Logger } from '../platform/logger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import type { HqConfig } from './config.ts';
import { createPool, startEmbeddedDatabase, type EmbeddedDatabase } from './database.ts';
import { IncidentLog } from './incidents.ts';
import { LedgerIngest } from './ingest.ts';
import { MasterData } from './master-data.ts';
import { ConsoleSessions } from './console-sessions.ts';
import { HqUsers } from './hq-users.ts';
import { migrateHq } from './migrate.ts';
import { RequestAuthenticator } from './request-auth.ts';
import { TerminalRegistry } from './terminals.ts';
import { VerifyPool } from './verify-pool.ts';
import type { BatchCheck, BatchCheckInput } from './batch-check.ts';

// HQ's parts over one PostgreSQL pool. The HTTP server (hq/server.ts) and the CLI
// (cli/hq-commands.ts) both use it.

export interface HqDatabase {
  pool: pg.Pool;
  /** Where it is, with the password masked, for messages. */
  describe: string;
  close(): Promise<void>;
}

function masked(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** DATABASE_URL (or `databaseUrl` in the config) when given; otherwise the embedded PostgreSQL. Migrated. */
export async function openHqDatabase(
  config: HqConfig,
  env: Record<string, string | undefined> = process.env,
  log: Logger = processLogger(),
): Promise<HqDatabase> {
  const url = config.databaseUrl ?? env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let connection: string;
  if (url) {
    connection = url;
  } else {
    embedded = await startEmbeddedDatabase({ dir: config.embedded.dir, port: config.embedded.port, log });
    connection = embedded.url;
  }
  let closing = false;
  // pool.end() resolves before every socket is closed: an embedded PostgreSQL stopped right after
  // may still reach one. Expected while closing; worth a log line at any other time.
  const pool = createPool(connection, {
    max: config.poolSize,
    onIdleError: (e) => closing || log.error(`idle database connection lost: ${e.message}`),
  });
  try {
    await migrateHq(pool);
  } catch (e) {
    await pool.end();
    await embedded?.stop();
    throw e;
  }
  return {
    pool,
    describe: embedded ? `embedded PostgreSQL in ${config.embedded.dir} (127.0.0.1:${embedded.port})` : masked(connection),
    async close() {
      closing = true;
      await pool.end();
      await embedded?.stop();
    },
  };
}

/** The verify pool, counting the batches handed to it: the evidence that a refused request cost no verification. */
export class CountingVerifyPool extends VerifyPool {
  batchesChecked = 0;

  override check(input: BatchCheckInput): Promise<BatchCheck> {
    this.batchesChecked++;
    return super.check(input);
  }
}

export class HqService {
  readonly config: HqConfig;
  readonly pool: pg.Pool;
  readonly incidents: IncidentLog;
  readonly terminals: TerminalRegistry;
  readonly auth: RequestAuthenticator;
  readonly masterData: MasterData;
  readonly verify: CountingVerifyPool;
  readonly ingest: LedgerIngest;
  /** HQ console users and their sessions (docs/hq.md "Console users and sign-in"). */
  readonly users: HqUsers;
  readonly sessions: ConsoleSessions;
  readonly now: () => number;

  constructor(pool: pg.Pool, config: HqConfig, options: { now?: () => number; log?: Logger } = {}) {
    this.config = config;
    this.pool = pool;
    this.incidents = new IncidentLog(
      pool,
      { windowMs: config.incidentWindowMs, perSource: config.incidentsPerSource },
      options.log ?? processLogger(),
    );
    this.terminals = new TerminalRegistry(pool);
    this.auth = new RequestAuthenticator({
      pool,
      crypto: nodeLedgerCrypto,
      terminals: this.terminals,
      incidents: this.incidents,
      windowMs: config.requestWindowMs,
      ...(options.now ? { now: options.now } : {}),
    });
    this.masterData = new MasterData(pool);
    this.now = options.now ?? Date.now;
    this.users = new HqUsers(pool, {
      now: this.now,
      lockout: { failures: config.console.lockoutFailures, windowMs: config.console.lockoutMinutes * 60_000 },
    });
    this.sessions = new ConsoleSessions(pool, {
      now: this.now,
      idleMs: config.console.idleMinutes * 60_000,
      absoluteMs: config.console.absoluteHours * 3_600_000,
    });
    this.verify = new CountingVerifyPool(config.verifyWorkers);
    this.ingest = new LedgerIngest({
      pool,
      verify: this.verify,
      incidents: this.incidents,
      terminals: this.terminals,
      currency: config.currency,
      masterData: this.masterData,
    });
  }

  async close(): Promise<void> {
    await this.verify.close();
  }
}
