// The invoice number (字軌號碼): a two-letter track and eight digits, e.g. AB11223344, printed
// on the 證明聯 with a hyphen (AB-11223344); and the 4-digit random code (隨機碼) printed beside it.
import { EInvoiceError } from './errors.ts';

const INVOICE_NUMBER = /^[A-Z]{2}\d{8}$/;
const RANDOM_CODE = /^\d{4}$/;

export function isInvoiceNumber(text: string): boolean {
  return INVOICE_NUMBER.test(text);
}

/** Throws unless `text` is two uppercase letters and eight digits. */
export function assertInvoiceNumber(text: string): void {
  if (!INVOICE_NUMBER.test(text))
    throw new EInvoiceError(
      'einvoice.invalid-number',
      `invoice number must be 2 uppercase letters and 8 digits (AB11223344), got ${JSON.stringify(text)}`,
    );
}

/** Throws unless `text` is four digits. */
export function assertRandomCode(text: string): void {
  if (!RANDOM_CODE.test(text))
    throw new EInvoiceError('einvoice.invalid-random-code', `random code must be 4 digits (0000-9999), got ${JSON.stringify(text)}`);
}

/** The number as the 證明聯 prints it: AB-11223344. */
export function printedInvoiceNumber(number: string): string {
  assertInvoiceNumber(number);
  return `${number.slice(0, 2)}-${number.slice(2)}`;
}

/** A random code from a source of random bytes (the till's CSPRNG), uniform over 0000-9999. */
export function randomCodeFrom(randomBytes: (n: number) => Uint8Array): string {
  // Rejection sampling over 16-bit values keeps every code equally likely.
  for (;;) {
    const b = randomBytes(2);
    const v = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
    if (v < 60_000) return String(v % 10_000).padStart(4, '0');
  }
}
