import { createCipheriv, createDecipheriv, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Aes128Cbc, LedgerCrypto } from '../core/ports/crypto.ts';

const keyCache = new Map<string, KeyObject>();

function publicKeyObject(raw: Uint8Array): KeyObject {
  const x = Buffer.from(raw).toString('base64url');
  let key = keyCache.get(x);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(x, key);
  }
  return key;
}

/** node:crypto (OpenSSL) implementation of the ledger's hash and signature checks. */
export const nodeLedgerCrypto: LedgerCrypto = {
  sha256(data) {
    return createHash('sha256').update(data).digest();
  },
  verifyEd25519(publicKey, message, signature) {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      return false;
    }
  },
};

export function rawEd25519PublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return publicKeyObject(raw);
}

/** node:crypto (OpenSSL) AES-128-CBC with PKCS#7 padding, for the e-invoice QR code's verification field. */
export const nodeAes128Cbc: Aes128Cbc = {
  encrypt(key, iv, plaintext) {
    const cipher = createCipheriv('aes-128-cbc', key, iv);
    return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
  },
  decrypt(key, iv, ciphertext) {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  },
};
