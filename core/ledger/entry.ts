import { canonicalJson, type JsonValue } from './canonical.ts';
import { concatBytes, toHex, utf8, fromHex, toBase64 } from './bytes.ts';
import type { LedgerCrypto, Signer } from '../ports/crypto.ts';

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

/** Deeper values take the general path (whose checks recurse too); this walk must never overflow. */
const MAX_FAST_DEPTH = 64;

/**
 * True when JSON.stringify(value) writes exactly value's RFC 8785 text, apart from lone
 * surrogates (see canonicalText): plain JSON data whose every object has its keys in strictly
 * ascending UTF-16 order. Then canonicalize's `Object.keys().sort()` is `Object.keys()` itself,
 * the order JSON.stringify follows, and both write primitives with JSON.stringify. A body read
 * back from canonical text (the terminal's body column, HQ's wire batch) is in that order.
 */
function inCanonicalOrder(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth > MAX_FAST_DEPTH) return false;
      if (Array.isArray(value)) {
        // A hole reads as undefined and fails: the general path decides what it means.
        for (let i = 0; i < value.length; i++) if (!inCanonicalOrder(value[i], depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const keys = Object.keys(value);
      const record = value as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        // `<` on strings compares UTF-16 code units, the order RFC 8785 sorts keys by.
        if (i > 0 && !(keys[i - 1]! < key)) return false;
        if (!inCanonicalOrder(record[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** JSON.stringify(value) when that is its canonical text (see inCanonicalOrder), else null. */
function orderedCanonicalText(value: unknown): string | null {
  if (!inCanonicalOrder(value, 0)) return null;
  const text = JSON.stringify(value);
  // JSON.stringify writes a lone surrogate as a \udxxx escape, where canonicalJson refuses it.
  return text.includes('\\ud') ? null : text;
}

/**
 * canonicalJson(value): the same text and the same refusals, without re-sorting a value whose
 * keys are in canonical order already (re-sorting was a third of HQ's cost of verifying an entry).
 */
export function canonicalText(value: unknown): string {
  return orderedCanonicalText(value) ?? canonicalJson(value);
}

/**
 * RFC 8785 canonical text of the hashed fields, in a fixed envelope. `bodyText` is the body's
 * own canonical text when the caller has it already (the store keeps it as the body column).
 * JCS sorts keys by UTF-16 code units and "body" sorts before every other envelope key, so
 * splicing the body's canonical text in front gives exactly the canonical text of the whole.
 */
export function canonicalEntryText(entry: UnsignedEntry, bodyText: string = canonicalText(entry.body)): string {
  // Built in canonical key order, so that it needs no sorting; fields that are not plain JSON
  // go to canonicalJson as before, which names the first bad one.
  const rest =
    orderedCanonicalText({
      businessDay: entry.businessDay,
      endedAt: entry.endedAt,
      keyId: entry.keyId,
      kind: entry.kind,
      operatorId: entry.operatorId,
      prevHash: entry.prevHash,
      seq: entry.seq,
      startedAt: entry.startedAt,
      terminalId: entry.terminalId,
      v: entry.v,
    }) ??
    canonicalJson({
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

const encoder = new TextEncoder();
/** Reused for every entry hashed (prevHash bytes, then the canonical text encoded in place). */
const hashInput = new Uint8Array(64 * 1024);

export function entryHash(crypto: LedgerCrypto, entry: UnsignedEntry, bodyText?: string): string {
  const text = canonicalEntryText(entry, bodyText);
  const prev = fromHex(entry.prevHash);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; a rare huge entry gets its own buffer.
  const size = prev.length + text.length * 3;
  const buffer = size <= hashInput.length ? hashInput : new Uint8Array(size);
  buffer.set(prev, 0);
  const { written } = encoder.encodeInto(text, buffer.subarray(prev.length));
  return toHex(crypto.sha256(buffer.subarray(0, prev.length + written)));
}

const SIGNATURE_PREFIX = concatBytes(utf8(ENTRY_SIGNATURE_CONTEXT), new Uint8Array([0]));

export function signatureMessage(hashHex: string): Uint8Array {
  return concatBytes(SIGNATURE_PREFIX, fromHex(hashHex));
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
