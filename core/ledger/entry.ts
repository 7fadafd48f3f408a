import { canonicalJson, type JsonValue } from './canonical.ts';
import { concatBytes, toHex, utf8, fromHex, toBase64 } from './bytes.ts';
import type { LedgerCrypto, Signer } from './crypto.ts';

/** Format version of the entry envelope. Part of the canonical form. */
export const ENTRY_VERSION = 1;

/**
 * Domain-separation prefix for entry signatures: the same terminal key also signs receipts,
 * and a signature made for one must never verify as the other.
 */
export const ENTRY_SIGNATURE_CONTEXT = 'tillproof/ledger-entry/v1';

/** What a caller hands to the ledger: everything but the chain fields. */
export interface EntryDraft {
  kind: string;
  businessDay: string;
  /** UTC ISO-8601 times. A sale starts at its first scan and ends at completion. */
  startedAt: string;
  endedAt: string;
  operatorId: string | null;
  /** Validated against the kind's schema before it is sealed. */
  body: unknown;
}

/** The fields covered by the hash: the entry without `hash` and `signature`. */
export interface UnsignedEntry extends EntryDraft {
  body: JsonValue;
  v: number;
  terminalId: string;
  seq: number;
  prevHash: string;
  keyId: string;
}

export interface LedgerEntry extends UnsignedEntry {
  /** Lowercase hex SHA-256(prevHash bytes || canonical bytes). */
  hash: string;
  /** Base64 Ed25519 signature over ENTRY_SIGNATURE_CONTEXT || 0x00 || hash bytes. */
  signature: string;
}

/**
 * RFC 8785 canonical text of the hashed fields, in a fixed envelope. `bodyText` is the body's
 * own canonical text when the caller has it already (the store keeps it as the body column).
 * JCS sorts keys by UTF-16 code units and "body" sorts before every other envelope key, so
 * splicing the body's canonical text in front gives exactly the canonical text of the whole.
 */
export function canonicalEntryText(entry: UnsignedEntry, bodyText: string = canonicalJson(entry.body)): string {
  const rest = canonicalJson({
    v: entry.v,
    terminalId: entry.terminalId,
    seq: entry.seq,
    kind: entry.kind,
    businessDay: entry.businessDay,
    startedAt: entry.startedAt,
    endedAt: entry.endedAt,
    operatorId: entry.operatorId,
    prevHash: entry.prevHash,
    keyId: entry.keyId,
  });
  return `{"body":${bodyText},${rest.slice(1)}`;
}

/** The first entry chains from SHA-256 of the terminal id. */
export function genesisPrevHash(crypto: LedgerCrypto, terminalId: string): string {
  return toHex(crypto.sha256(utf8(terminalId)));
}

export function entryHash(crypto: LedgerCrypto, entry: UnsignedEntry, bodyText?: string): string {
  return toHex(crypto.sha256(concatBytes(fromHex(entry.prevHash), utf8(canonicalEntryText(entry, bodyText)))));
}

export function signatureMessage(hashHex: string): Uint8Array {
  return concatBytes(utf8(ENTRY_SIGNATURE_CONTEXT), new Uint8Array([0]), fromHex(hashHex));
}

/** Key id: first 16 hex digits of SHA-256 of the raw public key. */
export function keyIdOf(crypto: LedgerCrypto, publicKey: Uint8Array): string {
  return toHex(crypto.sha256(publicKey)).slice(0, 16);
}

/** Chains and signs a draft onto the previous entry (or the genesis hash). */
export function sealEntry(
  crypto: LedgerCrypto,
  signer: Signer,
  draft: EntryDraft & { body: JsonValue },
  chain: { terminalId: string; seq: number; prevHash: string },
  bodyText?: string,
): LedgerEntry {
  const unsigned: UnsignedEntry = {
    v: ENTRY_VERSION,
    terminalId: chain.terminalId,
    seq: chain.seq,
    kind: draft.kind,
    businessDay: draft.businessDay,
    startedAt: draft.startedAt,
    endedAt: draft.endedAt,
    operatorId: draft.operatorId,
    body: draft.body,
    prevHash: chain.prevHash,
    keyId: signer.keyId,
  };
  const hash = entryHash(crypto, unsigned, bodyText);
  const signature = toBase64(signer.sign(signatureMessage(hash)));
  return { ...unsigned, hash, signature };
}
