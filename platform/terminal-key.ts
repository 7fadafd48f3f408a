import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Signer } from '../core/ledger/crypto.ts';
import { keyIdOf } from '../core/ledger/entry.ts';
import { nodeLedgerCrypto, rawEd25519PublicKey, publicKeyFromRaw } from './node-crypto.ts';

export class TerminalKeyError extends Error {
  readonly code: 'key.permissions' | 'key.invalid' | 'key.missing';
  constructor(code: TerminalKeyError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** An Ed25519 key held in a PEM file readable only by its owner. */
export class FileSigner implements Signer {
  readonly algorithm = 'Ed25519';
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  private readonly privateKey: KeyObject;

  constructor(privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new TerminalKeyError('key.invalid', 'terminal key is not Ed25519');
    this.privateKey = privateKey;
    this.publicKey = rawEd25519PublicKey(createPublicKey(privateKey));
    this.keyId = keyIdOf(nodeLedgerCrypto, this.publicKey);
  }

  sign(message: Uint8Array): Uint8Array {
    return sign(null, message, this.privateKey);
  }

  publicKeyPem(): string {
    return publicKeyFromRaw(this.publicKey).export({ type: 'spki', format: 'pem' }).toString();
  }
}

export function terminalKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'terminal-ed25519.pem');
}

function assertOwnerOnly(path: string): void {
  if (process.platform === 'win32') return; // NTFS ACLs are set by the installer (docs/it.md)
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new TerminalKeyError('key.permissions', `${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
  }
}

/** Writes a new key atomically with owner-only permissions. Refuses to overwrite an existing key. */
export function createTerminalKey(path: string): FileSigner {
  if (existsSync(path)) throw new TerminalKeyError('key.invalid', `refusing to overwrite the existing terminal key at ${path}`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return new FileSigner(privateKey);
}

export function loadTerminalKey(path: string): FileSigner {
  if (!existsSync(path)) throw new TerminalKeyError('key.missing', `no terminal key at ${path}`);
  assertOwnerOnly(path);
  try {
    return new FileSigner(createPrivateKey(readFileSync(path)));
  } catch (e) {
    if (e instanceof TerminalKeyError) throw e;
    throw new TerminalKeyError('key.invalid', `${path} does not hold a valid Ed25519 private key`);
  }
}

export function readPublicKeyFile(path: string): Uint8Array {
  const text = readFileSync(path, 'utf8');
  try {
    return rawEd25519PublicKey(createPublicKey(text));
  } catch {
    // Also accept the raw key as base64, as printed by `tillproof ledger pubkey --format raw`.
    const raw = Buffer.from(text.trim(), 'base64');
    if (raw.length === 32) return new Uint8Array(raw);
    throw new TerminalKeyError('key.invalid', `${path} is not an Ed25519 public key (PEM/SPKI or base64 raw)`);
  }
}
