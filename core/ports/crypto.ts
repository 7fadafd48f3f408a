// What the ledger needs from a crypto implementation. core/ stays runtime-free: the Node
// adapter (platform/node-crypto.ts) uses node:crypto; another runtime may bring its own.

export interface LedgerCrypto {
  sha256(data: Uint8Array): Uint8Array;
  /** Ed25519 verification of `signature` over `message` with a raw 32-byte public key. */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** The terminal's signing key. The private half never leaves the implementation. */
export interface Signer {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** Keyed hashes for member codes (RFC 4226/6238). */
export interface Hmac {
  hmac(algorithm: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array): Uint8Array;
}

/**
 * AES-128 in CBC mode with PKCS#7 padding: the Taiwan e-invoice QR code's verification field
 * (core/fiscal/tw-einvoice/verification-field.ts). `decrypt` throws on a wrong key or bad padding.
 */
export interface Aes128Cbc {
  encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}
