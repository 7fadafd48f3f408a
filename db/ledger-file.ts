import type { LedgerEntry } from '../core/ledger/entry.ts';
import { openLedgerDatabase, rowToEntry, type EntryRow } from './sqlite-ledger.ts';
import { fromSqliteError } from './errors.ts';

export interface LedgerKeyRecord {
  keyId: string;
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  /** Seq of the entry that introduced the key (1 for the genesis key). */
  sinceSeq: number;
}

/** The keys a ledger declares: the genesis key, then each rotation, in order. Read-only. */
export function ledgerPublicKeys(path: string): { terminalId: string; keys: LedgerKeyRecord[] } {
  const db = openLedgerDatabase(path, { mustExist: true, readonly: true });
  try {
    const rows = db
      .prepare(`SELECT * FROM ledger_entries WHERE kind IN ('ledger-opened', 'key-rotation') ORDER BY seq`)
      .all() as EntryRow[];
    const keys: LedgerKeyRecord[] = [];
    let terminalId = '';
    for (const row of rows) {
      const body = JSON.parse(row.body) as Record<string, string>;
      terminalId = row.terminal_id;
      if (row.kind === 'ledger-opened') keys.push({ keyId: body.keyId!, publicKey: body.publicKey!, sinceSeq: row.seq });
      else keys.push({ keyId: body.newKeyId!, publicKey: body.newPublicKey!, sinceSeq: row.seq });
    }
    return { terminalId, keys };
  } catch (e) {
    throw fromSqliteError(e, path);
  } finally {
    db.close();
  }
}

/** Streams entries in seq order from a ledger file opened read-only. */
export function* readLedgerEntries(path: string, range: { from?: number; to?: number } = {}): Generator<LedgerEntry> {
  const db = openLedgerDatabase(path, { mustExist: true, readonly: true });
  try {
    const rows = db
      .prepare('SELECT * FROM ledger_entries WHERE seq BETWEEN ? AND ? ORDER BY seq')
      .iterate(range.from ?? 1, range.to ?? Number.MAX_SAFE_INTEGER);
    for (const row of rows) yield rowToEntry(row as EntryRow);
  } catch (e) {
    throw fromSqliteError(e, path);
  } finally {
    db.close();
  }
}
