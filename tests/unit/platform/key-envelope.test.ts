import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { classifyKeyFile, formatKeyEnvelope } from '../../../platform/key-envelope.ts';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('terminal key envelope', () => {
  it('round-trips: the envelope names the key and carries the ciphertext as base64', () => {
    const ciphertext = new Uint8Array([0, 1, 2, 250, 255]);
    const text = formatKeyEnvelope('k-123', ciphertext);
    expect(JSON.parse(text)).toEqual({ v: 1, kind: 'safeStorage', keyId: 'k-123', data: 'AAEC+v8=' });
    const read = classifyKeyFile(text);
    expect(read).toEqual({ form: 'envelope', envelope: { v: 1, kind: 'safeStorage', keyId: 'k-123', data: ciphertext } });
  });

  it('tells a plain PEM key from an envelope, and both from anything else', () => {
    const key = pem();
    expect(classifyKeyFile(key)).toEqual({ form: 'pem', pem: key });
    expect(classifyKeyFile(key.replace(/\n/g, '\r\n'))).toMatchObject({ form: 'pem' });
    expect(classifyKeyFile('')).toEqual({ form: 'unknown' });
    expect(classifyKeyFile('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')).toEqual({ form: 'unknown' });
  });

  it('reports an envelope it cannot read instead of taking it for a key', () => {
    expect(classifyKeyFile('{"v":2,"kind":"safeStorage","keyId":"k","data":"AA=="}')).toMatchObject({
      form: 'unsupported-envelope',
      detail: expect.stringMatching(/version 2/),
    });
    expect(classifyKeyFile('{"v":1,"kind":"safeStorage","keyId":"k","data":"not base64!"}')).toMatchObject({
      form: 'unsupported-envelope',
    });
    expect(classifyKeyFile('{"v":1,"kind":"safeStorage","data":"AA=="}')).toMatchObject({
      form: 'unsupported-envelope',
      detail: 'no key id',
    });
    expect(classifyKeyFile('{"v":1,"kind":"safeSt')).toMatchObject({
      form: 'unsupported-envelope',
      detail: expect.stringMatching(/truncated/),
    });
    expect(classifyKeyFile('[1]')).toMatchObject({ form: 'unknown' });
  });
});
