import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MOF_QR_IV_BASE64,
  parseQrKey,
  readVerificationField,
  verificationField,
} from '../../../../../core/fiscal/tw-einvoice/verification-field.ts';
import { nodeAes128Cbc } from '../../../../../platform/node-crypto.ts';

// A test key: the real one comes from the MOF key tool and the business's seed password.
const TEST_KEY_HEX = '00112233445566778899AABBCCDDEEFF';

describe('the QR verification field', () => {
  it('is 24 Base64 characters that decrypt to number + random code under the MOF fixed IV', () => {
    const key = parseQrKey(TEST_KEY_HEX);
    const field = verificationField(nodeAes128Cbc, key, 'AB11223344', '9999');
    expect(field).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(readVerificationField(nodeAes128Cbc, key, field)).toBe('AB112233449999');
    // Decrypted here with OpenSSL directly and the IV written out in hex: the IV of the spec's
    // reference encrypter (chapter 5, QREncrypter.cs: IV = FromBase64String("Dt8lyToo17X/XkXaQvihuA==")).
    expect(Buffer.from(MOF_QR_IV_BASE64, 'base64').toString('hex')).toBe('0edf25c93a28d7b5ff5e45da42f8a1b8');
    const d = createDecipheriv('aes-128-cbc', Buffer.from(TEST_KEY_HEX, 'hex'), Buffer.from('0edf25c93a28d7b5ff5e45da42f8a1b8', 'hex'));
    expect(Buffer.concat([d.update(Buffer.from(field, 'base64')), d.final()]).toString('latin1')).toBe('AB112233449999');
  });

  it('round-trips any number, random code and key', () => {
    const number = fc.tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^\d{8}$/)).map(([a, b]) => a + b);
    const code = fc.stringMatching(/^\d{4}$/);
    const keyHex = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(number, code, keyHex, (n, c, k) => {
        const key = parseQrKey(k);
        const field = verificationField(nodeAes128Cbc, key, n, c);
        expect(field).toHaveLength(24);
        expect(readVerificationField(nodeAes128Cbc, key, field)).toBe(n + c);
      }),
      { seed: 104, numRuns: 200 },
    );
  });

  it('does not read under another key', () => {
    const field = verificationField(nodeAes128Cbc, parseQrKey(TEST_KEY_HEX), 'AB11223344', '9999');
    let read: string | null = null;
    try {
      read = readVerificationField(nodeAes128Cbc, parseQrKey('ffeeddccbbaa99887766554433221100'), field);
    } catch (e) {
      expect(e).toMatchObject({ code: 'einvoice.invalid-field' });
    }
    // A wrong key fails the padding check almost always; when it passes by chance the text is not the invoice's.
    expect(read).not.toBe('AB112233449999');
  });

  it('refuses a key that is not 32 hex digits without repeating it', () => {
    expect(() => parseQrKey('0011')).toThrow(/32 hex digits \(AES-128\), got 4 characters/);
    const secretish = 'zz112233445566778899AABBCCDDEEFF';
    try {
      parseQrKey(secretish);
      expect.unreachable();
    } catch (e) {
      expect(String(e)).toContain('with some not hex');
      expect(String(e)).not.toContain(secretish);
    }
  });
});
