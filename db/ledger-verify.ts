import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { LedgerCrypto } from '../core/ports/crypto.ts';
import { ChainVerifier, type EntryRule, type VerifyResult } from '../core/ledger/verify.ts';
import { createZReportRule } from '../core/till/z-report.ts';
import type { SaleLookup } from '../core/till/day-totals.ts';
import type { SaleBody } from '../core/ledger/bodies.ts';
import { migrate } from './migrate.ts';
import { Projector, PROJECTION_TABLES } from './projections.ts';
import { openLedgerDatabase, rowToEntry, type EntryRow } from './sqlite-ledger.ts';
import { LedgerStoreError, fromSqliteError } from './errors.ts';
import { commitMasterData, type MasterDataCommitments } from '../core/ledger/checkpoint.ts';
import { checkMasterData } from './master-data-digests.ts';

export interface LedgerFileInfo {
  terminalId: string | null;
  storeId: string | null;
  headSeq: number | null;
}

export interface VerifyFileOptions {
  trustedPublicKey?: Uint8Array;
  rules?: EntryRule[];
  /** Skip the projection comparison (faster; chain and signatures only). */
  chainOnly?: boolean;
  onProgress?: (seq: number, total: number) => void;
  /**
   * Digest of the HQ configuration file next to the ledger (host/ledger-integrity.ts hqConfigDigest),
   * null when there is none; undefined leaves that section unchecked.
   */
  hqConfigDigest?: string | null;
}

/**
 * Finds a sale by receipt number for the Z check. The receipts read model only points at a seq;
 * the body is read from the entry itself, and must say it is that receipt.
 */
function saleLookup(db: Database.Database): SaleLookup {
  const seqOf = db.prepare("SELECT seq FROM receipts WHERE receipt_no = ? AND kind = 'sale'").pluck();
  const entry = db.prepare("SELECT body, operator_id FROM ledger_entries WHERE seq = ? AND kind = 'sale'");
  return (receiptNo) => {
    const seq = seqOf.get(receiptNo) as number | undefined;
    const row = seq === undefined ? undefined : (entry.get(seq) as { body: string; operator_id: string | null } | undefined);
    if (!row) return undefined;
    const body = JSON.parse(row.body) as SaleBody;
    return body.receiptNo === receiptNo ? { body, operatorId: row.operator_id } : undefined;
  };
}

