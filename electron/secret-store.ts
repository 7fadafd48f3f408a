import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, TillproofError } from '../core/shared/errors.ts';

// A store for named secrets other than the ledger's signing key, kept for the day the terminal
// has one (today it has none: HQ knows the terminal by its key, so the enrollment record is not
// secret). Never in the config file. Encrypted with safeStorage (DPAPI on Windows, Keychain on
// macOS, libsecret/kwallet on Linux), the ciphertext in an owner-only file; where safeStorage has
// no real key (Linux "basic_text", or before app ready) a plain owner-only file.
// The signing key itself is kept encrypted in place by electron/terminal-key-vault.ts, which
// shares safeStorageUsable() below; main hands it to the host (a utility process has no safeStorage).

export interface SecretStore {
  readonly kind: 'safe-storage' | 'file';
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The part of Electron's safeStorage used here (main.ts passes the real one; tests a fake). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  getSelectedStorageBackend?(): string;
}

export class SecretStoreError extends TillproofError<'secret.bad-name' | 'secret.permissions' | 'secret.unreadable'> {
  constructor(code: SecretStoreError['code'], message: string) {
    super(code, message);
    this.name = 'SecretStoreError';
  }
}

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new SecretStoreError('secret.bad-name', `"${name.slice(0, 80)}" is not a secret name (lower-case letters, digits and "-")`);
}

function assertOwnerOnly(path: string, platform: NodeJS.Platform): void {
  if (platform === 'win32') return; // the profile directory's ACL keeps other users out (docs/it.md)
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077)
    throw new SecretStoreError('secret.permissions', `${path} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${path}`);
}

function writeOwnerOnly(dir: string, path: string, data: Buffer | string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export interface SecretStoreOptions {
  dir: string;
  /** Electron's safeStorage in main; null where there is none (a utility process, plain Node). */
  safeStorage: SafeStorageLike | null;
  platform?: NodeJS.Platform;
}

class FileSecretStore implements SecretStore {
  readonly kind = 'file';
  private readonly dir: string;
  private readonly platform: NodeJS.Platform;

  constructor(dir: string, platform: NodeJS.Platform) {
    this.dir = dir;
    this.platform = platform;
  }

  path(name: string): string {
    return join(this.dir, `${name}.secret`);
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    const path = this.path(name);
    if (!existsSync(path)) return null;
    assertOwnerOnly(path, this.platform);
    return readFileSync(path, 'utf8');
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    writeOwnerOnly(this.dir, this.path(name), value);
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    rmSync(this.path(name), { force: true });
  }
}

class SafeSecretStore implements SecretStore {
  readonly kind = 'safe-storage';
  private readonly dir: string;
  private readonly safe: SafeStorageLike;
  private readonly platform: NodeJS.Platform;
  private readonly plain: FileSecretStore;

  constructor(dir: string, safe: SafeStorageLike, platform: NodeJS.Platform) {
    this.dir = dir;
    this.safe = safe;
    this.platform = platform;
    this.plain = new FileSecretStore(dir, platform);
  }

  private path(name: string): string {
    return join(this.dir, `${name}.enc`);
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    const path = this.path(name);
    if (!existsSync(path)) {
      // A secret stored before safeStorage was available moves into it on first read.
      const legacy = await this.plain.get(name);
      if (legacy === null) return null;
      await this.set(name, legacy);
      await this.plain.delete(name);
      return legacy;
    }
    assertOwnerOnly(path, this.platform);
    let decrypted;
    try {
      decrypted = await this.safe.decryptStringAsync(readFileSync(path));
    } catch (e) {
      throw new SecretStoreError(
        'secret.unreadable',
        `${path} cannot be decrypted by this user on this machine (${errorMessage(e)}); store the secret again`,
      );
    }
    if (decrypted.shouldReEncrypt) await this.set(name, decrypted.result);
    return decrypted.result;
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    writeOwnerOnly(this.dir, this.path(name), await this.safe.encryptStringAsync(value));
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    rmSync(this.path(name), { force: true });
    await this.plain.delete(name);
  }
}

/** Whether safeStorage protects anything here: on Linux "basic_text" is a hard-coded key, no better than a 0600 file. */
export async function safeStorageUsable(safe: SafeStorageLike | null, platform: NodeJS.Platform): Promise<boolean> {
  if (!safe) return false;
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return false;
  }
  try {
    return await safe.isAsyncEncryptionAvailable();
  } catch {
    return false;
  }
}

export async function createSecretStore(options: SecretStoreOptions): Promise<SecretStore> {
  const platform = options.platform ?? process.platform;
  return options.safeStorage && (await safeStorageUsable(options.safeStorage, platform))
    ? new SafeSecretStore(options.dir, options.safeStorage, platform)
    : new FileSecretStore(options.dir, platform);
}
