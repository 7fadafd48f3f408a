import type Database from 'better-sqlite3';
import type { LedgerCrypto } from '../core/ports/crypto.ts';
import { ChainVerifier, type VerifyFailure, type VerifyResult } from '../core/ledger/verify.ts';
import {
  checkpointSignedBy,
  commitMasterData,
  type LedgerCheckpoint,
  type MasterDataCommitments,
  type SignedCheckpoint,
} from '../core/ledger/checkpoint.ts';
import { entryHash, signatureMessage } from '../core/ledger/entry.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { rowToEntry, type EntryRow } from './sqlite-ledger.ts';

// The till's own check of its ledger at start-up: from the last verified checkpoint (kept in
// ledger_meta, signed by the terminal key) to the head, so a start stays fast at a million entries.

const CHECKPOINT_KEY = 'verified_checkpoint';

export interface StartupVerification {
  result: VerifyResult;
  /** The seq the walk resumed after (0: from the genesis entry). */
  from: number;
  /** Entries checked by this walk. */
  checked: number;
  /** Why the stored checkpoint was not used (null when it was, or when there was none). */
  checkpointRefused: string | null;
  /** The master-data digests the chain commits, as of the head. */
  commitments: MasterDataCommitments;
  /** The chain state at the head, to store as the next checkpoint (only when the chain verified). */
  checkpoint: LedgerCheckpoint | null;
}

export function readCheckpoint(db: Database.Database): SignedCheckpoint | null {
  const text = db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck().get(CHECKPOINT_KEY) as string | undefined;
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as SignedCheckpoint;
  } catch {
    return null;
  }
}

export function saveCheckpoint(db: Database.Database, signed: SignedCheckpoint): void {
  db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    CHECKPOINT_KEY,
    JSON.stringify(signed),
  );
}

/** The stored checkpoint when it is the terminal's and still names the entry at its seq; else why not. */
function usableCheckpoint(
  db: Database.Database,
  crypto: LedgerCrypto,
  terminal: { terminalId: string; publicKey: Uint8Array },
): { checkpoint: LedgerCheckpoint | null; refused: string | null } {
  const signed = readCheckpoint(db);
  if (!signed) return { checkpoint: null, refused: null };
  const cp = signed.checkpoint;
  if (typeof cp !== 'object' || cp === null || cp.v !== 1 || !checkpointSignedBy(crypto, signed, terminal.publicKey)) {
    return { checkpoint: null, refused: 'the stored checkpoint is not signed by this terminal key' };
  }
  if (cp.terminalId !== terminal.terminalId) return { checkpoint: null, refused: `the stored checkpoint is terminal ${cp.terminalId}'s` };
  const row = db.prepare('SELECT * FROM ledger_entries WHERE seq = ?').get(cp.seq) as EntryRow | undefined;
  if (!row || !entryStillSigned(crypto, row, cp)) {
    return { checkpoint: null, refused: `entry ${cp.seq} is no longer the entry the checkpoint recorded` };
  }
  return { checkpoint: cp, refused: null };
}

/** The entry at the checkpoint still hashes to the recorded hash and carries its signature. */
function entryStillSigned(crypto: LedgerCrypto, row: EntryRow, cp: LedgerCheckpoint): boolean {
  try {
    const entry = rowToEntry(row);
    const publicKey = cp.publicKeys[entry.keyId];
    if (entry.hash !== cp.hash || !publicKey || entryHash(crypto, entry, row.body) !== cp.hash) return false;
    return crypto.verifyEd25519(fromBase64(publicKey), signatureMessage(entry.hash), fromBase64(entry.signature));
  } catch {
    return false;
  }
}

function failure(seq: number, reason: VerifyFailure['reason'], message: string): VerifyFailure {
  return { ok: false, seq, reason, message };
}

/**
 * Verifies the entries after the stored checkpoint (all of them without a usable one): sequence,
 * hash links, signatures, sealed days, the recorded head, and that the chain ends on this
 * terminal's key. A damaged file is a failure (`damaged-file`), never an exception.
 */
export function verifySinceCheckpoint(
  db: Database.Database,
  crypto: LedgerCrypto,
  terminal: { terminalId: string; publicKey: Uint8Array; keyId: string },
): StartupVerification {
  let from = 0;
  let checked = 0;
  let refused: string | null = null;
  const commitments: MasterDataCommitments = {};
  const done = (result: VerifyResult, checkpoint: LedgerCheckpoint | null = null): StartupVerification => ({
    result,
    from,
    checked,
    checkpointRefused: refused,
    commitments,
    checkpoint,
  });
  try {
    const usable = usableCheckpoint(db, crypto, terminal);
    refused = usable.refused;
    const cp = usable.checkpoint;
    if (cp) {
      from = cp.seq;
      Object.assign(commitments, cp.masterData);
    }
    const resumeFrom = cp
      ? { seq: cp.seq, hash: cp.hash, activeKeyId: cp.activeKeyId, publicKeys: cp.publicKeys, sealedDays: cp.sealedDays }
      : undefined;
    const verifier = new ChainVerifier(crypto, { terminalId: terminal.terminalId, ...(resumeFrom ? { resumeFrom } : {}) });
    for (const row of db.prepare('SELECT * FROM ledger_entries WHERE seq > ? ORDER BY seq').iterate(from) as IterableIterator<EntryRow>) {
      let entry;
      try {
        entry = rowToEntry(row);
      } catch (e) {
        return done(failure(row.seq, 'malformed-entry', `entry ${row.seq} cannot be read: ${errorMessage(e)}`));
      }
      if (verifier.push(entry, row.body)) break;
      commitMasterData(commitments, entry);
      checked++;
    }
    if (verifier.failed) return done(verifier.failed);
    if (from === 0 && checked === 0) return done(failure(1, 'bad-genesis', 'the ledger has no entries'));
    const head = db.prepare('SELECT MAX(last_seq) FROM business_days').pluck().get() as number | null;
    const result = verifier.finish(head ?? undefined);
    if (!result.ok) return done(result);
    const state = verifier.state;
    if (state.activeKeyId !== terminal.keyId) {
      return done(
        failure(
          result.lastSeq,
          'untrusted-key',
          `the ledger is signed with key ${String(state.activeKeyId)}, not this terminal's key ${terminal.keyId}`,
        ),
      );
    }
    const next: LedgerCheckpoint = {
      v: 1,
      terminalId: terminal.terminalId,
      seq: state.seq,
      hash: state.hash ?? '',
      activeKeyId: state.activeKeyId,
      publicKeys: state.publicKeys,
      sealedDays: state.sealedDays,
      masterData: { ...commitments },
    };
    return done(result, next);
  } catch (e) {
    return done(failure(from + checked + 1, 'damaged-file', `the ledger file cannot be read: ${errorMessage(e)}`));
  }
}
