// The two QR codes of the 證明聯 (spec chapter 2). The left one starts with a 77-character fixed
// part: invoice number (10), ROC date yyyMMdd (7), random code (4), pre-tax amount (8 hex),
// total (8 hex), buyer UBN (8; 00000000 for a consumer), seller UBN (8), verification field
// (24). Then, each after a ':', the business's own 10 characters (ten '*' when unused), the
// number of items the two codes record, the invoice's item count, the encoding flag, and the
// items as name:quantity:unit price. What the left code cannot hold continues in the right
// one after its "**" start mark; items neither can hold are left out (the spec allows it) and
// the first count then says how many were recorded.
import { toBase64, utf8 } from '../../ledger/bytes.ts';
import { EInvoiceError } from './errors.ts';
import { assertInvoiceNumber, assertRandomCode } from './invoice-number.ts';
import { rocDate, type LocalDate } from './roc-calendar.ts';

export interface QrInvoice {
  invoiceNumber: string;
  /** The store's local date of issue. */
  date: LocalDate;
  randomCode: string;
  /** Sales amount before tax, whole NT$; 0 when the till cannot separate the tax (the spec allows it). */
  salesAmount: number;
  /** Total with tax, whole NT$. */
  totalAmount: number;
  /** The buyer's UBN (統一編號), or null for a consumer. */
  buyerUbn: string | null;
  sellerUbn: string;
}

export interface QrItem {
  name: string;
  /** Decimal, e.g. "1" or "0.350". */
  quantity: string;
  /** Decimal unit price, e.g. "105". */
  unitPrice: string;
}

/** How the item fields are written: UTF-8 text (flag 1) or UTF-8 in Base64 (flag 2). Big5 (flag 0) is not offered. */
export type QrEncoding = 'utf-8' | 'base64';

const ENCODING_FLAG: Record<QrEncoding, string> = { 'utf-8': '1', base64: '2' };

/** Byte-mode capacity at error correction level L, by QR version (ISO/IEC 18004 table 7). */
export const QR_BYTES_LEVEL_L: Readonly<Record<number, number>> = { 6: 134, 7: 154, 8: 192, 9: 230, 10: 271 };

/**
 * The largest version the till prints: two version-9 symbols (53 modules) at 3 dots a module
 * are 159 dots (19.9 mm) each, over the spec's 1.5 cm, and fit side by side with their quiet
 * zones on 57 mm paper (384 dots). The spec asks for version 6 or above at level L or above.
 */
export const EINVOICE_QR_MAX_VERSION = 9;
export const EINVOICE_QR_MAX_BYTES = QR_BYTES_LEVEL_L[EINVOICE_QR_MAX_VERSION]!;

const UNUSED_OWN_FIELD = '**********';
const RIGHT_START = '**';

function hex8(amount: number, what: string): string {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > 0xffffffff)
    throw new EInvoiceError('einvoice.invalid-amount', `${what} must be a whole amount from 0 to 4294967295, got ${amount}`);
  return amount.toString(16).padStart(8, '0');
}

function eightDigits(ubn: string, what: string): void {
  if (!/^\d{8}$/.test(ubn)) throw new EInvoiceError('einvoice.invalid-ubn', `${what} must be 8 digits, got ${JSON.stringify(ubn)}`);
}

