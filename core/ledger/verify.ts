import { fromBase64, toBase64, equalBytes } from './bytes.ts';
import type { LedgerCrypto } from '../ports/crypto.ts';
import { ENTRY_VERSION, entryHash, genesisPrevHash, keyIdOf, signatureMessage, type LedgerEntry } from './entry.ts';
import { CanonicalFormError } from './canonical.ts';

/** An Ed25519 signature in base64: 64 bytes, 86 characters and the padding. */
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{86}(==)?$/;

export type VerifyFailureReason =
  | 'seq-gap'
  | 'terminal-mismatch'
  | 'broken-prev-link'
  | 'hash-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'untrusted-key'
  | 'bad-genesis'
  | 'unsupported-version'
  | 'malformed-entry'
  | 'sealed-day'
  | 'z-report-mismatch'
  | 'truncated'
  | 'projection-mismatch'
  /** The file itself is damaged: SQLite cannot read its pages. */
  | 'damaged-file'
  /** Master data (catalog, staff, members, HQ configuration) differs from the digest its last config-change entry recorded. */
  | 'master-data-mismatch';

export interface VerifyFailure {
  ok: false;
  /** The first sequence number at which the ledger is not what was signed. */
  seq: number;
  reason: VerifyFailureReason;
  message: string;
}

export interface VerifySuccess {
  ok: true;
  entries: number;
  lastSeq: number;
  lastHash: string;
  /** Key ids in the order they became active (the genesis key first). */
  keyIds: string[];
  /** 'external': checked against a key held outside the ledger; 'embedded': against the key in its first entry. */
  keySource: 'external' | 'embedded';
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** A domain rule checked on each entry after its chain and signature are proven (e.g. Z totals). */
export type EntryRule = (entry: LedgerEntry) => { reason: VerifyFailureReason; message: string } | null;

export interface ChainVerifierOptions {
  terminalId?: string;
  /** Raw Ed25519 public key trusted from outside the ledger (HQ, an auditor). */
  trustedPublicKey?: Uint8Array;
  rules?: EntryRule[];
  /** Continue a chain from a known point (HQ ingest, incremental verify). */
  resumeFrom?: { seq: number; hash: string; activeKeyId: string; publicKeys: Record<string, string>; sealedDays?: string[] };
  /**
   * 'every-entry' (default): each entry's Ed25519 signature is checked as it arrives.
   * 'anchors': hashes and links are checked on every entry, signatures only on the genesis
   * entry, each key rotation and the last entry before `anchor()` or `finish()`. Each hash commits
   * to the whole prefix, so a valid signature on the last entry authenticates every entry before
   * it (docs/ledger-format.md, "Verifying a contiguous batch"). Until the anchor is checked the
   * entries pushed are not proven: read `state` only after `anchor()` returned null.
   */
  signatures?: 'every-entry' | 'anchors';
}

/**
 * Streams a terminal's ledger through hash-link, signature and sequence checks, one entry at
 * a time, so a million-entry ledger verifies in constant memory. The first failure is final.
 */
export class ChainVerifier {
  private readonly crypto: LedgerCrypto;
  private readonly options: ChainVerifierOptions;
  private expectedSeq: number;
  private prevHash: string | null;
  private terminalId: string | null;
  private activeKeyId: string | null;
  private readonly publicKeys = new Map<string, Uint8Array>();
  private readonly keyOrder: string[] = [];
  private readonly sealedDays = new Set<string>();
  private failure: VerifyFailure | null = null;
  private count = 0;
  /** 'anchors' mode: the last entry pushed whose signature has not been checked yet. */
  private unproven: LedgerEntry | null = null;
  /** The last seq whose signature was checked (or that the verifier resumed from). */
  private provenSeq = 0;

  constructor(crypto: LedgerCrypto, options: ChainVerifierOptions = {}) {
    this.crypto = crypto;
    this.options = options;
    const r = options.resumeFrom;
    this.expectedSeq = r ? r.seq + 1 : 1;
    this.provenSeq = r ? r.seq : 0;
    this.prevHash = r ? r.hash : null;
    this.terminalId = options.terminalId ?? null;
    this.activeKeyId = r ? r.activeKeyId : null;
    if (r) {
      for (const [kid, pk] of Object.entries(r.publicKeys)) {
        this.publicKeys.set(kid, fromBase64(pk));
        this.keyOrder.push(kid);
      }
      for (const d of r.sealedDays ?? []) this.sealedDays.add(d);
    }
  }

  get failed(): VerifyFailure | null {
    return this.failure;
  }

