// 1D barcodes with GS k, function B (length-prefixed): CODE128 for receipt and return numbers,
// EAN-13 for products, CODE39 for the Taiwan e-invoice. Height, module width and human-readable text are sent with every
// barcode, so one barcode's settings never leak into the next.
import { PrinterCommandError, assertIntInRange } from '../errors.ts';

export type HriPosition = 'none' | 'above' | 'below' | 'both';

export interface BarcodeOptions {
  /** Bar height in dots, 1-255. */
  heightDots?: number;
  /** Narrow module width in dots, 2-6. */
  moduleWidth?: number;
  /** Where the printer prints the human-readable digits. */
  hri?: HriPosition;
}

const HRI_BYTE: Record<HriPosition, number> = { none: 0, above: 1, below: 2, both: 3 };

function barcodeSettings(options: BarcodeOptions, minWidth = 2): number[] {
  const height = options.heightDots ?? 80;
  const width = options.moduleWidth ?? 2;
  const hri = options.hri ?? 'below';
  assertIntInRange('barcode height (dots)', height, 1, 255);
  assertIntInRange('barcode module width (dots)', width, minWidth, 6);
  const h = HRI_BYTE[hri];
  if (h === undefined)
    throw new PrinterCommandError('printer.out-of-range', `HRI position must be none, above, below or both, got ${String(hri)}`);
  // GS H n (HRI position), GS h n (height), GS w n (module width)
  return [0x1d, 0x48, h, 0x1d, 0x68, height, 0x1d, 0x77, width];
}

/**
 * CODE128, code set B: printable ASCII. Sent as GS k 73 n "{B" data, with '{' doubled
 * because '{' starts a code set switch.
 */
export function code128(data: string, options: BarcodeOptions = {}): Uint8Array {
  if (data.length === 0 || !/^[\x20-\x7e]+$/.test(data)) {
    throw new PrinterCommandError('printer.invalid-barcode-data', 'CODE128 data must be 1 or more printable ASCII characters');
  }
  const body = [0x7b, 0x42, ...[...data.replaceAll('{', '{{')].map((c) => c.charCodeAt(0))];
  if (body.length > 255)
    throw new PrinterCommandError('printer.invalid-barcode-data', `CODE128 data is too long for one barcode (${data.length} characters)`);
  return Uint8Array.from([...barcodeSettings(options), 0x1d, 0x6b, 73, body.length, ...body]);
}

/** The EAN-13 check digit of 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12))
    throw new PrinterCommandError('printer.invalid-barcode-data', 'EAN-13 needs 12 digits before the check digit');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/**
 * EAN-13 from 12 digits, or 13 with a check digit that must be right. Sent as GS k 67 12
 * digits: every printer model appends the check digit itself, so a wrong one cannot print.
 */
export function ean13(digits: string, options: BarcodeOptions = {}): Uint8Array {
  if (!/^\d{12,13}$/.test(digits))
    throw new PrinterCommandError('printer.invalid-barcode-data', `EAN-13 needs 12 or 13 digits, got ${JSON.stringify(digits)}`);
  const first12 = digits.slice(0, 12);
  const check = ean13CheckDigit(first12);
  if (digits.length === 13 && Number(digits[12]) !== check) {
    throw new PrinterCommandError('printer.invalid-barcode-data', `EAN-13 ${digits} has check digit ${digits[12]}, expected ${check}`);
  }
  return Uint8Array.from([...barcodeSettings(options), 0x1d, 0x6b, 67, 12, ...[...first12].map((c) => c.charCodeAt(0))]);
}

const CODE39_DATA = /^[0-9A-Z $%+\-./]+$/;

/**
 * CODE39 (GS k 69 n data), without the '*' start/stop the printer adds. Module width 1 is
 * allowed here: at 2 the 19 characters of the Taiwan e-invoice are wider than 57 mm paper.
 */
export function code39(data: string, options: BarcodeOptions = {}): Uint8Array {
  if (!CODE39_DATA.test(data) || data.length > 255)
    throw new PrinterCommandError(
      'printer.invalid-barcode-data',
      `CODE39 data must be 1-255 of 0-9 A-Z space $ % + - . /, got ${JSON.stringify(data)}`,
    );
  return Uint8Array.from([...barcodeSettings(options, 1), 0x1d, 0x6b, 69, data.length, ...[...data].map((c) => c.charCodeAt(0))]);
}
