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

/** How far a walk has got: `checked` of `total` entries after `from`, the last one at `seq`. */
export interface VerifyProgress {
  from: number;
  checked: number;
  total: number;
  seq: number;
}

export interface StartupVerifyOptions {
  /** Entries walked between two calls of `onChunk` (default 20,000). */
  chunkEntries?: number;
  /**
   * After each full chunk of verified entries: the chain state there, to store as the next start's
   * checkpoint, so a long first walk (no checkpoint yet, or one refused) that is killed resumes
   * where it got to rather than from the genesis entry.
   */
  onChunk?: (checkpoint: LedgerCheckpoint, progress: VerifyProgress) => void;
}

/** The chain state a verifier reached, as a checkpoint; null before it has an active key (nothing verified yet). */
function checkpointAt(terminalId: string, state: ChainVerifier['state'], commitments: MasterDataCommitments): LedgerCheckpoint | null {
  if (state.activeKeyId === null || state.hash === null) return null;
  return {
    v: 1,
    terminalId,
    seq: state.seq,
    hash: state.hash,
    activeKeyId: state.activeKeyId,
    publicKeys: state.publicKeys,
    sealedDays: state.sealedDays,
    masterData: { ...commitments },
  };
}

/**
 * Verifies the entries after the stored checkpoint (all of them without a usable one): sequence,
 * hash links, signatures at each chunk's last entry and each key rotation, sealed days, the recorded head, and that the chain ends on this
 * terminal's key. A damaged file is a failure (`damaged-file`), never an exception.
 */
export function verifySinceCheckpoint(
  db: Database.Database,
  crypto: LedgerCrypto,
  terminal: { terminalId: string; publicKey: Uint8Array; keyId: string },
  options: StartupVerifyOptions = {},
): StartupVerification {
  const chunk = Math.max(1, options.chunkEntries ?? 20_000);
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
    // Signatures at the anchors (each chunk's last entry, key rotations, the genesis entry): every
    // hash and link is checked, and each hash commits to the whole prefix (docs/ledger-format.md).
    const verifier = new ChainVerifier(crypto, {
      terminalId: terminal.terminalId,
      signatures: 'anchors',
      ...(resumeFrom ? { resumeFrom } : {}),
    });
    const head = db.prepare('SELECT MAX(last_seq) FROM business_days').pluck().get() as number | null;
    const total = Math.max(0, (head ?? 0) - from);
    // In chunks: the statement is finished before `onChunk` may write its checkpoint on the same connection.
    const page = db.prepare('SELECT * FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT ?');
    for (let after = from, more = true; more && !verifier.failed;) {
      let inChunk = 0;
      for (const row of page.iterate(after, chunk) as IterableIterator<EntryRow>) {
        inChunk++;
        after = row.seq;
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
      more = inChunk === chunk;
      if (!verifier.failed) verifier.anchor();
      if (more && !verifier.failed && options.onChunk) {
        const reached = checkpointAt(terminal.terminalId, verifier.state, commitments);
        if (reached) options.onChunk(reached, { from, checked, total, seq: reached.seq });
      }
    }
    if (verifier.failed) return done(verifier.failed);
    if (from === 0 && checked === 0) return done(failure(1, 'bad-genesis', 'the ledger has no entries'));
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
    return done(result, checkpointAt(terminal.terminalId, state, commitments));
  } catch (e) {
    return done(failure(from + checked + 1, 'damaged-file', `the ledger file cannot be read: ${errorMessage(e)}`));
  }
}
