import { currencyByNumeric } from '../money/currency.ts';
import { TillproofError } from '../shared/errors.ts';

// GS1 building blocks shared by every barcode path: the errors a scan can fail with, the
// mod-10 check digit, the price/weight check digit of variable-measure labels, and the parser
// for GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar).

export type BarcodeErrorCode =
  | 'barcode.empty'
  /** Control bytes or other characters no scanner sends for a good read. */
  | 'barcode.noise'
  | 'barcode.non-digit'
  | 'barcode.wrong-length'
  | 'barcode.bad-check-digit'
  /** The price or weight check digit inside a variable-measure label does not match. */
  | 'barcode.bad-price-check-digit'
  | 'barcode.unknown-format'
  | 'barcode.bad-symbology-identifier'
  | 'barcode.gs1-unknown-ai'
  | 'barcode.gs1-bad-value'
  | 'barcode.gs1-bad-date'
  /** An element string ends inside a fixed-length field: a partial read. */
  | 'barcode.gs1-truncated'
  | 'barcode.gs1-duplicate-ai';

export type BarcodeErrorDetails = Readonly<Record<string, string | number>>;

/** A rejected scan. `code` is the i18n message key the till shows; `message` is English for the log. */
export class BarcodeError extends TillproofError<BarcodeErrorCode> {
  declare readonly details: BarcodeErrorDetails;

  constructor(code: BarcodeErrorCode, message: string, details: BarcodeErrorDetails = {}) {
    super(code, message, { details });
    this.name = 'BarcodeError';
  }
}

export type BarcodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: BarcodeError };

export function barcodeOk<T>(value: T): BarcodeResult<T> {
  return { ok: true, value };
}

export function barcodeFail<T>(code: BarcodeErrorCode, message: string, details: BarcodeErrorDetails = {}): BarcodeResult<T> {
  return { ok: false, error: new BarcodeError(code, message, details) };
}

/** ASCII group separator: how scanners transmit FNC1 between variable-length GS1 fields. */
export const GS = '\u001d';

const DIGITS = /^\d+$/;

export function isDigits(text: string): boolean {
  return DIGITS.test(text);
}

/**
 * GS1 mod-10 check digit for `body` (the code without its check digit): weights 3 and 1
 * alternating from the right. The same for GTIN-8/12/13/14, SSCC and GLN.
 */
export function gs1CheckDigit(body: string): number {
  if (!isDigits(body)) throw new BarcodeError('barcode.non-digit', `check digit body "${body}" is not all digits`);
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += (body.charCodeAt(i) - 48) * weight;
  return (10 - (sum % 10)) % 10;
}