function readInfo(db: Database.Database): LedgerFileInfo {
  const meta = new Map(
    (db.prepare('SELECT key, value FROM ledger_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]),
  );
  // The head as the writer recorded it in the read models, in the same transaction as each entry.
  const head = db.prepare('SELECT MAX(last_seq) FROM business_days').pluck().get() as number | null;
  return { terminalId: meta.get('terminal_id') ?? null, storeId: meta.get('store_id') ?? null, headSeq: head ?? null };
}

/**
 * Verifies a ledger file as HQ or an auditor would: SQLite integrity, then every entry's
 * sequence, hash link and signature, the recorded head, and finally the read models against a
 * rebuild from the entries. Opens the file read-only and never changes it.
 */
export function verifyLedgerFile(
  path: string,
  crypto: LedgerCrypto,
  options: VerifyFileOptions = {},
): { result: VerifyResult; info: LedgerFileInfo } {
  let info: LedgerFileInfo = { terminalId: null, storeId: null, headSeq: null };
  let walked = 0;
  let db: Database.Database | null = null;
  try {
    db = openLedgerDatabase(path, { mustExist: true, readonly: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new LedgerStoreError('ledger.corrupt', `${path} is damaged: ${String(check)}`);
    info = readInfo(db);
    const verifier = new ChainVerifier(crypto, {
      ...(info.terminalId ? { terminalId: info.terminalId } : {}),
      ...(options.trustedPublicKey ? { trustedPublicKey: options.trustedPublicKey } : {}),
      rules: [createZReportRule(saleLookup(db)), ...(options.rules ?? [])],
    });
    const total = (db.prepare('SELECT COALESCE(MAX(seq), 0) FROM ledger_entries').pluck().get() as number) || 0;
    const commitments: MasterDataCommitments = {};
    for (const row of db.prepare('SELECT * FROM ledger_entries ORDER BY seq').iterate()) {
      const entry = rowToEntry(row as EntryRow);
      if (verifier.push(entry)) break;
      commitMasterData(commitments, entry);
      if (options.onProgress && ++walked % 10_000 === 0) options.onProgress(walked, total);
    }
    if (verifier.failed) return { result: verifier.failed, info };
    if (total === 0) return { result: { ok: false, seq: 1, reason: 'bad-genesis', message: 'the ledger has no entries' }, info };
    const result = verifier.finish(info.headSeq ?? undefined);
    if (!result.ok || options.chainOnly) return { result, info };
    const mismatch = compareProjections(db);
    if (mismatch)
      return { result: { ok: false, seq: mismatch.seq ?? result.lastSeq, reason: 'projection-mismatch', message: mismatch.message }, info };
    const changed = checkMasterData(db, commitments, options.hqConfigDigest);
    if (changed.length > 0) {
      const message = changed.map((m) => m.message).join('; ');
      return { result: { ok: false, seq: result.lastSeq, reason: 'master-data-mismatch', message }, info };
    }
    return { result, info };
  } catch (e) {
    const error = fromSqliteError(e, path);
    // A damaged file is a verification failure, not a usage error: say where the walk stopped.
    if (error.code === 'ledger.corrupt') {
      return { result: { ok: false, seq: walked + 1, reason: 'damaged-file', message: error.message }, info };
    }
    throw error;
  } finally {
    db?.close();
  }
}

function rowDigest(row: unknown): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('hex');
}

/**
 * Rebuilds the read models from the entries into a scratch in-memory database and compares
 * them row by row with the stored ones. Returns the first difference.
 */
export function compareProjections(db: Database.Database): { table: string; seq: number | null; message: string } | null {
  const scratch = new Database(':memory:');
  try {
    migrate(scratch);
    projectAll(db, scratch);
    for (const { table, orderBy, seqColumn } of PROJECTION_TABLES) {
      const stored = db.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).iterate() as IterableIterator<Record<string, unknown>>;
      const rebuilt = scratch.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).iterate() as IterableIterator<Record<string, unknown>>;
      for (;;) {
        const a = stored.next();
        const b = rebuilt.next();
        if (a.done && b.done) break;
        if (a.done !== b.done || rowDigest(a.value) !== rowDigest(b.value)) {
          stored.return?.();
          rebuilt.return?.();
          const row = (a.done ? b.value : a.value) as Record<string, unknown> | undefined;
          const seq = seqColumn && row && typeof row[seqColumn] === 'number' ? row[seqColumn] : null;
          const what = a.done
            ? 'is missing a row the entries produce'
            : b.done
              ? 'has a row no entry produces'
              : 'differs from what the entries produce';
          return { table, seq, message: `read model "${table}" ${what}${seq ? ` (seq ${seq})` : ''}` };
        }
      }
    }
    return null;
  } finally {
    scratch.close();
  }
}

/** Projects every entry of `source` into the read models of `target`. */
function projectAll(source: Database.Database, target: Database.Database): void {
  const projector = new Projector(target);
  // The projector reads original sale bodies from ledger_entries of its own database.
  const copy =
    target.prepare(`INSERT INTO ledger_entries (seq, v, terminal_id, kind, business_day, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id)
    VALUES (@seq, @v, @terminal_id, @kind, @business_day, @started_at, @ended_at, @operator_id, @body, @prev_hash, @hash, @signature, @key_id)`);
  target.transaction(() => {
    for (const row of source.prepare('SELECT * FROM ledger_entries ORDER BY seq').iterate()) {
      copy.run(row);
      projector.apply(rowToEntry(row as EntryRow));
    }
  })();
}

/** Recomputes the stored read models from the ledger in one transaction. */
export function rebuildProjections(db: Database.Database): number {
  let n = 0;
  db.transaction(() => {
    for (const { table } of PROJECTION_TABLES) db.prepare(`DELETE FROM ${table}`).run();
    const projector = new Projector(db);
    // The connection cannot write while a read iterator is open, so read in pages.
    const page = db.prepare('SELECT * FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT 5000');
    for (let after = 0; ;) {
      const rows = page.all(after) as EntryRow[];
      if (rows.length === 0) break;
      for (const row of rows) projector.apply(rowToEntry(row));
      n += rows.length;
      after = rows.at(-1)!.seq;
    }
  }).immediate();
  return n;
}
