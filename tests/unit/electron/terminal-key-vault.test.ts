import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startMessageSchema } from '../../../electron/host-protocol.ts';
import type { SafeStorageLike } from '../../../electron/secret-store.ts';
import { planTerminalKey, prepareTerminalKey, type KeychainState } from '../../../electron/terminal-key-vault.ts';
import { classifyKeyFile, formatKeyEnvelope, keyIdOfPem, writeKeyFileAtomic } from '../../../host/terminal-key-file.ts';

/** An in-memory OS keychain: ciphertexts are handles into a map this object alone holds; a key version to rotate. */
class MemoryKeychain implements SafeStorageLike {
  private readonly vault = new Map<string, string>();
  available = true;
  backend = 'gnome_libsecret';
  keyVersion = 1;
  /** Simulates a keychain that hands back something else than it was given. */
  corrupt = false;
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const handle = `v${this.keyVersion}:${this.vault.size}`;
    this.vault.set(handle, plainText);
    return Buffer.from(handle);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const handle = encrypted.toString();
    const value = this.vault.get(handle);
    if (value === undefined) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
    return { shouldReEncrypt: !handle.startsWith(`v${this.keyVersion}:`), result: this.corrupt ? `${value}x` : value };
  }
}

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'tp-vault-')), 'keys', 'terminal-ed25519.pem');
const posix = process.platform !== 'win32';
const usable: KeychainState = { usable: true, backend: 'gnome_libsecret' };
const none: KeychainState = { usable: false, backend: 'basic_text' };

describe('terminal key plan', () => {
  const key = pem();
  const envelope = classifyKeyFile(formatKeyEnvelope('kid', new Uint8Array([7])));

  it('lets the host create the first key, and encrypts a plain one when the keychain can', () => {
    expect(planTerminalKey(null, true, usable, '/k')).toEqual({ action: 'host-creates' });
    expect(planTerminalKey({ form: 'pem', pem: key }, true, usable, '/k')).toEqual({ action: 'encrypt', pem: key });
  });

  it('keeps a plain key plain without a keychain, or when others could read it (the host refuses that)', () => {
    expect(planTerminalKey({ form: 'pem', pem: key }, true, none, '/k')).toEqual({ action: 'plain', reason: 'no-keychain' });
    expect(planTerminalKey({ form: 'pem', pem: key }, false, usable, '/k')).toEqual({ action: 'plain', reason: 'not-owner-only' });
    expect(planTerminalKey({ form: 'unknown' }, true, usable, '/k')).toEqual({ action: 'plain', reason: 'not-a-pem' });
  });

  it('decrypts an envelope, and refuses to start when the keychain is gone, never planning a new key', () => {
    expect(planTerminalKey(envelope, true, usable, '/k')).toEqual({ action: 'decrypt', keyId: 'kid', ciphertext: new Uint8Array([7]) });
    const refused = planTerminalKey(envelope, true, none, '/k');
    expect(refused).toMatchObject({ action: 'refuse', code: 'key.keychain-unavailable' });
    expect(refused.action === 'refuse' && refused.message).toMatch(/basic_text.*does not create a new key.*keyring/);
    expect(planTerminalKey({ form: 'unsupported-envelope', detail: 'version 2' }, true, usable, '/k')).toMatchObject({
      action: 'refuse',
      code: 'key.invalid',
    });
  });
});

