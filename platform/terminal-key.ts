import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Signer } from '../core/ports/crypto.ts';
import { keyIdOf } from '../core/ledger/entry.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { FileExistsError, writeFileDurably } from './durable-file.ts';
import { classifyKeyFile } from './key-envelope.ts';
import { nodeLedgerCrypto, rawEd25519PublicKey, publicKeyFromRaw } from './node-crypto.ts';

/** key.protected: the file is encrypted with the desktop app's OS keychain (platform/key-envelope.ts). */
export class TerminalKeyError extends TillproofError<'key.permissions' | 'key.invalid' | 'key.missing' | 'key.protected'> {
  constructor(code: TerminalKeyError['code'], message: string) {
    super(code, message);
    this.name = 'TerminalKeyError';
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

/** Replaces (or creates) a key file durably (platform/durable-file.ts), owner-only, in an owner-only folder. */
export function writeKeyFileAtomic(path: string, text: string, options: { exclusive?: boolean } = {}): void {
  try {
    writeFileDurably(path, text, { dirMode: 0o700, exclusive: options.exclusive ?? false });
  } catch (e) {
    if (e instanceof FileExistsError)
      throw new TerminalKeyError('key.invalid', `refusing to overwrite the existing terminal key at ${path}`);
    throw e;
  }
}

/** Writes a new key atomically with owner-only permissions. Refuses to overwrite an existing key. */
export function createTerminalKey(path: string): FileSigner {
  if (existsSync(path)) throw new TerminalKeyError('key.invalid', `refusing to overwrite the existing terminal key at ${path}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  writeKeyFileAtomic(path, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { exclusive: true });
  return new FileSigner(privateKey);
}

/** A signer from PEM text (a key file's content, or the key the desktop app decrypted). `source` names it in errors. */
export function signerFromPem(pem: string, source: string): FileSigner {
  try {
    return new FileSigner(createPrivateKey(pem));
  } catch (e) {
    if (e instanceof TerminalKeyError) throw e;
    throw new TerminalKeyError('key.invalid', `${source} does not hold a valid Ed25519 private key`);
  }
}

export function loadTerminalKey(path: string): FileSigner {
  if (!existsSync(path)) throw new TerminalKeyError('key.missing', `no terminal key at ${path}`);
  assertOwnerOnly(path);
  const text = readFileSync(path, 'utf8');
  const content = classifyKeyFile(text);
  if (content.form === 'envelope') {
    throw new TerminalKeyError(
      'key.protected',
      `the terminal key ${path} (key id ${content.envelope.keyId}) is encrypted with the OS keychain of the Tillproof desktop app; only that app, run by the same user on this machine, can use it. Use the desktop app for this till (see "Where secrets live" in docs/it.md).`,
    );
  }
  if (content.form === 'unsupported-envelope')
    throw new TerminalKeyError('key.invalid', `${path} is a protected terminal key this version cannot read: ${content.detail}`);
  return signerFromPem(text, path);
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
