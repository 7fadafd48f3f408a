import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatKeyEnvelope } from '../../../platform/key-envelope.ts';
import { loadTerminalKey, signerFromPem, writeKeyFileAtomic } from '../../../platform/terminal-key.ts';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('terminal key file outside the desktop app (CLI, browser mode)', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'tp-key-'));

  it('reads a plain owner-only key and signs with it', () => {
    const path = join(dir(), 'keys', 'terminal-ed25519.pem');
    const key = pem();
    writeKeyFileAtomic(path, key);
    const signer = loadTerminalKey(path);
    expect(signer.keyId).toBe(signerFromPem(key, 'test').keyId);
  });

  it('says a keychain-protected key belongs to the desktop app, rather than calling it broken', () => {
    const path = join(dir(), 'terminal-ed25519.pem');
    writeKeyFileAtomic(path, formatKeyEnvelope('abc123', new Uint8Array([1, 2, 3])));
    expect(() => loadTerminalKey(path)).toThrow(
      expect.objectContaining({ code: 'key.protected', message: expect.stringMatching(/abc123.*desktop app/) }),
    );
  });

  it('refuses a damaged key as invalid', () => {
    const path = join(dir(), 'terminal-ed25519.pem');
    writeKeyFileAtomic(path, '{"v":9}');
    expect(() => loadTerminalKey(path)).toThrow(expect.objectContaining({ code: 'key.invalid' }));
    writeFileSync(path, 'garbage', { mode: 0o600 });
    expect(() => loadTerminalKey(path)).toThrow(expect.objectContaining({ code: 'key.invalid' }));
  });

  it('never overwrites a key when asked to write exclusively', () => {
    const path = join(dir(), 'terminal-ed25519.pem');
    writeKeyFileAtomic(path, pem());
    expect(() => writeKeyFileAtomic(path, pem(), { exclusive: true })).toThrow(/refusing to overwrite/);
  });
});
