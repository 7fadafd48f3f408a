import { existsSync, readFileSync, statSync } from 'node:fs';
import { classifyKeyFile, formatKeyEnvelope, keyIdOfPem, writeKeyFileAtomic, type KeyFileContent } from '../host/terminal-key-file.ts';
import type { TerminalKeySource } from './host-protocol.ts';
import { safeStorageUsable, type SafeStorageLike } from './secret-store.ts';
import { errorMessage } from '../core/shared/errors.ts';

// Main keeps the terminal's signing key encrypted with the OS keychain (safeStorage: DPAPI on
// Windows, Keychain on macOS, libsecret/KWallet on Linux) and hands the decrypted PEM to the host
// in its 'start' message (electron/host-protocol.ts). A plain key file is migrated in place
// (encrypt, check the round trip, write a temp file, fsync, rename). A key that cannot be
// decrypted is never replaced: a new key would break the ledger's chain, so the host is told to
// refuse to start with a message IT can act on. Without a usable keychain (Linux "basic_text")
// the key stays a plain owner-only file, as in browser mode.

export interface KeychainState {
  usable: boolean;
  /** safeStorage's backend on Linux (gnome_libsecret, kwallet6, basic_text...); for messages. */
  backend: string;
}

export type KeyPlan =
  /** No key yet: the host creates it on first start; main encrypts it once the host is ready. */
  | { action: 'host-creates' }
  /** A plain PEM and a usable keychain: encrypt it in place. */
  | { action: 'encrypt'; pem: string }
  | { action: 'decrypt'; keyId: string; ciphertext: Uint8Array }
  /** Leave the file as it is and let the host read it (and report what is wrong with it). */
  | { action: 'plain'; reason: 'no-keychain' | 'not-owner-only' | 'not-a-pem' }
  | { action: 'refuse'; code: 'key.keychain-unavailable' | 'key.invalid'; message: string };

const SEE_DOCS = 'See "Where secrets live" in docs/it.md.';
const NO_NEW_KEY = 'The till does not create a new key: that would break the chain of its ledger.';

/** What to do with the key file, from what it holds, whether only its owner can read it, and the keychain. */
export function planTerminalKey(content: KeyFileContent | null, ownerOnly: boolean, keychain: KeychainState, path: string): KeyPlan {
  if (content === null) return { action: 'host-creates' };
  switch (content.form) {
    case 'pem':
      if (!keychain.usable) return { action: 'plain', reason: 'no-keychain' };
      // A key others could read may have leaked: the host refuses it (key.permissions) rather than main hiding that by encrypting it.
      return ownerOnly ? { action: 'encrypt', pem: content.pem } : { action: 'plain', reason: 'not-owner-only' };
    case 'envelope':
      if (keychain.usable) return { action: 'decrypt', keyId: content.envelope.keyId, ciphertext: content.envelope.data };
      return {
        action: 'refuse',
        code: 'key.keychain-unavailable',
        message: `the terminal key ${path} (key id ${content.envelope.keyId}) is encrypted with the OS keychain, which is not available now (safeStorage backend: ${keychain.backend}). ${NO_NEW_KEY} On Linux start and unlock the desktop keyring (GNOME Keyring or KWallet); on Windows and macOS sign in as the user who set up this till. Then choose Try again. ${SEE_DOCS}`,
      };
    case 'unsupported-envelope':
      return {
        action: 'refuse',
        code: 'key.invalid',
        message: `the terminal key ${path} is a protected key this version of Tillproof cannot read (${content.detail}). ${NO_NEW_KEY} Install the version that wrote it, or restore the key from backup. ${SEE_DOCS}`,
      };
    case 'unknown':
      return { action: 'plain', reason: 'not-a-pem' };
  }
}

export interface KeyPreparation {
  /** For the 'start' message. Holds the key: never log it. */
  source: TerminalKeySource;
  /** For the log (no key material). */
  event: 'none' | 'encrypted' | 'decrypted' | 're-encrypted' | 'plain' | 'refused';
  detail?: string;
}

