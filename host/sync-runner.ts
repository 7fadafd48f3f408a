import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../core/ports/clock.ts';
import type { Signer } from '../core/ports/crypto.ts';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import { canonicalJson } from '../core/ledger/canonical.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import type { DeviceStatus } from '../core/contract/views.ts';
import type { CatalogItem } from '../core/catalog/product.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from '../core/sync/sync-engine.ts';
import { SyncError } from '../core/sync/errors.ts';
import { syncDeviceStatus } from '../core/sync/status.ts';
import type { BackoffPolicy } from '../core/sync/backoff.ts';
import type { BatchSizerOptions } from '../core/sync/batch-sizer.ts';
import type { MasterDataChange } from '../core/ports/hq-client.ts';
import type { MasterDataSink } from '../core/ports/master-data-sink.ts';
import type { OutboxSource } from '../core/ports/outbox-source.ts';
import type { SyncState, SyncStateStore } from '../core/ports/sync-state-store.ts';
import { applyCatalog, addStaff, upsertMembers, SqliteStaffDirectory, versionLabel } from '../db/master-data.ts';
import type { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { LedgerInvoiceRangeSink } from '../db/invoice-numbers.ts';
import type { Logger } from '../core/ports/logger.ts';
import { writeFileDurably } from '../platform/durable-file.ts';
import { processLogger } from '../platform/logger.ts';
import { HttpHqClient } from '../platform/hq-client.ts';
import {
  parseMasterDataRecord,
  type EnrollResponse,
  type MasterDataKind,
  type MemberRecord,
  type StaffRecord,
} from '../platform/hq-protocol.ts';
import { errorMessage } from '../core/shared/errors.ts';

// The terminal's sync with HQ, wired from core/sync (engine), platform/hq-client.ts (HTTP) and
// the ledger store: pushes the ledger after the last acknowledged seq, pulls master data and
// applies it in one ledger transaction with its config-change entries. Runs in its own async
// loop: a sale never waits for it.

export const SYNC_STATE_FILE = 'hq-sync.json';
export const ENROLLMENT_FILE = 'hq-enrollment.json';
/** Tax classes, price and member tiers and roles from HQ, for the terminal config (read at start, and live after each change). */
export const HQ_CONFIG_FILE = 'hq-config.json';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The ack and master-data cursors in `<data dir>/hq-sync.json`, outside the ledger file (not a ledger table). */
export class FileSyncStateStore implements SyncStateStore {
  readonly path: string;
  private readonly log: Logger;

  constructor(dataDir: string, log: Logger = processLogger().child({ component: 'sync' })) {
    this.path = join(dataDir, SYNC_STATE_FILE);
    this.log = log;
  }

  /** Null when missing or unreadable: HQ's first acknowledgement puts the cursor right (one batch resent at most). */
  load(): SyncState | null {
    if (!existsSync(this.path)) return null;
    let s: Partial<SyncState>;
    try {
      s = readJson(this.path) as Partial<SyncState>;
    } catch {
      s = {};
    }
    if (s.v !== 1 || typeof s.terminalId !== 'string' || !Number.isSafeInteger(s.ackSeq) || !Number.isSafeInteger(s.masterDataCursor)) {
      this.log.error(`${this.path} is not a sync state file; starting from HQ's acknowledgement`);
      return null;
    }
    return {
      v: 1,
      terminalId: s.terminalId,
      ackSeq: s.ackSeq!,
      ackHash: s.ackHash ?? null,
      masterDataCursor: s.masterDataCursor!,
      lastSyncAt: s.lastSyncAt ?? null,
    };
  }

  save(state: SyncState): void {
    writeFileDurably(this.path, `${JSON.stringify(state, null, 2)}\n`);
  }
}

/** The ledger as the outbox, read in short pages (each page one statement, run to completion). */
export class LedgerOutbox implements OutboxSource {
  private readonly store: SqliteLedgerStore;

  constructor(store: SqliteLedgerStore) {
    this.store = store;
  }

  headSeq(): number {
    return this.store.head().seq;
  }

  read(fromSeq: number, max: number): LedgerEntry[] {
    return [...this.store.entries({ from: fromSeq, to: fromSeq + max - 1 })];
  }

  /** Read once per active key: a backlog written before a rotation is sent batch after batch. */
  private rotations: { activeKeyId: string; entries: LedgerEntry[] } | null = null;

  endorsements(last: LedgerEntry): LedgerEntry[] {
    const { activeKeyId } = this.store.head();
    if (last.keyId === activeKeyId) return [];
    if (this.rotations?.activeKeyId !== activeKeyId) this.rotations = { activeKeyId, entries: this.store.keyRotations() };
    // HQ follows at most MAX_ENDORSEMENT_HOPS rotations from a key it knows: the newest ones.
    return this.rotations.entries.filter((e) => e.seq > last.seq).slice(-4);
  }
}

export interface HqTerminalConfig {
  taxClasses: Record<string, unknown>;
  priceTiers: Record<string, unknown>;
  memberTiers: Record<string, unknown>;
  roles: Record<string, unknown>;
  departments: Record<string, unknown>;
  /** The chain's approval limits (one record, 'chain'). */
  approvals: Record<string, unknown>;
  /** The loss-prevention rules' thresholds (one record, 'chain'). */
  lossRules: Record<string, unknown>;
}

const CONFIG_SECTIONS: Partial<Record<MasterDataKind, keyof HqTerminalConfig>> = {
  'tax-class': 'taxClasses',
  'price-tier': 'priceTiers',
  'member-tier': 'memberTiers',
  role: 'roles',
  department: 'departments',
  'approval-limits': 'approvals',
  'loss-rules': 'lossRules',
};

function summaryOf(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

type LedgerDatabase = SqliteLedgerStore['database'];
/** Appends one config-change entry for a section that changed. */
type ConfigChangeLog = (section: string, summary: string, digest: string) => unknown;

/**
 * Parses every change before anything is written; later versions of the same record win.
 * Tax classes, tiers and roles go into `config`; the rest is returned by section.
 */
function parseChanges(
  changes: readonly MasterDataChange[],
  config: HqTerminalConfig,
): { products: CatalogItem[]; staff: StaffRecord[]; members: MemberRecord[] } {
  const latest = new Map<string, MasterDataChange>();
  for (const c of changes) latest.set(`${c.section}\u0000${c.key}`, c);
  const products: CatalogItem[] = [];
  const staff: StaffRecord[] = [];
  const members: MemberRecord[] = [];
  for (const c of latest.values()) {
    const section = c.section as MasterDataKind;
    let record: unknown;
    try {
      record = parseMasterDataRecord(section, c.record);
    } catch (e) {
      throw new SyncError('sync.master-data', `HQ sent an invalid ${c.section} record ${c.key} (version ${c.version}): ${errorMessage(e)}`);
    }
    if (section === 'product') products.push(record as CatalogItem);
    else if (section === 'staff') staff.push(record as StaffRecord);
    else if (section === 'member') members.push(record as MemberRecord);
    else {
      const target = CONFIG_SECTIONS[section];
      if (target) config[target][c.key] = record;
    }
  }
  return { products, staff, members };
}

function applyProducts(db: LedgerDatabase, products: CatalogItem[], version: string, log: ConfigChangeLog): void {
  const change = applyCatalog(db, products, undefined, { merge: true });
  if (change.inserted + change.updated + change.deactivated > 0) {
    log(
      'catalog',
      `from HQ (${version}, local ${versionLabel(change)}): ${summaryOf({ inserted: change.inserted, updated: change.updated, deactivated: change.deactivated })}`,
      change.digest,
    );
  }
}

function applyMembers(db: LedgerDatabase, members: MemberRecord[], version: string, log: ConfigChangeLog): void {
  const change = upsertMembers(db, members);
  if (change.inserted + change.updated + change.deactivated > 0) {
    log(
      'members',
      `from HQ (${version}, local ${versionLabel(change)}): ${summaryOf({ inserted: change.inserted, updated: change.updated, deactivated: change.deactivated })}`,
      change.digest,
    );
  }
}

/** Re-applying the same change set must change and log nothing: compares what HQ sent with what is stored. */
function storedCredentialsMatcher(
  db: LedgerDatabase,
): (
  staffId: string,
  pin: { N: number; r: number; p: number; salt: string; hash: string } | null | undefined,
  badge: string | null | undefined,
) => boolean {
  const stored = db.prepare(
    'SELECT pin_n AS n, pin_r AS r, pin_p AS p, pin_salt AS salt, pin_hash AS hash, badge_hash AS badge FROM staff WHERE staff_id = ?',
  );
  return (staffId, pin, badge) => {
    const row = stored.get(staffId) as
      | {
          n: number | null;
          r: number | null;
          p: number | null;
          salt: Uint8Array | null;
          hash: Uint8Array | null;
          badge: string | null;
        }
      | undefined;
    if (!row) return false;
    const pinSame =
      !pin ||
      (row.n === pin.N &&
        row.r === pin.r &&
        row.p === pin.p &&
        row.salt !== null &&
        row.hash !== null &&
        Buffer.from(row.salt).toString('base64') === pin.salt &&
        Buffer.from(row.hash).toString('base64') === pin.hash);
    return pinSame && (!badge || row.badge === badge);
  };
}

function applyStaff(db: LedgerDatabase, staff: StaffRecord[], version: string, log: ConfigChangeLog): void {
  const directory = new SqliteStaffDirectory(db);
  const sameCredentials = storedCredentialsMatcher(db);
  let inserted = 0;
  let updated = 0;
  let digest = '';
  for (const s of staff) {
    const before = directory.byId(s.staffId);
    // PIN and badge arrive as HQ hashed them (scrypt, badge lookup hash): applied as they are.
    const credentials = { ...(s.pin ? { pinHash: s.pin } : {}), ...(s.badgeHash ? { badgeHash: s.badgeHash } : {}) };
    if (
      before &&
      before.name === s.name &&
      before.role === s.role &&
      before.active === s.active &&
      sameCredentials(s.staffId, s.pin, s.badgeHash)
    )
      continue;
    digest = addStaff(db, { staffId: s.staffId, name: s.name, role: s.role, active: s.active, ...credentials }).digest;
    if (before) updated++;
    else inserted++;
  }
  if (inserted + updated > 0) log('staff', `from HQ (${version}): ${summaryOf({ inserted, updated })}`, digest);
}

/**
 * Applies HQ master data with the colleague-owned writers (db/master-data.ts) in ONE ledger
 * transaction, with one config-change entry per section that changed. Idempotent: applying the
 * same changes again changes nothing and logs nothing, so a crash before the cursor is saved
 * is harmless.
 */
export class LedgerMasterDataSink implements MasterDataSink {
  private readonly store: SqliteLedgerStore;
  private readonly dataDir: string;
  private readonly clock: Clock;
  private readonly timeZone: string;
  private readonly rolloverHour: number;
  private readonly onHqConfig: (() => void) | undefined;
  private readonly log: Logger;

  constructor(options: {
    store: SqliteLedgerStore;
    dataDir: string;
    clock: Clock;
    timeZone: string;
    rolloverHour: number;
    onHqConfig?: () => void;
    log?: Logger;
  }) {
    this.onHqConfig = options.onHqConfig;
    this.log = options.log ?? processLogger().child({ component: 'sync' });
    this.store = options.store;
    this.dataDir = options.dataDir;
    this.clock = options.clock;
    this.timeZone = options.timeZone;
    this.rolloverHour = options.rolloverHour;
  }

  private businessDay(now: Date): string {
    // After the Z report, a change counts toward the next business day (as a catalog import does).
    return openBusinessDay(now, { timeZone: this.timeZone, rolloverHour: this.rolloverHour }, this.store);
  }

  apply(changes: readonly MasterDataChange[], cursor: number): void {
    const configPath = join(this.dataDir, HQ_CONFIG_FILE);
    // A file written before a section existed (department names came later) gets it empty.
    const config: HqTerminalConfig = {
      taxClasses: {},
      priceTiers: {},
      memberTiers: {},
      roles: {},
      departments: {},
      approvals: {},
      lossRules: {},
      ...(existsSync(configPath) ? (readJson(configPath) as Partial<HqTerminalConfig>) : {}),
    };
    const configBefore = canonicalJson(config);
    const { products, staff, members } = parseChanges(changes, config);
    const configAfter = canonicalJson(config);
    const version = `hq-${cursor}`;
    const now = this.clock.now();
    const at = now.toISOString();
    const businessDay = this.businessDay(now);
    const db = this.store.database;
    this.store.write((tx) => {
      const log: ConfigChangeLog = (section, summary, digest) =>
        tx.append({
          kind: 'config-change',
          businessDay,
          startedAt: at,
          endedAt: at,
          operatorId: null,
          body: { section, version, summary: summary.slice(0, 500), digest },
        });
      if (products.length > 0) applyProducts(db, products, version, log);
      if (staff.length > 0) applyStaff(db, staff, version, log);
      if (members.length > 0) applyMembers(db, members, version, log);
      if (configAfter !== configBefore)
        log(
          'terminal-config',
          `from HQ (${version}): tax classes, tiers and roles`,
          createHash('sha256').update(configAfter).digest('hex'),
        );
    });
    // After the commit: a crash in between re-applies from the old cursor, and the file is written then.
    if (configAfter !== configBefore) {
      writeFileDurably(configPath, `${JSON.stringify(config, null, 2)}\n`);
      // The running host switches to it between sales (host/terminal-runtime.ts).
      try {
        this.onHqConfig?.();
      } catch (e) {
        this.log.error(`applying the configuration from HQ failed: ${errorMessage(e)}`);
      }
    }
  }
}

export interface SyncRunnerOptions {
  dataDir: string;
  store: SqliteLedgerStore;
  signer: Signer;
  hqUrl: string;
  timeZone: string;
  rolloverHour: number;
  /** PEM of a private CA that signed HQ's certificate. */
  ca?: string;
  clock?: Clock;
  /** Called whenever the sync status changes (for the 'device.status' event); `raw` has the numbers. */
  onStatus?: (status: DeviceStatus, raw: SyncStatus) => void;
  idleIntervalMs?: number;
  masterDataIntervalMs?: number;
  backoff?: BackoffPolicy;
  batch?: Partial<BatchSizerOptions>;
  requestTimeoutMs?: number;
  /** Called after HQ's tax classes, tiers or roles changed in `<data dir>/hq-config.json`. */
  onHqConfig?: () => void;
  /** The till's software and devices, reported to HQ with every batch. */
  report?: SyncEngineOptions['report'];
  /** Record the e-invoice number ranges HQ assigned this till (fiscal profile tw-einvoice). */
  einvoiceRanges?: boolean;
  log?: Logger;
}

export interface SyncRunner {
  readonly engine: SyncEngine;
  /** The status bar's view: DeviceStatus with device 'sync'. */
  status(): DeviceStatus;
  raw(): SyncStatus;
  /** Call after a ledger write to send it without waiting for the idle interval. */
  nudge(): void;
  stop(): Promise<void>;
}

const yieldToSelling = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts the sync loop in the background. Never throws for HQ trouble: that shows in the status. */
export function startSyncRunner(options: SyncRunnerOptions): SyncRunner {
  const clock = options.clock ?? { now: () => new Date() };
  const log = options.log ?? processLogger().child({ component: 'sync' });
  const hq = new HttpHqClient({
    baseUrl: options.hqUrl,
    terminalId: options.store.terminalId,
    signer: options.signer,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  const engine = new SyncEngine({
    terminalId: options.store.terminalId,
    outbox: new LedgerOutbox(options.store),
    hq,
    state: new FileSyncStateStore(options.dataDir, log),
    masterData: new LedgerMasterDataSink({
      store: options.store,
      dataDir: options.dataDir,
      clock,
      timeZone: options.timeZone,
      rolloverHour: options.rolloverHour,
      log,
      ...(options.onHqConfig ? { onHqConfig: options.onHqConfig } : {}),
    }),
    ...(options.einvoiceRanges
      ? {
          invoiceRanges: new LedgerInvoiceRangeSink({
            store: options.store,
            clock,
            timeZone: options.timeZone,
            rolloverHour: options.rolloverHour,
          }),
          onRangeRefused: (why: string) => log.error(`an e-invoice range from HQ was not recorded: ${why}`),
        }
      : {}),
    yieldToSelling,
    idleIntervalMs: options.idleIntervalMs ?? 5_000,
    ...(options.masterDataIntervalMs !== undefined ? { masterDataIntervalMs: options.masterDataIntervalMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.batch ? { batch: options.batch } : {}),
    onStatus: (s) => options.onStatus?.(syncDeviceStatus(s), s),
    ...(options.report ? { report: options.report } : {}),
  });
  const controller = new AbortController();
  const loop = engine.run(controller.signal).catch((e: unknown) => {
    log.error(`the loop stopped unexpectedly: ${errorMessage(e)}`);
  });
  return {
    engine,
    status: () => syncDeviceStatus(engine.status()),
    raw: () => engine.status(),
    nudge: () => engine.nudge(),
    async stop() {
      controller.abort();
      await loop;
      hq.close();
    },
  };
}

export interface Enrollment extends EnrollResponse {
  hqUrl: string;
  keyId: string;
}

/** Enrolls this terminal at HQ with a one-time code and records it in `<data dir>/hq-enrollment.json`. */
export async function enrollWithHq(options: {
  dataDir: string;
  store: SqliteLedgerStore;
  signer: Signer;
  hqUrl: string;
  code: string;
  ca?: string;
}): Promise<Enrollment> {
  const genesis = options.store.entry(1);
  const body = genesis?.body as { publicKey?: unknown } | undefined;
  if (!genesis || typeof body?.publicKey !== 'string')
    throw new SyncError('sync.protocol', 'the ledger has no genesis entry with a public key');
  const client = new HttpHqClient({
    baseUrl: options.hqUrl,
    terminalId: options.store.terminalId,
    signer: options.signer,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  try {
    const response = await client.enroll(options.code, fromBase64(body.publicKey));
    const enrollment: Enrollment = { ...response, hqUrl: options.hqUrl, keyId: options.signer.keyId };
    writeFileDurably(join(options.dataDir, ENROLLMENT_FILE), `${JSON.stringify(enrollment, null, 2)}\n`);
    return enrollment;
  } finally {
    client.close();
  }
}

/** The recorded enrollment, if this terminal enrolled. */
