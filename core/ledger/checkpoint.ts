import type { LedgerCrypto, Signer } from '../ports/crypto.ts';
import { canonicalJson } from './canonical.ts';
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.ts';
import { knownEntry } from './bodies.ts';
import type { LedgerEntry } from './entry.ts';

// A verified point of the chain, so the till's start-up check only walks the entries after it.
// It is signed by the terminal key and names the hash of the entry at its seq: an edited
// checkpoint fails its signature, an edited entry at that seq fails the hash, and either way the
// till falls back to checking the whole chain.

/** The master-data sections whose content the chain commits (config-change entries carry their digests). */
export const COMMITTED_SECTIONS = ['catalog', 'staff', 'members', 'terminal-config'] as const;
export type CommittedSection = (typeof COMMITTED_SECTIONS)[number];

/** Per section, the digest of the latest config-change entry that recorded it, and that entry's seq. */
export type MasterDataCommitments = Partial<Record<CommittedSection, { seq: number; digest: string }>>;

export interface LedgerCheckpoint {
  v: 1;
  terminalId: string;
  seq: number;
  hash: string;
  activeKeyId: string;
  publicKeys: Record<string, string>;
  sealedDays: string[];
  masterData: MasterDataCommitments;
}

export interface SignedCheckpoint {
  checkpoint: LedgerCheckpoint;
  /** Base64 Ed25519 signature by the terminal key over checkpointMessage(checkpoint). */
  signature: string;
  keyId: string;
}

const PREFIX = utf8('tillproof/checkpoint/v1\u0000');

export function checkpointMessage(checkpoint: LedgerCheckpoint): Uint8Array {
  return concatBytes(PREFIX, utf8(canonicalJson(checkpoint)));
}

export function signCheckpoint(signer: Signer, checkpoint: LedgerCheckpoint): SignedCheckpoint {
  return { checkpoint, signature: toBase64(signer.sign(checkpointMessage(checkpoint))), keyId: signer.keyId };
}

/** True when `signed` was signed by the key `publicKey` (the terminal's own key). */
export function checkpointSignedBy(crypto: LedgerCrypto, signed: SignedCheckpoint, publicKey: Uint8Array): boolean {
  try {
    return crypto.verifyEd25519(publicKey, checkpointMessage(signed.checkpoint), fromBase64(signed.signature));
  } catch {
    return false;
  }
}

function isCommittedSection(section: string): section is CommittedSection {
  return (COMMITTED_SECTIONS as readonly string[]).includes(section);
}

/** Follows the config-change entries of a verified chain: each one with a digest commits its section's content. */
export function commitMasterData(commitments: MasterDataCommitments, entry: LedgerEntry): void {
  const known = knownEntry(entry);
  if (known?.kind !== 'config-change') return;
  const { section, digest } = known.body;
  if (digest !== undefined && isCommittedSection(section)) commitments[section] = { seq: entry.seq, digest };
}