function unreadable(path: string, keyId: string, why: string): KeyPreparation {
  return {
    source: {
      kind: 'refused',
      code: 'key.unreadable',
      message: `the terminal key ${path} (key id ${keyId}) is encrypted with the OS keychain but could not be decrypted here (${why}). ${NO_NEW_KEY} Start Tillproof as the OS user who set up this till, on the same machine (a key encrypted on one machine cannot be opened on another), or restore the keychain; if the keychain is lost, restore a backup copy of the key. ${SEE_DOCS}`,
    },
    event: 'refused',
    detail: why,
  };
}

async function encryptInPlace(path: string, pem: string, safe: SafeStorageLike): Promise<string> {
  const keyId = keyIdOfPem(pem, path);
  const ciphertext = await safe.encryptStringAsync(pem);
  // Never replace the only copy of the key with something that does not decrypt back to it.
  const back = await safe.decryptStringAsync(ciphertext);
  if (back.result !== pem) throw new Error('the keychain did not give back the key it encrypted');
  writeKeyFileAtomic(path, formatKeyEnvelope(keyId, ciphertext));
  return keyId;
}

export interface PrepareTerminalKeyOptions {
  path: string;
  /** Electron's safeStorage (main only); null where there is none. */
  safe: SafeStorageLike | null;
  platform?: NodeJS.Platform;
}

/** Reads the key file, migrates a plain key into the keychain, and says how the host gets the key. */
export async function prepareTerminalKey(options: PrepareTerminalKeyOptions): Promise<KeyPreparation> {
  const { path, safe } = options;
  const platform = options.platform ?? process.platform;
  const exists = existsSync(path);
  const content = exists ? classifyKeyFile(readFileSync(path, 'utf8')) : null;
  const ownerOnly = !exists || platform === 'win32' || (statSync(path).mode & 0o077) === 0;
  const keychain: KeychainState = {
    usable: await safeStorageUsable(safe, platform),
    backend: safe?.getSelectedStorageBackend?.() ?? (safe ? 'os' : 'none'),
  };
  const plan = planTerminalKey(content, ownerOnly, keychain, path);
  switch (plan.action) {
    case 'host-creates':
      return { source: { kind: 'file' }, event: 'none' };
    case 'plain':
      return { source: { kind: 'file' }, event: 'plain', detail: plan.reason };
    case 'refuse':
      return { source: { kind: 'refused', code: plan.code, message: plan.message }, event: 'refused', detail: plan.code };
    case 'encrypt':
      if (!safe) return { source: { kind: 'file' }, event: 'plain', detail: 'no-keychain' };
      try {
        const keyId = await encryptInPlace(path, plan.pem, safe);
        return { source: { kind: 'provided', pem: plan.pem }, event: 'encrypted', detail: keyId };
      } catch (e) {
        // The plain file is untouched: the till runs as before and the next start tries again.
        return { source: { kind: 'file' }, event: 'plain', detail: `could not encrypt: ${errorMessage(e)}` };
      }
    case 'decrypt': {
      if (!safe) return unreadable(path, plan.keyId, 'no keychain');
      let decrypted: { shouldReEncrypt: boolean; result: string };
      try {
        decrypted = await safe.decryptStringAsync(Buffer.from(plan.ciphertext));
      } catch (e) {
        return unreadable(path, plan.keyId, errorMessage(e));
      }
      const pem = decrypted.result;
      let keyId: string;
      try {
        keyId = keyIdOfPem(pem, path);
      } catch {
        return unreadable(path, plan.keyId, 'it decrypted to something that is not a key');
      }
      if (keyId !== plan.keyId) return unreadable(path, plan.keyId, `it holds key ${keyId}, not the key the file names`);
      if (decrypted.shouldReEncrypt) {
        try {
          await encryptInPlace(path, pem, safe);
          return { source: { kind: 'provided', pem }, event: 're-encrypted', detail: keyId };
        } catch (e) {
          return { source: { kind: 'provided', pem }, event: 'decrypted', detail: `${keyId}; re-encrypting failed: ${errorMessage(e)}` };
        }
      }
      return { source: { kind: 'provided', pem }, event: 'decrypted', detail: keyId };
    }
  }
}
