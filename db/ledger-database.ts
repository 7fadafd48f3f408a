// Opening a ledger file with the settings every writer must use, and maintenance on an open file.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { migrate } from './migrate.ts';
import { LedgerStoreError, fromSqliteError } from './errors.ts';
import { acquireLedgerWriterLock } from './ledger-writer-lock.ts';

/** PRAGMA application_id marking a Tillproof ledger ('TPLD'). */
export const LEDGER_APPLICATION_ID = 0x54504c44;

/**
 * Opens a ledger database file with the durability settings every writer must use. Refuses
 * files that are not SQLite, are another program's database, or were written by newer code.
 */
export function openLedgerDatabase(path: string, options: { readonly?: boolean; mustExist: boolean }): Database.Database {
  const exists = existsSync(path);
  if (!exists && options.mustExist) throw new LedgerStoreError('ledger.missing', `no ledger at ${path}`);
  if (exists && statSync(path).size === 0)
    throw new LedgerStoreError('ledger.not-a-ledger', `${path} is an empty file, not a Tillproof ledger`);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist });
    // SQLite gives the -wal and -shm files the ledger's own mode: make it owner-only before they exist.
    if (!exists && existsSync(path)) chmodSync(path, 0o600);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (exists && appId !== LEDGER_APPLICATION_ID) {
      throw new LedgerStoreError('ledger.not-a-ledger', `${path} is a SQLite database but not a Tillproof ledger`);
    }
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      if (!exists) db.pragma(`application_id = ${LEDGER_APPLICATION_ID}`);
      migrate(db);
    } else {
      // Read-only openers still refuse a newer schema with a clear message.
      const version = db.pragma('user_version', { simple: true }) as number;
      const known = migrateKnownVersion();
      if (version > known)
        throw new LedgerStoreError(
          'ledger.schema-newer',
          `this ledger was written by a newer Tillproof (schema ${version}, this version knows up to ${known})`,
        );
    }
    return db;
  } catch (e) {
    db?.close();
    throw fromSqliteError(e, path);
  }
}

/** Opens an existing ledger for maintenance (e.g. rebuilding read models) and closes it after. */
export function withLedgerDatabase<T>(path: string, fn: (db: Database.Database) => T): T {
  const release = acquireLedgerWriterLock(path);
  try {
    const db = openLedgerDatabase(path, { mustExist: true });
    try {
      return fn(db);
    } catch (e) {
      throw fromSqliteError(e, path);
    } finally {
      db.close();
    }
  } finally {
    release();
  }
}

let knownVersion: number | undefined;
function migrateKnownVersion(): number {
  if (knownVersion === undefined) {
    const probe = new Database(':memory:');
    try {
      migrate(probe);
      knownVersion = probe.pragma('user_version', { simple: true }) as number;
    } finally {
      probe.close();
    }
  }
  return knownVersion;
}
