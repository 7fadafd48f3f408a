// One writer per ledger file. A second program appending to the same ledger (a catalog import
// while the till runs) would chain its entries on a head the till no longer has. The lock is an
// exclusive SQLite lock on `<ledger>.lock`, held from open to close: the operating system drops it
// when the holder exits, even on a crash or a kill, so a stale lock never needs cleaning up. Who
// holds it (program, pid, since when) is written beside it in `<ledger>.lock.json` for the message
// the next writer gets.
import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { LedgerStoreError } from './errors.ts';

/** Who holds a ledger's writer lock, as recorded beside it. */
export interface LedgerWriter {
  program: string;
  pid: number;
  host: string;
  since: string;
}

let programName = 'the Tillproof till';

/** Names this process in the lock record (e.g. "tillproof serve"), so a refused writer is told who holds the ledger. */
export function nameLedgerWriter(name: string): void {
  programName = name;
}

export function writerLockPath(ledgerPath: string): string {
  return `${ledgerPath}.lock`;
}

export function writerRecordPath(ledgerPath: string): string {
  return `${ledgerPath}.lock.json`;
}

/** The lock held by this process, per ledger; stores opened again in the same process share it. */
const held = new Map<string, { lock: Database.Database; count: number }>();

/** The recorded holder of a ledger's lock, if the record is readable. */
export function ledgerWriter(ledgerPath: string): LedgerWriter | null {
  try {
    const r = JSON.parse(readFileSync(writerRecordPath(ledgerPath), 'utf8')) as Partial<LedgerWriter>;
    if (typeof r.program !== 'string' || typeof r.pid !== 'number' || typeof r.since !== 'string') return null;
    return { program: r.program, pid: r.pid, host: typeof r.host === 'string' ? r.host : '', since: r.since };
  } catch {
    return null;
  }
}

function inUse(ledgerPath: string): LedgerStoreError {
  const w = ledgerWriter(ledgerPath);
  const who = w
    ? `${w.program} (pid ${w.pid}${w.host && w.host !== hostname() ? ` on ${w.host}` : ''}, since ${w.since})`
    : 'another program';
  return new LedgerStoreError(
    'ledger.in-use',
    `${ledgerPath} is in use by ${who}. Only one program may write a ledger at a time: stop it (or let it finish), then try again`,
  );
}

function takeLock(path: string): Database.Database {
  // Created private before SQLite opens it (SQLite would create it with the umask's mode).
  closeSync(openSync(path, 'a', 0o600));
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY');
    // The first write takes the exclusive lock; EXCLUSIVE mode keeps it until close.
    lock.exec('CREATE TABLE IF NOT EXISTS writer (pid INTEGER NOT NULL); DELETE FROM writer;');
    lock.prepare('INSERT INTO writer (pid) VALUES (?)').run(process.pid);
    return lock;
  } catch (e) {
    lock.close();
    throw e;
  }
}

function writeRecord(ledgerPath: string): void {
  const record: LedgerWriter = { program: programName, pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const path = writerRecordPath(ledgerPath);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // The record only improves the message another writer gets; the lock itself is what counts.
    rmSync(tmp, { force: true });
  }
}

/**
 * Takes the writer lock of a ledger file, or throws `ledger.in-use` naming the program that holds
 * it. Returns the release function (idempotent).
 */
export function acquireLedgerWriterLock(ledgerPath: string): () => void {
  const key = resolve(ledgerPath);
  const mine = held.get(key);
  if (mine) mine.count++;
  else {
    let lock: Database.Database;
    try {
      lock = takeLock(writerLockPath(key));
    } catch (e) {
      if (e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_BUSY')) throw inUse(key);
      throw new LedgerStoreError('ledger.io', `the ledger's lock file ${writerLockPath(key)} cannot be used (${String(e)})`, { cause: e });
    }
    held.set(key, { lock, count: 1 });
    writeRecord(key);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const entry = held.get(key);
    if (!entry || --entry.count > 0) return;
    held.delete(key);
    // The record goes before the lock, so it never names a holder that has let go of a lock someone else took since.
    rmSync(writerRecordPath(key), { force: true });
    // The lock file itself stays: removing it could let two writers lock two different files.
    entry.lock.close();
  };
}