/** Whether the last digit of an all-digit `code` is its GS1 check digit. */
export function hasValidCheckDigit(code: string): boolean {
  if (code.length < 2 || !isDigits(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

// GS1 General Specifications 7.9.3: weighting factors for the price/weight check digit.
// Each maps a digit to the units digit of a product ("2-": times 2 minus the tens digit).
const TWO_MINUS: readonly number[] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const THREE: readonly number[] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const FIVE_PLUS: readonly number[] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const FIVE_MINUS: readonly number[] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/**
 * The check digit a scale prints beside a 4- or 5-digit price or weight on a variable-measure
 * label. 4 digits: weights 2-, 2-, 3, 5-, sum times 3, units digit. 5 digits: weights 5+, 2-,
 * 5-, 5+, 2-; the check digit is the digit whose 5- product is ten minus the sum's units digit.
 */
export function priceCheckDigit(value: string): number {
  if (!isDigits(value) || (value.length !== 4 && value.length !== 5)) {
    throw new BarcodeError('barcode.wrong-length', `a price check digit covers 4 or 5 digits, got "${value}"`);
  }
  const d = [...value].map((c) => c.charCodeAt(0) - 48);
  if (d.length === 4) return ((TWO_MINUS[d[0]!]! + TWO_MINUS[d[1]!]! + THREE[d[2]!]! + FIVE_MINUS[d[3]!]!) * 3) % 10;
  const sum = FIVE_PLUS[d[0]!]! + TWO_MINUS[d[1]!]! + FIVE_MINUS[d[2]!]! + FIVE_PLUS[d[3]!]! + TWO_MINUS[d[4]!]!;
  const target = (10 - (sum % 10)) % 10;
  return FIVE_MINUS.indexOf(target);
}

// ---------------------------------------------------------------------------------------------
// Element strings

/** A GS1 date as encoded (YYMMDD). `dd` 0 means "end of the month". */
export interface Gs1Date {
  readonly yy: number;
  readonly mm: number;
  readonly dd: number;
}

/** A fixed-point number as GS1 encodes it: 001250 with 3 decimals is 1.250. */
export interface ScaledDecimal {
  readonly value: number;
  readonly decimals: number;
}

export type Gs1Value =
  | { readonly type: 'digits'; readonly digits: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'date'; readonly date: Gs1Date }
  | { readonly type: 'count'; readonly count: number }
  | { readonly type: 'decimal'; readonly decimal: ScaledDecimal }
  | { readonly type: 'decimal-with-currency'; readonly currencyNumeric: string; readonly decimal: ScaledDecimal };

export type Gs1AiName =
  | 'sscc'
  | 'gtin'
  | 'content-gtin'
  | 'batch'
  | 'production-date'
  | 'due-date'
  | 'packaging-date'
  | 'best-before'
  | 'sell-by'
  | 'expiry'
  | 'variant'
  | 'serial'
  | 'variable-count'
  | 'count'
  | 'additional-id'
  | 'order-number'
  | 'net-weight-kg'
  | 'net-weight-lb'
  | 'price'
  | 'price-with-currency';

export interface Gs1Element {
  /** The application identifier as scanned, including its decimals digit ("3103"). */
  readonly ai: string;
  readonly name: Gs1AiName;
  readonly raw: string;
  readonly value: Gs1Value;
}

type AiFormat =
  | { readonly kind: 'digits'; readonly length: number; readonly checkDigit: boolean }
  | { readonly kind: 'text'; readonly max: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'count'; readonly max: number }
  /** N6 with the decimal count in the AI's last digit (310n, 320n). */
  | { readonly kind: 'measure'; readonly maxDecimals: number }
  /** N..15 with the decimal count in the AI's last digit (392n). */
  | { readonly kind: 'amount'; readonly maxDecimals: number }
  /** N3 ISO 4217 numeric currency + N..15 (393n). */
  | { readonly kind: 'amount-with-currency'; readonly maxDecimals: number };

interface AiDefinition {
  readonly name: Gs1AiName;
  readonly format: AiFormat;
  /** Whether the AI carries a decimals digit after its 3-digit stem. */
  readonly withDecimals: boolean;
}

const date: AiFormat = { kind: 'date' };

// Keyed by the digits that select the definition: 2 digits, or a 3-digit stem. GS1 AIs are
// prefix-free, so the first match is the only one.
const AIS: Readonly<Record<string, AiDefinition>> = {
  '00': { name: 'sscc', format: { kind: 'digits', length: 18, checkDigit: true }, withDecimals: false },
  '01': { name: 'gtin', format: { kind: 'digits', length: 14, checkDigit: true }, withDecimals: false },
  '02': { name: 'content-gtin', format: { kind: 'digits', length: 14, checkDigit: true }, withDecimals: false },
  '10': { name: 'batch', format: { kind: 'text', max: 20 }, withDecimals: false },
  '11': { name: 'production-date', format: date, withDecimals: false },
  '12': { name: 'due-date', format: date, withDecimals: false },
  '13': { name: 'packaging-date', format: date, withDecimals: false },
  '15': { name: 'best-before', format: date, withDecimals: false },
  '16': { name: 'sell-by', format: date, withDecimals: false },
  '17': { name: 'expiry', format: date, withDecimals: false },
  '20': { name: 'variant', format: { kind: 'digits', length: 2, checkDigit: false }, withDecimals: false },
  '21': { name: 'serial', format: { kind: 'text', max: 20 }, withDecimals: false },
  '30': { name: 'variable-count', format: { kind: 'count', max: 8 }, withDecimals: false },
  '37': { name: 'count', format: { kind: 'count', max: 8 }, withDecimals: false },
  '240': { name: 'additional-id', format: { kind: 'text', max: 30 }, withDecimals: false },
  '310': { name: 'net-weight-kg', format: { kind: 'measure', maxDecimals: 5 }, withDecimals: true },
  '320': { name: 'net-weight-lb', format: { kind: 'measure', maxDecimals: 5 }, withDecimals: true },
  '392': { name: 'price', format: { kind: 'amount', maxDecimals: 9 }, withDecimals: true },
  '393': { name: 'price-with-currency', format: { kind: 'amount-with-currency', maxDecimals: 9 }, withDecimals: true },
  '400': { name: 'order-number', format: { kind: 'text', max: 30 }, withDecimals: false },
};

// GS1 General Specifications figure 5.10.1-2: element strings whose AI starts with these two
// digits have a predefined length and need no FNC1 after them. All others end at FNC1 (GS).
const PREDEFINED_LENGTH = new Set([
  '00',
  '01',
  '02',
  '03',
  '04',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '20',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '41',
]);

function fixedLength(format: AiFormat): number | null {
  switch (format.kind) {
    case 'digits':
      return format.length;
    case 'date':
    case 'measure':
      return 6;
    default:
      return null;
  }
}

/** The AI at the start of `text`, or an error when the digits there name no AI this till knows. */
function aiAt(text: string): BarcodeResult<{ ai: string; definition: AiDefinition }> {
  for (const stem of [text.slice(0, 2), text.slice(0, 3)]) {
    if (!/^\d{2,3}$/.test(stem) || !Object.hasOwn(AIS, stem)) continue;
    const definition = AIS[stem]!;
    if (!definition.withDecimals) return barcodeOk({ ai: stem, definition });
    const n = text.charAt(3);
    if (n === '') return barcodeFail('barcode.gs1-truncated', `AI ${stem}n is cut off before its decimals digit`, { ai: stem });
    const format = definition.format;
    const maxDecimals = 'maxDecimals' in format ? format.maxDecimals : 0;
    if (!/^\d$/.test(n) || Number(n) > maxDecimals)
      return barcodeFail('barcode.gs1-unknown-ai', `AI ${stem}${n} is not defined`, { ai: stem + n });
    return barcodeOk({ ai: stem + n, definition });
  }
  const shown = text.slice(0, 4);
  if (/^\d{1,2}$/.test(text) && Object.keys(AIS).some((stem) => stem.startsWith(text))) {
    return barcodeFail('barcode.gs1-truncated', `the scan ends inside an application identifier ("${text}")`);
  }
  if (!/^\d{2}/.test(shown)) return barcodeFail('barcode.gs1-bad-value', `expected an application identifier, found "${shown}"`);
  return barcodeFail('barcode.gs1-unknown-ai', `application identifier at "${shown}" is not supported`, { ai: shown });
}

// GS1 character set 82 (General Specifications 7.11, figure 7.11-1).
const CSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

function daysInMonth(yy: number, mm: number): number {
  if (mm === 2) return yy % 4 === 0 ? 29 : 28; // YY resolves to 1951-2050: 2000 is a leap year
  return [4, 6, 9, 11].includes(mm) ? 30 : 31;
}

function valueOf(ai: string, definition: AiDefinition, raw: string): BarcodeResult<Gs1Value> {
  const format = definition.format;
  const bad = (why: string): BarcodeResult<Gs1Value> =>
    barcodeFail('barcode.gs1-bad-value', `AI ${ai} (${definition.name}): ${why}`, { ai, value: raw });
  const decimals = definition.withDecimals ? Number(ai.charAt(3)) : 0;
  switch (format.kind) {
    case 'digits': {
      if (raw.length !== format.length || !isDigits(raw)) return bad(`expected ${format.length} digits`);
      if (format.checkDigit && !hasValidCheckDigit(raw)) {
        return barcodeFail('barcode.bad-check-digit', `AI ${ai} (${definition.name}) ${raw} has a wrong check digit`, { ai, value: raw });
      }
      return barcodeOk({ type: 'digits', digits: raw });
    }
    case 'text':
      if (raw.length === 0 || raw.length > format.max) return bad(`expected 1 to ${format.max} characters, got ${raw.length}`);
      if (!CSET_82.test(raw)) return bad('contains characters GS1 does not allow');
      return barcodeOk({ type: 'text', text: raw });
    case 'date': {
      if (!/^\d{6}$/.test(raw)) return bad('expected a YYMMDD date');
      const yy = Number(raw.slice(0, 2));
      const mm = Number(raw.slice(2, 4));
      const dd = Number(raw.slice(4, 6));
      if (mm < 1 || mm > 12 || dd > daysInMonth(yy, mm)) {
        return barcodeFail('barcode.gs1-bad-date', `AI ${ai} (${definition.name}) ${raw} is not a valid date`, { ai, value: raw });
      }
      return barcodeOk({ type: 'date', date: { yy, mm, dd } });
    }
    case 'count':
      if (raw.length === 0 || raw.length > format.max || !isDigits(raw)) return bad(`expected 1 to ${format.max} digits`);
      return barcodeOk({ type: 'count', count: Number(raw) });
    case 'measure':
      if (!/^\d{6}$/.test(raw)) return bad('expected 6 digits');
      return barcodeOk({ type: 'decimal', decimal: { value: Number(raw), decimals } });
    case 'amount':
      if (!/^\d{1,15}$/.test(raw)) return bad('expected 1 to 15 digits');
      return barcodeOk({ type: 'decimal', decimal: { value: Number(raw), decimals } });
    case 'amount-with-currency':
      if (!/^\d{4,18}$/.test(raw)) return bad('expected a 3-digit currency and 1 to 15 digits');
      return barcodeOk({
        type: 'decimal-with-currency',
        currencyNumeric: raw.slice(0, 3),
        decimal: { value: Number(raw.slice(3)), decimals },
      });
  }
}

function sameValue(a: Gs1Element, b: Gs1Element): boolean {
  return a.raw === b.raw;
}

function addElement(elements: Gs1Element[], element: Gs1Element): BarcodeResult<null> {
  const earlier = elements.find((e) => e.ai === element.ai);
  if (earlier && !sameValue(earlier, element)) {
    return barcodeFail('barcode.gs1-duplicate-ai', `AI ${element.ai} appears twice with different values`, { ai: element.ai });
  }
  if (!earlier) elements.push(element);
  return barcodeOk(null);
}

/**
 * Parses a GS1 element string as scanners transmit it: AI and value pairs back to back, with
 * GS (0x1D) standing for FNC1 after each variable-length value. A leading GS (FNC1 in first
 * position, sent by some scanners) and a GS after a fixed-length value are tolerated.
 */
export function parseElementString(data: string): BarcodeResult<Gs1Element[]> {
  const elements: Gs1Element[] = [];
  let i = data.startsWith(GS) ? 1 : 0;
  if (i >= data.length) return barcodeFail('barcode.empty', 'the GS1 element string is empty');
  while (i < data.length) {
    if (data[i] === GS) return barcodeFail('barcode.gs1-bad-value', `empty field at position ${i}`, { position: i });
    const found = aiAt(data.slice(i));
    if (!found.ok) return found;
    const { ai, definition } = found.value;
    i += ai.length;
    const length = fixedLength(definition.format);
    let raw: string;
    if (length !== null && PREDEFINED_LENGTH.has(ai.slice(0, 2))) {
      raw = data.slice(i, i + length);
      if (raw.length < length || raw.includes(GS)) {
        return barcodeFail(
          'barcode.gs1-truncated',
          `AI ${ai} needs ${length} characters but the scan ends or breaks after ${raw.split(GS)[0]!.length}`,
          { ai },
        );
      }
      i += length;
      if (data[i] === GS) i++;
    } else {
      const end = data.indexOf(GS, i);
      raw = data.slice(i, end === -1 ? data.length : end);
      i = end === -1 ? data.length : end + 1;
      if (raw.length === 0) {
        return end === -1
          ? barcodeFail('barcode.gs1-truncated', `the scan ends after AI ${ai}`, { ai })
          : barcodeFail('barcode.gs1-bad-value', `AI ${ai} has an empty value`, { ai });
      }
    }
    const value = valueOf(ai, definition, raw);
    if (!value.ok) return value;
    const added = addElement(elements, { ai, name: definition.name, raw, value: value.value });
    if (!added.ok) return added;
  }
  return barcodeOk(elements);
}

const BRACKETED_AI = /\((\d{2,4})\)/g;

/**
 * Parses the human-readable form "(01)09501101530003(17)250630(10)AB-123". A value that itself
 * contains "(NN)" cannot be told apart from the next AI in this form; scanners never send it.
 */
export function parseBracketed(text: string): BarcodeResult<Gs1Element[]> {
  const marks = [...text.matchAll(BRACKETED_AI)];
  if (marks.length === 0 || marks[0]!.index !== 0)
    return barcodeFail('barcode.unknown-format', 'bracketed GS1 text must start with "(AI)"');
  const elements: Gs1Element[] = [];
  for (const [k, mark] of marks.entries()) {
    const ai = mark[1]!;
    const found = aiAt(ai);
    if (!found.ok)
      return found.error.code === 'barcode.gs1-truncated'
        ? barcodeFail('barcode.gs1-unknown-ai', `(${ai}) is not an application identifier`, { ai })
        : found;
    if (found.value.ai !== ai) return barcodeFail('barcode.gs1-unknown-ai', `(${ai}) is not an application identifier`, { ai });
    const definition = found.value.definition;
    const start = mark.index + mark[0].length;
    const end = k + 1 < marks.length ? marks[k + 1]!.index : text.length;
    const raw = text.slice(start, end);
    const length = fixedLength(definition.format);
    if (length !== null && raw.length !== length) {
      return barcodeFail(
        raw.length < length ? 'barcode.gs1-truncated' : 'barcode.gs1-bad-value',
        `AI ${ai} needs exactly ${length} characters, got ${raw.length}`,
        { ai, value: raw },
      );
    }
    const value = valueOf(ai, definition, raw);
    if (!value.ok) return value;
    const added = addElement(elements, { ai, name: definition.name, raw, value: value.value });
    if (!added.ok) return added;
  }
  return barcodeOk(elements);
}

/** Either form: bracketed when it starts with "(", otherwise GS-separated. */
export function parseGs1(text: string): BarcodeResult<Gs1Element[]> {
  return text.startsWith('(') ? parseBracketed(text) : parseElementString(text);
}

/** The fields a till acts on, pulled out of the elements. */
export interface Gs1Summary {
  readonly gtin14?: string;
  readonly contentGtin14?: string;
  readonly sscc?: string;
  readonly batch?: string;
  readonly serial?: string;
  readonly productionDate?: Gs1Date;
  readonly packagingDate?: Gs1Date;
  readonly bestBefore?: Gs1Date;
  readonly sellBy?: Gs1Date;
  readonly expiry?: Gs1Date;
  readonly count?: number;
  readonly netWeightKg?: ScaledDecimal;
  readonly netWeightLb?: ScaledDecimal;
  /** 392n: in the store's currency. 393n: with `currency` (alphabetic, when known) and `currencyNumeric`. */
  readonly price?: { readonly amount: ScaledDecimal; readonly currencyNumeric?: string; readonly currency?: string };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function summarizeGs1(elements: readonly Gs1Element[]): Gs1Summary {
  const out: Mutable<Gs1Summary> = {};
  for (const { name, value: v } of elements) {
    if (v.type === 'date') {
      if (name === 'production-date') out.productionDate = v.date;
      else if (name === 'packaging-date') out.packagingDate = v.date;
      else if (name === 'best-before') out.bestBefore = v.date;
      else if (name === 'sell-by') out.sellBy = v.date;
      else if (name === 'expiry') out.expiry = v.date;
    } else if (v.type === 'digits') {
      if (name === 'gtin') out.gtin14 = v.digits;
      else if (name === 'content-gtin') out.contentGtin14 = v.digits;
      else if (name === 'sscc') out.sscc = v.digits;
    } else if (v.type === 'text') {
      if (name === 'batch') out.batch = v.text;
      else if (name === 'serial') out.serial = v.text;
    } else if (v.type === 'count') {
      out.count = v.count;
    } else if (v.type === 'decimal') {
      if (name === 'net-weight-kg') out.netWeightKg = v.decimal;
      else if (name === 'net-weight-lb') out.netWeightLb = v.decimal;
      else if (name === 'price') out.price = { amount: v.decimal };
    } else {
      const currency = currencyByNumeric(v.currencyNumeric);
      out.price = { amount: v.decimal, currencyNumeric: v.currencyNumeric, ...(currency ? { currency } : {}) };
    }
  }
  return out;
}

/**
 * The calendar date a GS1 YYMMDD stands for, seen from `referenceYear` (normally this year):
 * GS1 7.12 puts YY within 49 years back and 50 years ahead. DD 00 means the month's last day.
 */
export function resolveGs1Date(d: Gs1Date, referenceYear: number): { year: number; month: number; day: number } {
  const century = Math.floor(referenceYear / 100) * 100;
  const diff = d.yy - (referenceYear % 100);
  const year = diff >= 51 ? century - 100 + d.yy : diff <= -50 ? century + 100 + d.yy : century + d.yy;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = d.mm === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(d.mm) ? 30 : 31;
  return { year, month: d.mm, day: d.dd === 0 ? last : d.dd };
}

/** ISO calendar date ("2025-06-30") of a GS1 date, for comparing with the business day. */
export function gs1DateToIso(d: Gs1Date, referenceYear: number): string {
  const r = resolveGs1Date(d, referenceYear);
  return `${String(r.year).padStart(4, '0')}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
}
