// The terminal key kept encrypted with the OS keychain, end to end under plain Node: main's vault
// (electron/terminal-key-vault.ts, with an in-memory stand-in for safeStorage) migrates the key
// the host created, decrypts it at the next start and hands it to the forked host in 'start';
// the host signs with it. A key that does not decrypt stops the till with a message, and no new
// key or ledger is created.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareTerminalKey } from '../../../electron/terminal-key-vault.ts';
import type { SafeStorageLike } from '../../../electron/secret-store.ts';
import { classifyKeyFile, terminalKeyPath } from '../../../host/terminal-key-file.ts';
import { harness, stopHarnesses } from './host-harness.ts';

afterEach(stopHarnesses);

/** An OS keychain for one machine: a random-looking ciphertext per value, readable only through this object. */
class MemoryKeychain implements SafeStorageLike {
  private readonly vault = new Map<string, string>();
  broken = false;
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return true;
  }
  getSelectedStorageBackend(): string {
    return 'gnome_libsecret';
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    const handle = `kc-${this.vault.size}-${Math.random().toString(36).slice(2)}`;
    this.vault.set(handle, plainText);
    return Buffer.from(handle);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const value = this.broken ? undefined : this.vault.get(encrypted.toString());
    if (value === undefined) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString');
    return { shouldReEncrypt: false, result: value };
  }
}

describe('terminal key handed over by main (forked host)', () => {
  it('migrates the key the host created, then starts the host with the decrypted key', async () => {
    const keychain = new MemoryKeychain();
    const events: string[] = [];
    const h = harness({
      terminalKey: async (dataDir) => {
        const prepared = await prepareTerminalKey({ path: terminalKeyPath(dataDir), safe: keychain, platform: 'linux' });
        events.push(prepared.event);
        return prepared.source;
      },
    });
    h.supervisor.start();
    await h.waitFor('running');
    const keyPath = terminalKeyPath(h.dataDir);
    expect(classifyKeyFile(readFileSync(keyPath, 'utf8')).form).toBe('pem');
    // What main does once the host is ready after creating the key.
    expect((await prepareTerminalKey({ path: keyPath, safe: keychain, platform: 'linux' })).event).toBe('encrypted');
    const onDisk = readFileSync(keyPath, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    if (process.platform !== 'win32') expect(statSync(keyPath).mode & 0o777).toBe(0o600);

    await h.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    h.launcher.children[0]!.kill('SIGKILL');
    await h.waitFor('running', 2);
    expect(events).toEqual(['none', 'decrypted']);
    // The restarted host signs with the handed-over key: new entries chain on and verify.
    await h.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await h.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
    expect(readFileSync(keyPath, 'utf8')).toBe(onDisk);
    // The key never travels in the host's output.
    expect(h.launcher.output.join('')).not.toContain('PRIVATE KEY');
  });

  it('a key the keychain cannot decrypt stops the till with a message; it is not replaced', async () => {
    const keychain = new MemoryKeychain();
    const h = harness({
      terminalKey: async (dataDir) =>
        (await prepareTerminalKey({ path: terminalKeyPath(dataDir), safe: keychain, platform: 'linux' })).source,
    });
    h.supervisor.start();
    await h.waitFor('running');
    await prepareTerminalKey({ path: terminalKeyPath(h.dataDir), safe: keychain, platform: 'linux' });
    const before = readFileSync(terminalKeyPath(h.dataDir), 'utf8');
    const ledgerSize = statSync(join(h.dataDir, 'ledger.sqlite')).size;
    keychain.broken = true;
    h.launcher.children[0]!.kill('SIGKILL');
    const failed = await h.waitFor('failed');
    expect(failed.error?.code).toBe('key.unreadable');
    expect(failed.error?.message).toMatch(/does not create a new key/);
    // Permanent: not retried in a loop.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.launcher.children).toHaveLength(2);
    expect(readFileSync(terminalKeyPath(h.dataDir), 'utf8')).toBe(before);
    expect(statSync(join(h.dataDir, 'ledger.sqlite')).size).toBeGreaterThanOrEqual(ledgerSize);
  });
});
