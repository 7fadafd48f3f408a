import { z } from 'zod';
import {
  GS,
  barcodeFail,
  barcodeOk,
  gs1CheckDigit,
  hasValidCheckDigit,
  isDigits,
  parseGs1,
  priceCheckDigit,
  summarizeGs1,
  type BarcodeResult,
  type Gs1Element,
  type Gs1Summary,
} from './gs1.ts';

export { gs1CheckDigit, hasValidCheckDigit, type BarcodeResult } from './gs1.ts';

// From raw scanner input to something the catalog can look up. Every product code ends up as
// a GTIN-14 (EAN-8, UPC-A, UPC-E and EAN-13 padded or expanded), so the catalog keeps one key
// per item. Anything doubtful (noise, a wrong check digit, a length that fits no symbology) is
// refused with a typed error: a refused scan costs a rescan, a wrong item costs money.

// ---------------------------------------------------------------------------------------------
// Product codes

export type ProductFormat = 'ean-13' | 'ean-8' | 'upc-a' | 'upc-e' | 'gtin-14';

export interface ProductCode {
  readonly format: ProductFormat;
  /** The digits as scanned. */
  readonly digits: string;
  readonly gtin14: string;
  /**
   * An 8-digit code read without a symbology identifier can be valid as both EAN-8 and UPC-E.
   * The store's preference decides `gtin14`; the other reading is given here so the lookup can
   * refuse the scan when both are in the catalog.
   */
  readonly alternate?: { readonly format: ProductFormat; readonly gtin14: string };
}

const LENGTH: Readonly<Record<ProductFormat, number>> = { 'ean-13': 13, 'ean-8': 8, 'upc-a': 12, 'upc-e': 8, 'gtin-14': 14 };