  /** The chain state after the last good entry, to resume verification later. */
  get state(): { seq: number; hash: string | null; activeKeyId: string | null; publicKeys: Record<string, string>; sealedDays: string[] } {
    const publicKeys: Record<string, string> = {};
    for (const [kid, pk] of this.publicKeys) publicKeys[kid] = toBase64(pk);
    return { seq: this.expectedSeq - 1, hash: this.prevHash, activeKeyId: this.activeKeyId, publicKeys, sealedDays: [...this.sealedDays] };
  }

  private fail(seq: number, reason: VerifyFailureReason, message: string): VerifyFailure {
    this.failure = { ok: false, seq, reason, message };
    return this.failure;
  }

  /**
   * Checks one entry; returns the failure if this entry (or an earlier one) broke the chain.
   * `bodyText` is the canonical text of `entry.body` when the caller has computed it already
   * (canonicalText, for the row it stores): the hash is computed over it, so it must be that.
   */
  push(entry: LedgerEntry, bodyText?: string): VerifyFailure | null {
    if (this.failure) return this.failure;
    const seq = this.expectedSeq;
    if (entry.seq !== seq) {
      return entry.seq > seq
        ? this.fail(seq, 'seq-gap', `entry ${seq} is missing: the next entry present is ${entry.seq}`)
        : this.fail(entry.seq, 'seq-gap', `entry ${entry.seq} appears again or out of order after ${seq - 1}`);
    }
    if (entry.v !== ENTRY_VERSION) return this.fail(seq, 'unsupported-version', `entry format v${entry.v} is not known to this verifier`);
    if (this.terminalId === null) this.terminalId = entry.terminalId;
    if (entry.terminalId !== this.terminalId) {
      return this.fail(seq, 'terminal-mismatch', `entry belongs to terminal ${entry.terminalId}, not ${this.terminalId}`);
    }
    const expectedPrev = this.prevHash ?? genesisPrevHash(this.crypto, this.terminalId);
    if (entry.prevHash !== expectedPrev) {
      return this.fail(seq, 'broken-prev-link', `prev_hash does not match the hash of entry ${seq - 1}`);
    }
    let computed: string;
    try {
      computed = entryHash(this.crypto, entry, bodyText);
    } catch (e) {
      const why = e instanceof CanonicalFormError ? e.message : String(e);
      return this.fail(seq, 'malformed-entry', `entry cannot be put in canonical form: ${why}`);
    }
    if (computed !== entry.hash) return this.fail(seq, 'hash-mismatch', 'stored hash does not match the entry contents');

    if (seq === 1 && !this.options.resumeFrom) {
      const genesisFailure = this.acceptGenesis(entry);
      if (genesisFailure) return genesisFailure;
    }
    if (entry.keyId !== this.activeKeyId) {
      return this.fail(seq, 'unknown-key', `signed with key ${entry.keyId}, but the active key is ${this.activeKeyId}`);
    }
    const anchorsOnly = this.options.signatures === 'anchors' && seq !== 1 && entry.kind !== 'key-rotation';
    const signed = anchorsOnly ? this.signatureShape(entry) : this.checkSignature(entry);
    if (signed) return signed;
    this.unproven = anchorsOnly ? entry : null;
    if (!anchorsOnly) this.provenSeq = seq;
    if (this.sealedDays.has(entry.businessDay)) {
      return this.fail(seq, 'sealed-day', `entry added to business day ${entry.businessDay} after its Z report sealed it`);
    }
    for (const rule of this.options.rules ?? []) {
      const broken = rule(entry);
      if (broken) return this.fail(seq, broken.reason, broken.message);
    }
    // State changes only once the entry is proven.
    if (entry.kind === 'key-rotation') {
      const rotated = this.acceptRotation(entry);
      if (rotated) return rotated;
    }
    if (entry.kind === 'z-report') this.sealedDays.add(entry.businessDay);
    this.prevHash = entry.hash;
    this.expectedSeq = seq + 1;
    this.count++;
    return null;
  }

  private checkSignature(entry: LedgerEntry, covers = ''): VerifyFailure | null {
    const publicKey = this.publicKeys.get(entry.keyId);
    let signature: Uint8Array;
    try {
      signature = fromBase64(entry.signature);
    } catch {
      return this.fail(entry.seq, 'bad-signature', 'signature is not valid base64');
    }
    if (!publicKey || !this.crypto.verifyEd25519(publicKey, signatureMessage(entry.hash), signature)) {
      return this.fail(entry.seq, 'bad-signature', `signature does not verify with key ${entry.keyId}${covers}`);
    }
    return null;
  }