/** The 77-character fixed part, with the verification field already computed (verification-field.ts). */
export function qrFixedPart(invoice: QrInvoice, verification: string): string {
  assertInvoiceNumber(invoice.invoiceNumber);
  assertRandomCode(invoice.randomCode);
  // Only the form here: the checksum is checked where the number is entered (config, till), and
  // the spec's own example seller 01234567 has none.
  eightDigits(invoice.sellerUbn, 'seller UBN');
  if (invoice.buyerUbn !== null) eightDigits(invoice.buyerUbn, 'buyer UBN');
  if (!/^[A-Za-z0-9+/]{22}==$/.test(verification))
    throw new EInvoiceError(
      'einvoice.invalid-field',
      `the verification field is 24 Base64 characters ending "==", got ${verification.length} characters`,
    );
  const fixed =
    invoice.invoiceNumber +
    rocDate(invoice.date) +
    invoice.randomCode +
    hex8(invoice.salesAmount, 'the sales amount') +
    hex8(invoice.totalAmount, 'the total') +
    (invoice.buyerUbn ?? '00000000') +
    invoice.sellerUbn +
    verification;
  return fixed;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

/** One item's "name:quantity:unit price". A ':' in a name would split the fields: it becomes a full-width '：'. */
export function itemFields(item: QrItem): string {
  const name = [...item.name]
    .map((c) => (c < ' ' || c === '\u007f' ? ' ' : c === ':' ? '：' : c))
    .join('')
    .trim();
  if (name === '') throw new EInvoiceError('einvoice.invalid-item', 'an item name is empty');
  if (!DECIMAL.test(item.quantity))
    throw new EInvoiceError(
      'einvoice.invalid-item',
      `the quantity of "${name}" must be a decimal such as 1 or 0.5, got ${JSON.stringify(item.quantity)}`,
    );
  if (!SIGNED_DECIMAL.test(item.unitPrice))
    throw new EInvoiceError(
      'einvoice.invalid-item',
      `the unit price of "${name}" must be a decimal such as 105, got ${JSON.stringify(item.unitPrice)}`,
    );
  return `${name}:${item.quantity}:${item.unitPrice}`;
}

export interface QrPair {
  left: string;
  right: string;
  /** Items the two codes record (the first count in the left code). */
  recordedItems: number;
  /** Items on the invoice (the second count). */
  totalItems: number;
}

export interface QrPairOptions {
  encoding: QrEncoding;
  /** The business's own 10 characters (營業人自行使用區); ten '*' when unused. */
  ownField?: string;
  /** Bytes each code may hold; default what the till prints (EINVOICE_QR_MAX_BYTES). */
  maxBytes?: number;
}

function header(fixed: string, ownField: string, recorded: number, total: number, encoding: QrEncoding): string {
  return `${fixed}:${ownField}:${recorded}:${total}:${ENCODING_FLAG[encoding]}:`;
}

function encodePart(bytes: Uint8Array, encoding: QrEncoding): string {
  return encoding === 'base64' ? toBase64(bytes) : new TextDecoder().decode(bytes);
}

/**
 * The two codes when the item text is cut after `leftBytes` bytes of its UTF-8 form: the left
 * code ends with the first part, the right code is "**" and the rest. In UTF-8 the cut must
 * fall between characters; in Base64 each part is encoded on its own.
 */
export function qrPairCutAt(fixed: string, items: readonly QrItem[], recorded: number, leftBytes: number, options: QrPairOptions): QrPair {
  const ownField = options.ownField ?? UNUSED_OWN_FIELD;
  if (ownField.length !== 10 || !/^[\x21-\x39\x3b-\x7e]{10}$/.test(ownField))
    throw new EInvoiceError(
      'einvoice.invalid-field',
      `the own-use field is 10 printable ASCII characters without ':', got ${JSON.stringify(ownField)}`,
    );
  if (!Number.isInteger(recorded) || recorded < 0 || recorded > items.length)
    throw new EInvoiceError('einvoice.invalid-item', `recorded items must be 0 to ${items.length}, got ${recorded}`);
  const text = utf8(items.slice(0, recorded).map(itemFields).join(':'));
  if (!Number.isInteger(leftBytes) || leftBytes < 0 || leftBytes > text.length)
    throw new EInvoiceError('einvoice.invalid-item', `the cut must be within the ${text.length} bytes of item text, got ${leftBytes}`);
  if (options.encoding === 'utf-8' && leftBytes < text.length && ((text[leftBytes] ?? 0) & 0xc0) === 0x80)
    throw new EInvoiceError('einvoice.invalid-item', `a UTF-8 cut at byte ${leftBytes} would split a character`);
  return {
    left: header(fixed, ownField, recorded, items.length, options.encoding) + encodePart(text.subarray(0, leftBytes), options.encoding),
    right: RIGHT_START + encodePart(text.subarray(leftBytes), options.encoding),
    recordedItems: recorded,
    totalItems: items.length,
  };
}

/**
 * The two codes for an invoice: as many items as fit, the left code filled first with whole
 * items (each followed by its ':' when more follow in the right code). In Base64 the cut is
 * moved back to a multiple of 3 bytes, so the two parts also read as one Base64 text.
 */
export function qrPair(fixed: string, items: readonly QrItem[], options: QrPairOptions): QrPair {
  if (fixed.length !== 77) throw new EInvoiceError('einvoice.invalid-field', `the fixed part is 77 characters, got ${fixed.length}`);
  const max = options.maxBytes ?? EINVOICE_QR_MAX_BYTES;
  const ownField = options.ownField ?? UNUSED_OWN_FIELD;
  const sizes = items.map((item) => utf8(itemFields(item)).length);
  // Sizes are counted, not built: a sale of a thousand lines costs no more than one of eighty.
  const encoded = (bytes: number) => (options.encoding === 'base64' ? 4 * Math.ceil(bytes / 3) : bytes);
  // More items than this cannot fit in the two codes together (each item takes its bytes and a ':').
  let upper = 0;
  for (let used = 0; upper < items.length && used + sizes[upper]! <= 2 * max; upper++) used += sizes[upper]! + 1;
  for (let recorded = upper; recorded >= 0; recorded--) {
    const head = utf8(header(fixed, ownField, recorded, items.length, options.encoding)).length;
    if (head > max) continue;
    let totalBytes = Math.max(recorded - 1, 0);
    for (let i = 0; i < recorded; i++) totalBytes += sizes[i]!;
    // The longest run of whole items (each with its ':') the left code holds.
    let cut = 0;
    for (let i = 0, prefix = 0; i < recorded; i++) {
      const next = i === recorded - 1 ? totalBytes : prefix + sizes[i]! + 1;
      if (head + encoded(alignCut(next, totalBytes, options.encoding)) > max) break;
      prefix = cut = next;
    }
    const leftBytes = alignCut(cut, totalBytes, options.encoding);
    if (RIGHT_START.length + encoded(totalBytes - leftBytes) <= max) return qrPairCutAt(fixed, items, recorded, leftBytes, options);
  }
  throw new EInvoiceError('einvoice.invalid-field', `the QR codes cannot hold even the fixed part in ${max} bytes`);
}

function alignCut(cut: number, totalBytes: number, encoding: QrEncoding): number {
  return encoding === 'base64' && cut < totalBytes ? cut - (cut % 3) : cut;
}