/** UPC-A body (11 digits, no check digit) for a UPC-E number system digit and its 6 data digits. */
function upcEBodyToUpcA(numberSystem: string, d: string): string {
  const last = d[5]!;
  switch (last) {
    case '0':
    case '1':
    case '2':
      return `${numberSystem}${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
    case '3':
      return `${numberSystem}${d.slice(0, 3)}00000${d.slice(3, 5)}`;
    case '4':
      return `${numberSystem}${d.slice(0, 4)}00000${d[4]}`;
    default:
      return `${numberSystem}${d.slice(0, 5)}0000${last}`;
  }
}

/** Check digit of a UPC-E code from its first 7 digits (number system 0 or 1, then 6 data digits). */
export function upcECheckDigit(first7: string): number {
  if (!/^[01]\d{6}$/.test(first7)) throw new RangeError(`"${first7}" is not a UPC-E number system digit and 6 data digits`);
  return gs1CheckDigit(upcEBodyToUpcA(first7[0]!, first7.slice(1)));
}

/** Expands an 8-digit UPC-E to its 12-digit UPC-A (04252614 -> 042100005264). */
export function expandUpcE(code: string): BarcodeResult<string> {
  if (!isDigits(code)) return barcodeFail('barcode.non-digit', `UPC-E "${code}" contains non-digits`);
  if (code.length !== 8) return barcodeFail('barcode.wrong-length', `UPC-E has 8 digits, got ${code.length}`, { length: code.length });
  if (code[0] !== '0' && code[0] !== '1')
    return barcodeFail('barcode.unknown-format', `UPC-E number system must be 0 or 1, got ${code[0]}`);
  const body = upcEBodyToUpcA(code[0], code.slice(1, 7));
  const check = gs1CheckDigit(body);
  if (String(check) !== code[7]) return barcodeFail('barcode.bad-check-digit', `UPC-E ${code} should end in ${check}`, { expected: check });
  return barcodeOk(body + String(check));
}

/** Validates `digits` as one product format and returns its GTIN-14. */
export function productCodeAs(format: ProductFormat, digits: string): BarcodeResult<ProductCode> {
  if (!isDigits(digits)) return barcodeFail('barcode.non-digit', `${format} code contains non-digits`);
  if (digits.length !== LENGTH[format]) {
    return barcodeFail('barcode.wrong-length', `${format} has ${LENGTH[format]} digits, got ${digits.length}`, {
      format,
      length: digits.length,
    });
  }
  let gtin14: string;
  if (format === 'upc-e') {
    const expanded = expandUpcE(digits);
    if (!expanded.ok) return expanded;
    gtin14 = expanded.value.padStart(14, '0');
  } else {
    if (!hasValidCheckDigit(digits)) {
      return barcodeFail('barcode.bad-check-digit', `${format} ${digits} should end in ${gs1CheckDigit(digits.slice(0, -1))}`, { format });
    }
    gtin14 = digits.padStart(14, '0');
  }
  // All zeros passes the check digit but is no one's product: a blank or wiped label.
  if (/^0+$/.test(gtin14.slice(0, 13))) return barcodeFail('barcode.unknown-format', 'an all-zero code identifies no product');
  return barcodeOk({ format, digits, gtin14 });
}

export type EightDigitPreference = 'ean-8' | 'upc-e';

/**
 * A product code from digits alone (no symbology identifier): 8 digits are EAN-8 or UPC-E,
 * 12 UPC-A, 13 EAN-13, 14 GTIN-14. When an 8-digit code is valid both ways, `prefer` decides
 * and the other reading is returned as `alternate`.
 */
export function parseProductCode(digits: string, prefer: EightDigitPreference = 'ean-8'): BarcodeResult<ProductCode> {
  if (!isDigits(digits)) return barcodeFail('barcode.non-digit', 'a product code is digits only');
  switch (digits.length) {
    case 12:
      return productCodeAs('upc-a', digits);
    case 13:
      return productCodeAs('ean-13', digits);
    case 14:
      return productCodeAs('gtin-14', digits);
    case 8: {
      const other: EightDigitPreference = prefer === 'ean-8' ? 'upc-e' : 'ean-8';
      const first = productCodeAs(prefer, digits);
      const second = productCodeAs(other, digits);
      if (first.ok && second.ok) return barcodeOk({ ...first.value, alternate: { format: other, gtin14: second.value.gtin14 } });
      if (first.ok) return first;
      if (second.ok) return second;
      // Report the preferred reading's complaint (normally a bad check digit).
      return first;
    }
    default:
      return barcodeFail('barcode.wrong-length', `${digits.length} digits is no EAN, UPC or GTIN length`, { length: digits.length });
  }
}

// ---------------------------------------------------------------------------------------------
// Variable-measure (restricted circulation) labels

const position = z.int().min(0).max(11);
const segment = z.strictObject({ start: position, length: z.int().min(1).max(10) });

/**
 * A store's layout for in-store labels printed by scales, positions counted from 0 in the
 * 13-digit form (a UPC-A is read with a leading 0, so its number system 2 is prefix "02").
 * Example "21 IIIII PPPPP C": prefix "21", itemCode {start 2, length 5}, value {start 7, length 5}.
 * Prices are in the store currency's minor units; weights in grams.
 */
export const variableMeasureLayoutSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    /** GS1 restricted-circulation prefix: 2 (all of 20-29), 20-29, or 02 for UPC-A. */
    prefix: z.string().regex(/^(2\d{0,3}|02\d{0,2})$/),
    itemCode: segment,
    measure: z.enum(['price', 'weight']),
    value: segment,
    /** Position of a GS1 price/weight check digit over a 4- or 5-digit value, when the label has one. */
    valueCheckDigit: position.optional(),
  })
  .superRefine((layout, ctx) => {
    const end = (s: { start: number; length: number }): number => s.start + s.length;
    const overlaps = (a: { start: number; length: number }, b: { start: number; length: number }): boolean =>
      a.start < end(b) && b.start < end(a);
    const check = layout.valueCheckDigit === undefined ? null : { start: layout.valueCheckDigit, length: 1 };
    const prefix = { start: 0, length: layout.prefix.length };
    const issue = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if (end(layout.itemCode) > 12) issue('item code runs into the check digit');
    if (end(layout.value) > 12) issue('value runs into the check digit');
    if (overlaps(layout.value, prefix) || overlaps(layout.value, layout.itemCode)) issue('value overlaps the prefix or item code');
    if (check) {
      if (layout.value.length !== 4 && layout.value.length !== 5) issue('a price/weight check digit needs a 4- or 5-digit value');
      if (overlaps(check, prefix) || overlaps(check, layout.itemCode) || overlaps(check, layout.value))
        issue('value check digit overlaps another field');
    }
  });
export type VariableMeasureLayout = z.infer<typeof variableMeasureLayoutSchema>;

export type VariableMeasureItem = {
  readonly layout: string;
  readonly itemCode: string;
  /** The code as scanned, as a GTIN-14. */
  readonly gtin14: string;
  /** The code with its value (and value check digit) zeroed: the same for every label of the item. */
  readonly lookupGtin14: string;
} & ({ readonly measure: 'price'; readonly priceMinor: number } | { readonly measure: 'weight'; readonly weightGrams: number });

/** Whether a 13-digit code is in a GS1 restricted-circulation range (20-29, or UPC number system 2). */
export function isRestrictedCirculation(code13: string): boolean {
  return /^(2|02)\d+$/.test(code13) && code13.length === 13;
}

/**
 * Decodes a 13-digit code with the longest-prefix layout that matches; null when none does.
 * The code's own check digit must already be valid.
 */
export function decodeVariableMeasure(
  code13: string,
  layouts: readonly VariableMeasureLayout[],
): BarcodeResult<VariableMeasureItem> | null {
  let layout: VariableMeasureLayout | undefined;
  for (const l of layouts) if (code13.startsWith(l.prefix) && (!layout || l.prefix.length > layout.prefix.length)) layout = l;
  if (!layout) return null;
  const take = (s: { start: number; length: number }): string => code13.slice(s.start, s.start + s.length);
  const valueDigits = take(layout.value);
  if (layout.valueCheckDigit !== undefined) {
    const expected = priceCheckDigit(valueDigits);
    if (String(expected) !== code13[layout.valueCheckDigit]) {
      return barcodeFail(
        'barcode.bad-price-check-digit',
        `${layout.measure} ${valueDigits} on label ${code13} should have check digit ${expected}`,
        { layout: layout.name },
      );
    }
  }
  const zeroed = [...code13.slice(0, 12)];
  for (let i = layout.value.start; i < layout.value.start + layout.value.length; i++) zeroed[i] = '0';
  if (layout.valueCheckDigit !== undefined) zeroed[layout.valueCheckDigit] = '0';
  const body = zeroed.join('');
  const base = {
    layout: layout.name,
    itemCode: take(layout.itemCode),
    gtin14: `0${code13}`,
    lookupGtin14: `0${body}${gs1CheckDigit(body)}`,
  };
  const value = Number(valueDigits);
  return barcodeOk(
    layout.measure === 'price' ? { ...base, measure: 'price', priceMinor: value } : { ...base, measure: 'weight', weightGrams: value },
  );
}

// ---------------------------------------------------------------------------------------------
// Symbology identifiers (ISO/IEC 15424 "AIM" prefixes)

export type SymbologyName =
  | 'ean-upc'
  | 'ean-upc-add-on'
  | 'ean-8'
  | 'gs1-128'
  | 'code-128'
  | 'gs1-databar'
  | 'gs1-datamatrix'
  | 'datamatrix'
  | 'gs1-qr'
  | 'qr'
  | 'itf'
  | 'code-39'
  | 'other';

export interface SymbologyId {
  /** As transmitted, e.g. "]E0". */
  readonly id: string;
  readonly symbology: SymbologyName;
  /** The data is a GS1 element string (FNC1 in first position). */
  readonly gs1: boolean;
}

const AIM_IDS: Readonly<Record<string, { symbology: SymbologyName; gs1: boolean }>> = {
  ']E0': { symbology: 'ean-upc', gs1: false },
  ']E3': { symbology: 'ean-upc-add-on', gs1: false },
  ']E4': { symbology: 'ean-8', gs1: false },
  ']C0': { symbology: 'code-128', gs1: false },
  ']C1': { symbology: 'gs1-128', gs1: true },
  ']e0': { symbology: 'gs1-databar', gs1: true },
  ']d1': { symbology: 'datamatrix', gs1: false },
  ']d2': { symbology: 'gs1-datamatrix', gs1: true },
  ']Q1': { symbology: 'qr', gs1: false },
  ']Q3': { symbology: 'gs1-qr', gs1: true },
  ']I0': { symbology: 'itf', gs1: false },
  ']I1': { symbology: 'itf', gs1: false },
  ']A0': { symbology: 'code-39', gs1: false },
};

/** Splits a leading symbology identifier ("]" + letter + modifier) from the data. */
export function splitSymbologyId(input: string): BarcodeResult<{ symbology: SymbologyId | null; data: string }> {
  if (!input.startsWith(']')) return barcodeOk({ symbology: null, data: input });
  const id = input.slice(0, 3);
  if (!/^\][A-Za-z][0-9A-Za-z]$/.test(id)) return barcodeFail('barcode.bad-symbology-identifier', `"${id}" is not a symbology identifier`);
  const known = Object.hasOwn(AIM_IDS, id) ? AIM_IDS[id] : undefined;
  return barcodeOk({ symbology: { id, symbology: known?.symbology ?? 'other', gs1: known?.gs1 ?? false }, data: input.slice(3) });
}

// ---------------------------------------------------------------------------------------------
// Scans

export const scanConfigSchema = z.strictObject({
  variableMeasure: z.array(variableMeasureLayoutSchema).max(32).default([]),
  /** How to read an 8-digit code that arrives without a symbology identifier and is valid both ways. */
  eightDigit: z.enum(['ean-8', 'upc-e']).default('ean-8'),
});
export type ScanConfig = z.output<typeof scanConfigSchema>;

export const DEFAULT_SCAN_CONFIG: ScanConfig = { variableMeasure: [], eightDigit: 'ean-8' };

interface ScanBase {
  readonly symbology: SymbologyId | null;
}

export type Scan =
  | (ScanBase & {
      readonly kind: 'product';
      readonly product: ProductCode;
      /** The 2- or 5-digit add-on (periodical issue, book price), when scanned. */
      readonly addOn?: string;
      /** In a 20-29 / 02 range without a matching layout: a store-assigned code, looked up as is. */
      readonly restrictedCirculation: boolean;
    })
  | (ScanBase & { readonly kind: 'variable-measure'; readonly product: ProductCode; readonly item: VariableMeasureItem })
  | (ScanBase & { readonly kind: 'gs1'; readonly elements: readonly Gs1Element[]; readonly summary: Gs1Summary })
  /** Data from a non-GS1 symbology (Code 128, Code 39, plain QR): a coupon, a badge, a store label. */
  | (ScanBase & { readonly kind: 'text'; readonly text: string });

/** Longest input accepted: a GS1 DataMatrix with every field we know fits easily. */
export const MAX_SCAN_LENGTH = 512;

/** C0 controls other than GS, DEL, and C1 controls: line noise, a bad cable, a wrong baud rate. */
function hasNoise(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x1d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
// Suffixes a scanner adds (Enter, Tab) and spaces a keyboard wedge can pick up.
const FRAMING = /^[ \t\r\n]+|[ \t\r\n]+$/g;

const E0_FORMATS = new Map<number, ProductFormat>([
  [13, 'ean-13'],
  [12, 'upc-a'],
  [8, 'upc-e'],
]);

function productScan(
  symbology: SymbologyId | null,
  found: BarcodeResult<ProductCode>,
  config: ScanConfig,
  addOn?: string,
): BarcodeResult<Scan> {
  if (!found.ok) return found;
  const product = found.value;
  const code13 = product.gtin14.slice(1);
  const restricted =
    (product.format === 'ean-13' || product.format === 'upc-a' || product.format === 'gtin-14') &&
    product.gtin14.startsWith('0') &&
    isRestrictedCirculation(code13);
  if (restricted) {
    const decoded = decodeVariableMeasure(code13, config.variableMeasure);
    if (decoded && !decoded.ok) return decoded;
    if (decoded) return barcodeOk({ kind: 'variable-measure', symbology, product, item: decoded.value });
  }
  return barcodeOk({ kind: 'product', symbology, product, restrictedCirculation: restricted, ...(addOn === undefined ? {} : { addOn }) });
}

function eanWithAddOn(symbology: SymbologyId, data: string, config: ScanConfig): BarcodeResult<Scan> {
  if (!isDigits(data)) return barcodeFail('barcode.non-digit', 'EAN/UPC data is digits only');
  // Main code length follows from the total: 13+2/13+5, 12+2/12+5 (UPC-A), 8+2/8+5 (UPC-E).
  const mainLength: Readonly<Record<number, [number, ProductFormat]>> = {
    15: [13, 'ean-13'],
    18: [13, 'ean-13'],
    14: [12, 'upc-a'],
    17: [12, 'upc-a'],
    10: [8, 'upc-e'],
    13: [8, 'upc-e'],
  };
  const split = mainLength[data.length];
  if (!split) return barcodeFail('barcode.wrong-length', `${data.length} digits is no EAN/UPC code with add-on`, { length: data.length });
  const [length, format] = split;
  return productScan(symbology, productCodeAs(format, data.slice(0, length)), config, data.slice(length));
}

/**
 * Reads one scan as it came from the scanner (keyboard wedge, serial or HID). Strips framing
 * (Enter, Tab, spaces) and the symbology identifier, rejects noise, and returns a product, a
 * variable-measure item, a GS1 element string or text from a non-GS1 symbology.
 */
export function parseScan(raw: string, config: ScanConfig = DEFAULT_SCAN_CONFIG): BarcodeResult<Scan> {
  if (raw.length > MAX_SCAN_LENGTH)
    return barcodeFail('barcode.wrong-length', `scan of ${raw.length} characters is too long`, { length: raw.length });
  const input = raw.replace(FRAMING, '');
  if (input.length === 0) return barcodeFail('barcode.empty', 'the scan is empty');
  if (hasNoise(input)) return barcodeFail('barcode.noise', 'the scan contains control characters');
  const split = splitSymbologyId(input);
  if (!split.ok) return split;
  const { symbology, data } = split.value;
  if (data.length === 0) return barcodeFail('barcode.empty', 'the scan has a symbology identifier but no data');

  if (symbology?.gs1) {
    const parsed = parseGs1(data);
    if (!parsed.ok) return parsed;
    return barcodeOk({ kind: 'gs1', symbology, elements: parsed.value, summary: summarizeGs1(parsed.value) });
  }
  if (symbology) {
    switch (symbology.id) {
      case ']E0': {
        if (!isDigits(data)) return barcodeFail('barcode.non-digit', 'EAN/UPC data is digits only');
        const format = E0_FORMATS.get(data.length);
        if (!format)
          return barcodeFail('barcode.wrong-length', `${data.length} digits is no EAN-13, UPC-A or UPC-E`, { length: data.length });
        return productScan(symbology, productCodeAs(format, data), config);
      }
      case ']E3':
        return eanWithAddOn(symbology, data, config);
      case ']E4':
        return productScan(symbology, productCodeAs('ean-8', data), config);
      case ']I0':
      case ']I1':
        return productScan(symbology, productCodeAs('gtin-14', data), config);
      default:
        if (data.includes(GS)) return barcodeFail('barcode.noise', 'a group separator outside GS1 data');
        return barcodeOk({ kind: 'text', symbology, text: data });
    }
  }

  // No identifier: judge by content.
  if (data.includes(GS) || /^\(\d{2,4}\)/.test(data)) {
    const parsed = parseGs1(data);
    if (!parsed.ok) return parsed;
    return barcodeOk({ kind: 'gs1', symbology: null, elements: parsed.value, summary: summarizeGs1(parsed.value) });
  }
  if (!isDigits(data)) return barcodeFail('barcode.non-digit', 'a scan without symbology identifier must be an all-digit product code');
  return productScan(null, parseProductCode(data, config.eightDigit), config);
}

/** The GTIN-14 a scan identifies, when it identifies a trade item at all. */
export function scanGtin14(scan: Scan): string | undefined {
  switch (scan.kind) {
    case 'product':
      return scan.product.gtin14;
    case 'variable-measure':
      return scan.item.lookupGtin14;
    case 'gs1':
      return scan.summary.gtin14;
    case 'text':
      return undefined;
  }
}