  /** An entry whose signature waits for the anchor: still a 64-byte base64 value under a known key. */
  private signatureShape(entry: LedgerEntry): VerifyFailure | null {
    if (!this.publicKeys.has(entry.keyId)) return this.fail(entry.seq, 'bad-signature', `no public key ${entry.keyId} is known`);
    if (!SIGNATURE_B64.test(entry.signature)) return this.fail(entry.seq, 'bad-signature', 'signature is not 64 bytes of base64');
    return null;
  }

  /**
   * Proves the entries pushed since the last anchor ('anchors' mode) by the signature of the last
   * of them; null when they are proven (or nothing waited). A no-op in 'every-entry' mode.
   */
  anchor(): VerifyFailure | null {
    if (this.failure) return this.failure;
    const last = this.unproven;
    if (!last) return null;
    const failed = this.checkSignature(
      last,
      this.options.signatures === 'anchors'
        ? `; it proves the entries since seq ${this.provenSeq + 1}: this one or one of them was changed`
        : '',
    );
    if (failed) return failed;
    this.unproven = null;
    this.provenSeq = last.seq;
    return null;
  }

  private acceptGenesis(entry: LedgerEntry): VerifyFailure | null {
    const body = entry.body as Record<string, unknown> | null;
    if (entry.kind !== 'ledger-opened' || !body || typeof body.publicKey !== 'string') {
      return this.fail(1, 'bad-genesis', 'the first entry must be ledger-opened with the terminal public key');
    }
    let publicKey: Uint8Array;
    try {
      publicKey = fromBase64(body.publicKey);
    } catch {
      return this.fail(1, 'bad-genesis', 'the genesis public key is not valid base64');
    }
    const kid = keyIdOf(this.crypto, publicKey);
    if (kid !== entry.keyId || body.keyId !== kid || body.terminalId !== entry.terminalId) {
      return this.fail(1, 'bad-genesis', 'the genesis entry key id or terminal id does not match its public key');
    }
    const trusted = this.options.trustedPublicKey;
    if (trusted && !equalBytes(trusted, publicKey)) {
      return this.fail(1, 'untrusted-key', `the ledger was opened with key ${kid}, not the trusted key ${keyIdOf(this.crypto, trusted)}`);
    }
    this.publicKeys.set(kid, publicKey);
    this.keyOrder.push(kid);
    this.activeKeyId = kid;
    return null;
  }

  private acceptRotation(entry: LedgerEntry): VerifyFailure | null {
    const body = entry.body as Record<string, unknown> | null;
    if (!body || typeof body.newPublicKey !== 'string')
      return this.fail(entry.seq, 'malformed-entry', 'key rotation without a new public key');
    let pk: Uint8Array;
    try {
      pk = fromBase64(body.newPublicKey);
    } catch {
      return this.fail(entry.seq, 'malformed-entry', 'key rotation public key is not valid base64');
    }
    const kid = keyIdOf(this.crypto, pk);
    if (kid !== body.newKeyId) return this.fail(entry.seq, 'malformed-entry', 'key rotation key id does not match its public key');
    this.publicKeys.set(kid, pk);
    this.keyOrder.push(kid);
    this.activeKeyId = kid;
    return null;
  }

  /** Ends the stream. `expectedLastSeq` comes from an outside record of the head, when one exists. */
  finish(expectedLastSeq?: number): VerifyResult {
    const unproven = this.anchor();
    if (unproven) return unproven;
    const lastSeq = this.expectedSeq - 1;
    if (expectedLastSeq !== undefined && expectedLastSeq > lastSeq) {
      return this.fail(
        lastSeq + 1,
        'truncated',
        `the ledger ends at ${lastSeq} but its head records ${expectedLastSeq}: entries were removed from the end`,
      );
    }
    if (expectedLastSeq !== undefined && expectedLastSeq < lastSeq) {
      return this.fail(expectedLastSeq + 1, 'truncated', `entries after ${expectedLastSeq} were added outside the ledger writer`);
    }
    return {
      ok: true,
      entries: this.count,
      lastSeq,
      lastHash: this.prevHash ?? '',
      keyIds: [...this.keyOrder],
      keySource: this.options.trustedPublicKey ? 'external' : 'embedded',
    };
  }
}

export function verifyEntries(crypto: LedgerCrypto, entries: Iterable<LedgerEntry>, options: ChainVerifierOptions = {}): VerifyResult {
  const verifier = new ChainVerifier(crypto, options);
  for (const e of entries) if (verifier.push(e)) break;
  return verifier.finish();
}
