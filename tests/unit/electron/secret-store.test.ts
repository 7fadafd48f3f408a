import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore, safeStorageUsable, type SafeStorageLike } from '../../../electron/secret-store.ts';

/** Stands in for Electron's safeStorage: a reversible scramble with a marker, and a key version. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  keyVersion = 1;
  encrypted = 0;
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    this.encrypted++;
    const body = Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a);
    return Buffer.concat([Buffer.from(`v${this.keyVersion}:`), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const text = encrypted.toString('latin1');
    const match = /^v(\d+):/.exec(text);
    if (!match) throw new Error('not ours');
    const body = encrypted.subarray(match[0].length).map((b) => b ^ 0x5a);
    return { shouldReEncrypt: Number(match[1]) !== this.keyVersion, result: Buffer.from(body).toString('utf8') };
  }
}

const posix = process.platform !== 'win32';
const dir = () => join(mkdtempSync(join(tmpdir(), 'tp-secrets-')), 'secrets');
const TOKEN = 'hq-token-7f3a9c secret';

describe('secret store', () => {
  it('uses safeStorage when it has a real key, and never writes the secret in clear', async () => {
    const safe = new FakeSafeStorage();
    const d = dir();
    const store = await createSecretStore({ dir: d, safeStorage: safe, platform: 'linux' });
    expect(store.kind).toBe('safe-storage');
    await store.set('hq-credentials', TOKEN);
    const files = readdirSync(d);
    expect(files).toEqual(['hq-credentials.enc']);
    expect(readFileSync(join(d, files[0]!)).toString('latin1')).not.toContain('hq-token');
    if (posix) {
      expect(statSync(join(d, files[0]!)).mode & 0o777).toBe(0o600);
      expect(statSync(d).mode & 0o777).toBe(0o700);
    }
    expect(await store.get('hq-credentials')).toBe(TOKEN);
    expect(await store.get('missing')).toBeNull();
    await store.delete('hq-credentials');
    expect(await store.get('hq-credentials')).toBeNull();
  });

  it('re-encrypts when safeStorage says the key rotated', async () => {
    const safe = new FakeSafeStorage();
    const store = await createSecretStore({ dir: dir(), safeStorage: safe, platform: 'win32' });
    await store.set('hq-credentials', TOKEN);
    safe.keyVersion = 2;
    const before = safe.encrypted;
    expect(await store.get('hq-credentials')).toBe(TOKEN);
    expect(safe.encrypted).toBe(before + 1);
  });

  it('falls back to an owner-only file where safeStorage protects nothing', async () => {
    const basic = Object.assign(new FakeSafeStorage(), { backend: 'basic_text' });
    expect(await safeStorageUsable(basic, 'linux')).toBe(false);
    expect(await safeStorageUsable(basic, 'darwin')).toBe(true);
    expect(await safeStorageUsable(Object.assign(new FakeSafeStorage(), { available: false }), 'win32')).toBe(false);
    expect(await safeStorageUsable(null, 'win32')).toBe(false);
    const d = dir();
    const store = await createSecretStore({ dir: d, safeStorage: basic, platform: 'linux' });
    expect(store.kind).toBe('file');
    await store.set('hq-credentials', TOKEN);
    if (posix) expect(statSync(join(d, 'hq-credentials.secret')).mode & 0o777).toBe(0o600);
    expect(await store.get('hq-credentials')).toBe(TOKEN);
  });

  it.runIf(posix)('refuses a file secret others can read', async () => {
    const d = dir();
    const store = await createSecretStore({ dir: d, safeStorage: null, platform: 'linux' });
    await store.set('hq-credentials', TOKEN);
    chmodSync(join(d, 'hq-credentials.secret'), 0o644);
    await expect(store.get('hq-credentials')).rejects.toMatchObject({ code: 'secret.permissions' });
  });

  it('moves a secret stored before safeStorage was available into it', async () => {
    const d = dir();
    mkdirSync(d, { recursive: true, mode: 0o700 });
    writeFileSync(join(d, 'hq-credentials.secret'), TOKEN, { mode: 0o600 });
    const store = await createSecretStore({ dir: d, safeStorage: new FakeSafeStorage(), platform: 'linux' });
    expect(await store.get('hq-credentials')).toBe(TOKEN);
    expect(existsSync(join(d, 'hq-credentials.secret'))).toBe(false);
    expect(existsSync(join(d, 'hq-credentials.enc'))).toBe(true);
  });

  it('reports a secret this machine cannot decrypt', async () => {
    const d = dir();
    const store = await createSecretStore({ dir: d, safeStorage: new FakeSafeStorage(), platform: 'win32' });
    await store.set('hq-credentials', TOKEN);
    writeFileSync(join(d, 'hq-credentials.enc'), 'garbage', { mode: 0o600 });
    await expect(store.get('hq-credentials')).rejects.toMatchObject({ code: 'secret.unreadable' });
  });

  it.each(['../key', 'a/b', 'HQ', '', '.hidden', 'x'.repeat(65), 'name\0'])('refuses the name %j', async (name) => {
    const store = await createSecretStore({ dir: dir(), safeStorage: null });
    await expect(store.set(name, 'v')).rejects.toMatchObject({ code: 'secret.bad-name' });
    await expect(store.get(name)).rejects.toMatchObject({ code: 'secret.bad-name' });
  });
});
