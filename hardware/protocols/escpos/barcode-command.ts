// GS k (barcodes): the symbologies the emulator accepts and the data each may carry, checked
// as strictly as the printer would (a wrong check digit, a CODE128 without a code set).
import { code128Symbol } from '../printout/barcode-bars.ts';
import { NEED_MORE, fault, hex, type CommandSpec } from './command-parse.ts';

const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/** EAN/UPC check digit: weights 3, 1, 3, 1... leftwards from the digit before the check digit. */
function checkDigitOk(data: Uint8Array): boolean {
  let sum = 0;
  const body = data.length - 1;
  for (let i = 0; i < body; i++) sum += (data[i]! - 0x30) * ((body - i) % 2 === 1 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === data[body]! - 0x30;
}

interface Symbology {
  name: string;
  /** Error message, or null when the data can print. */
  check: (data: Uint8Array) => string | null;
}

const numeric = (name: string, lengths: number[], checkDigitAt: number | null): Symbology => ({
  name,
  check: (d) => {
    if (!lengths.includes(d.length)) return `${name} data is ${d.length} bytes, allowed ${lengths.join(', ')}`;
    if (!d.every(isDigit)) return `${name} data must be digits`;
    if (checkDigitAt !== null && d.length === checkDigitAt && !checkDigitOk(d)) return `${name} check digit is wrong`;
    return null;
  },
});

const charset = (name: string, ok: (b: number) => boolean, min = 1): Symbology => ({
  name,
  check: (d) => {
    if (d.length < min) return `${name} needs at least ${min} data bytes`;
    const bad = d.find((b) => !ok(b));
    return bad === undefined ? null : `${name} cannot encode byte ${hex(bad)}`;
  },
});

const CODE39_CHARS = new Set([...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./'].map((c) => c.charCodeAt(0)));
const CODABAR_CHARS = new Set([...'0123456789ABCDabcd$+-./:'].map((c) => c.charCodeAt(0)));

/** CODE128 in GS k: a code set selector first, then characters of the selected set (see code128Symbol). */
const code128: Symbology = {
  name: 'CODE128',
  check: (d) =>
    code128Symbol(d) ? null : 'CODE128 data must start with {A, {B or {C and contain only characters of the selected code set',
};

const itf: Symbology = {
  name: 'ITF',
  check: (d) => (d.length < 2 || d.length % 2 !== 0 || !d.every(isDigit) ? 'ITF data must be an even number of digits' : null),
};

const ascii = (name: string): Symbology => charset(name, (b) => b <= 0x7f);

/** GS k m: function A (m 0-6, NUL-terminated) and function B (m 65-78, length-prefixed). */
const SYMBOLOGIES = new Map<number, Symbology>([
  [65, numeric('UPC-A', [11, 12], 12)],
  [66, numeric('UPC-E', [6, 7, 8, 11, 12], null)],
  [67, numeric('EAN13', [12, 13], 13)],
  [68, numeric('EAN8', [7, 8], 8)],
  [69, charset('CODE39', (b) => CODE39_CHARS.has(b))],
  [70, itf],
  [71, charset('CODABAR', (b) => CODABAR_CHARS.has(b), 2)],
  [72, ascii('CODE93')],
  [73, code128],
  [74, ascii('GS1-128')],
  [75, numeric('GS1 DataBar Omnidirectional', [13], null)],
  [76, numeric('GS1 DataBar Truncated', [13], null)],
  [77, numeric('GS1 DataBar Limited', [13], null)],
  [78, ascii('GS1 DataBar Expanded')],
]);

export function barcodeSymbologyName(m: number): string | undefined {
  return SYMBOLOGIES.get(m < 7 ? m + 65 : m)?.name;
}

export const barcodeSpec: CommandSpec = {
  name: 'GS k',
  parse: (view, start) => {
    const m = view.byte(start);
    if (m === undefined) return NEED_MORE;
    const symbology = SYMBOLOGIES.get(m <= 6 ? m + 65 : m);
    if (!symbology || (m > 6 && m < 65)) return fault('escpos.bad-parameter', `GS k: barcode system m is ${m}, allowed 0-6, 65-78`);
    let data: Uint8Array;
    let params: number[];
    let length: number;
    if (m <= 6) {
      // Function A: data up to a NUL; 255 bytes at most.
      let end = start + 1;
      for (let k = 0; ; k++, end++) {
        const b = view.byte(end);
        if (b === undefined) return NEED_MORE;
        if (b === 0) break;
        if (k === 255) return fault('escpos.bad-parameter', `GS k ${symbology.name}: no NUL terminator within 255 data bytes`);
      }
      data = view.slice(start + 1, end);
      params = [m];
      length = end + 1;
    } else {
      const n = view.byte(start + 1);
      if (n === undefined) return NEED_MORE;
      if (n === 0) return fault('escpos.bad-parameter', `GS k ${symbology.name}: data length n is 0`);
      if (view.byte(start + 1 + n) === undefined) return NEED_MORE;
      data = view.slice(start + 2, start + 2 + n);
      params = [m, n];
      length = start + 2 + n;
    }
    const problem = symbology.check(data);
    if (problem) return fault('escpos.bad-barcode-data', `GS k: ${problem}`);
    return { type: 'done', length, params, data };
  },
};
