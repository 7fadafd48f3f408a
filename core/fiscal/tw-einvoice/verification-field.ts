// The left QR code's 24-character verification field (加密驗證資訊): the invoice number and
// random code (14 ASCII characters) encrypted with AES-128-CBC (PKCS#7 padding, so one 16-byte
// block) under the business's key and the IV fixed by the MOF's reference code, in Base64.
// The key is the 32 hex digits the MOF's key tool derives from the seed password the business
// set on the e-invoice platform; the platform holds the same key and decrypts the field to
// check the paper. The key never leaves the till's config and is never logged.
import type { Aes128Cbc } from '../../ports/crypto.ts';
import { fromBase64, fromHex, fromUtf8, toBase64, utf8 } from '../../ledger/bytes.ts';
import { EInvoiceError } from './errors.ts';
import { assertInvoiceNumber, assertRandomCode } from './invoice-number.ts';

/** The fixed IV of the MOF reference encrypter (spec chapter 5, QREncrypter.cs). */
export const MOF_QR_IV_BASE64 = 'Dt8lyToo17X/XkXaQvihuA==';
const MOF_QR_IV = fromBase64(MOF_QR_IV_BASE64);

const KEY_HEX = /^[0-9A-Fa-f]{32}$/;

/** The business's AES key from its 32 hex digits; the error never repeats the key. */
export function parseQrKey(hex: string): Uint8Array {
  if (!KEY_HEX.test(hex))
    throw new EInvoiceError(
      'einvoice.invalid-key',
      `the QR code key must be 32 hex digits (AES-128), got ${hex.length} characters${/^[0-9A-Fa-f]*$/.test(hex) ? '' : ' with some not hex'}`,
    );
  return fromHex(hex.toLowerCase());
}

/** The 24-character Base64 field for an invoice number and random code. */
export function verificationField(cipher: Aes128Cbc, key: Uint8Array, invoiceNumber: string, randomCode: string): string {
  assertInvoiceNumber(invoiceNumber);
  assertRandomCode(randomCode);
  if (key.length !== 16) throw new EInvoiceError('einvoice.invalid-key', `the QR code key must be 16 bytes, got ${key.length}`);
  return toBase64(cipher.encrypt(key, MOF_QR_IV, utf8(invoiceNumber + randomCode)));
}

/** Decrypts a verification field back to invoice number + random code (what the platform checks). */
export function readVerificationField(cipher: Aes128Cbc, key: Uint8Array, field: string): string {
  if (field.length !== 24)
    throw new EInvoiceError('einvoice.invalid-field', `the verification field is 24 Base64 characters, got ${field.length}`);
  try {
    return fromUtf8(cipher.decrypt(key, MOF_QR_IV, fromBase64(field)));
  } catch (e) {
    throw new EInvoiceError(
      'einvoice.invalid-field',
      `the verification field does not decrypt with this key: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