describe('terminal key vault', () => {
  it('migrates a plain key in place: encrypted, owner-only, no temp file left, the same key handed over', async () => {
    const path = keyFile();
    const key = pem();
    writeKeyFileAtomic(path, key);
    const keychain = new MemoryKeychain();
    const first = await prepareTerminalKey({ path, safe: keychain, platform: 'linux' });
    expect(first).toEqual({ source: { kind: 'provided', pem: key }, event: 'encrypted', detail: keyIdOfPem(key, 'k') });
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(classifyKeyFile(onDisk)).toMatchObject({ form: 'envelope', envelope: { keyId: keyIdOfPem(key, 'k') } });
    expect(readdirSync(dirname(path))).toEqual(['terminal-ed25519.pem']);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    // Next start: decrypted, the file untouched.
    expect(await prepareTerminalKey({ path, safe: keychain, platform: 'linux' })).toEqual({
      source: { kind: 'provided', pem: key },
      event: 'decrypted',
      detail: keyIdOfPem(key, 'k'),
    });
    expect(readFileSync(path, 'utf8')).toBe(onDisk);
  });

  it('re-encrypts when the keychain rotated its key', async () => {
    const path = keyFile();
    writeKeyFileAtomic(path, pem());
    const keychain = new MemoryKeychain();
    await prepareTerminalKey({ path, safe: keychain, platform: 'win32' });
    const before = readFileSync(path, 'utf8');
    keychain.keyVersion = 2;
    expect((await prepareTerminalKey({ path, safe: keychain, platform: 'win32' })).event).toBe('re-encrypted');
    expect(readFileSync(path, 'utf8')).not.toBe(before);
    expect((await prepareTerminalKey({ path, safe: keychain, platform: 'win32' })).event).toBe('decrypted');
  });

  it('refuses, with the reason and what to do, a key that does not decrypt; the file stays as it was', async () => {
    const path = keyFile();
    writeKeyFileAtomic(path, pem());
    await prepareTerminalKey({ path, safe: new MemoryKeychain(), platform: 'darwin' });
    const before = readFileSync(path, 'utf8');
    // Another machine or user: a different keychain.
    const elsewhere = await prepareTerminalKey({ path, safe: new MemoryKeychain(), platform: 'darwin' });
    expect(elsewhere).toMatchObject({ event: 'refused', source: { kind: 'refused', code: 'key.unreadable' } });
    expect(elsewhere.source.kind === 'refused' && elsewhere.source.message).toMatch(
      /could not be decrypted.*does not create a new key.*same machine/,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
    // The keychain is there but locked or gone (Linux without a keyring).
    const locked = new MemoryKeychain();
    locked.backend = 'basic_text';
    expect((await prepareTerminalKey({ path, safe: locked, platform: 'linux' })).source).toMatchObject({
      kind: 'refused',
      code: 'key.keychain-unavailable',
    });
    expect((await prepareTerminalKey({ path, safe: null, platform: 'linux' })).source).toMatchObject({
      kind: 'refused',
      code: 'key.keychain-unavailable',
    });
  });

  it('refuses a decrypted key that is not the key the file names', async () => {
    const path = keyFile();
    const keychain = new MemoryKeychain();
    const ciphertext = await keychain.encryptStringAsync(pem());
    writeKeyFileAtomic(path, formatKeyEnvelope('some-other-key', ciphertext));
    expect((await prepareTerminalKey({ path, safe: keychain, platform: 'linux' })).source).toMatchObject({
      kind: 'refused',
      code: 'key.unreadable',
      message: expect.stringMatching(/not the key the file names/),
    });
  });

  it('never replaces the plain key with a ciphertext that does not give it back', async () => {
    const path = keyFile();
    const key = pem();
    writeKeyFileAtomic(path, key);
    const keychain = new MemoryKeychain();
    keychain.corrupt = true;
    const result = await prepareTerminalKey({ path, safe: keychain, platform: 'linux' });
    expect(result).toMatchObject({ source: { kind: 'file' }, event: 'plain', detail: expect.stringMatching(/did not give back/) });
    expect(readFileSync(path, 'utf8')).toBe(key);
  });

  it('leaves the key plain where there is no usable keychain, and lets the host create the first one', async () => {
    const path = keyFile();
    expect(await prepareTerminalKey({ path, safe: new MemoryKeychain(), platform: 'linux' })).toEqual({
      source: { kind: 'file' },
      event: 'none',
    });
    const key = pem();
    writeKeyFileAtomic(path, key);
    const basic = new MemoryKeychain();
    basic.backend = 'basic_text';
    expect(await prepareTerminalKey({ path, safe: basic, platform: 'linux' })).toEqual({
      source: { kind: 'file' },
      event: 'plain',
      detail: 'no-keychain',
    });
    expect(await prepareTerminalKey({ path, safe: null, platform: 'linux' })).toMatchObject({ event: 'plain' });
    expect(readFileSync(path, 'utf8')).toBe(key);
  });

  it.skipIf(!posix)('does not encrypt a key others could read: the host reports it instead', async () => {
    const path = keyFile();
    writeKeyFileAtomic(path, pem());
    chmodSync(path, 0o644);
    expect(await prepareTerminalKey({ path, safe: new MemoryKeychain(), platform: 'linux' })).toEqual({
      source: { kind: 'file' },
      event: 'plain',
      detail: 'not-owner-only',
    });
  });
});

describe('start message carries the key source', () => {
  const base = { type: 'start', dataDir: '/d', configPath: null, demo: false };

  it('accepts the three sources and none (a plain file)', () => {
    expect(startMessageSchema.parse(base)).toEqual(base);
    for (const terminalKey of [
      { kind: 'file' },
      { kind: 'provided', pem: pem() },
      { kind: 'refused', code: 'key.unreadable', message: 'why' },
    ]) {
      expect(startMessageSchema.parse({ ...base, terminalKey })).toMatchObject({ terminalKey });
    }
  });

  it('rejects anything else', () => {
    for (const terminalKey of [
      { kind: 'provided' },
      { kind: 'provided', pem: '' },
      { kind: 'refused', code: 'config.invalid', message: 'x' },
      { kind: 'env' },
      'pem',
    ]) {
      expect(startMessageSchema.safeParse({ ...base, terminalKey }).success).toBe(false);
    }
  });
});
