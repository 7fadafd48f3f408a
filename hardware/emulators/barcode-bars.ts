// Bar patterns for the barcodes the emulator draws as real, scannable bars: EAN-13 and
// CODE128 (as sent with GS k, including {A {B {C code set selectors). Other symbologies are
// drawn as a labelled placeholder.

/** EAN-13 left-hand odd (L) patterns per digit; G is L reversed and inverted, R is L inverted. */
const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
/** Which of the six left digits use G, by the first (implied) digit. */
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

const invert = (bits: string): string => [...bits].map((b) => (b === '1' ? '0' : '1')).join('');

/** 95 modules ('1' = bar) for 13 digits. */
export function ean13Modules(digits: string): string {
  if (!/^\d{13}$/.test(digits)) throw new Error('EAN-13 bars need 13 digits');
  const parity = EAN_PARITY[Number(digits[0])]!;
  let out = '101';
  for (let i = 1; i <= 6; i++) {
    const l = EAN_L[Number(digits[i])]!;
    out += parity[i - 1] === 'L' ? l : [...invert(l)].reverse().join('');
  }
  out += '01010';
  for (let i = 7; i <= 12; i++) out += invert(EAN_L[Number(digits[i])]!);
  return out + '101';
}

/** CODE128 symbol values 0-106 as bar/space widths (bar first). 106 is the stop pattern. */
const CODE128_WIDTHS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export interface Code128Symbol {
  /** Symbol values: start code, data, check value, stop (106). */
  values: number[];
  /** Human-readable text: the data characters, code set C pairs as two digits, no functions. */
  text: string;
}

/**
 * Decodes ESC/POS CODE128 data: "{A", "{B", "{C" select a code set (the first one is the
 * start code), "{S" shifts one character to the other of A/B, "{1".."{4" are FNC1-FNC4, "{{"
 * is '{'. In code set C each byte is a value 0-99. Null when the data cannot be encoded.
 */
export function code128Symbol(data: Uint8Array): Code128Symbol | null {
  const START: Record<string, number> = { A: 103, B: 104, C: 105 };
  if (data[0] !== 0x7b) return null;
  let set = String.fromCharCode(data[1] ?? 0);
  const start = START[set];
  if (start === undefined) return null;
  const values = [start];
  let text = '';
  let shift = false;
  const addChar = (b: number): boolean => {
    const inSet = shift ? (set === 'A' ? 'B' : 'A') : set;
    shift = false;
    if (inSet === 'C') {
      if (b > 99) return false;
      values.push(b);
      text += String(b).padStart(2, '0');
      return true;
    }
    const v = inSet === 'A' ? (b < 0x20 ? b + 64 : b < 0x60 ? b - 32 : -1) : b >= 0x20 && b < 0x80 ? b - 32 : -1;
    if (v < 0) return false;
    values.push(v);
    if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
    return true;
  };
  for (let i = 2; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0x7b) {
      if (!addChar(b)) return null;
      continue;
    }
    const f = String.fromCharCode(data[++i] ?? 0);
    if (f === '{') {
      if (!addChar(0x7b)) return null;
    } else if (f === 'A' || f === 'B' || f === 'C') {
      if (f !== set) values.push(f === 'A' ? 101 : f === 'B' ? 100 : 99);
      set = f;
    } else if (f === 'S' && set !== 'C') {
      values.push(98);
      shift = true;
    } else if (f === '1') {
      values.push(102);
    } else if ((f === '2' || f === '3' || f === '4') && set !== 'C') {
      values.push(f === '2' ? 97 : f === '3' ? 96 : set === 'A' ? 101 : 100);
    } else {
      return null;
    }
  }
  let sum = values[0]!;
  for (let i = 1; i < values.length; i++) sum += values[i]! * i;
  values.push(sum % 103, 106);
  return { values, text };
}

/** Modules ('1' = bar) for CODE128 symbol values, including check and stop. */
export function code128Modules(values: readonly number[]): string {
  let out = '';
  for (const v of values) {
    const widths = CODE128_WIDTHS[v]!;
    for (let i = 0; i < widths.length; i++) out += (i % 2 === 0 ? '1' : '0').repeat(Number(widths[i]));
  }
  return out;
}
