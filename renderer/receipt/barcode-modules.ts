// Bars for the receipt preview's barcodes, as a string of modules ('1' bar, '0' space), so
// the preview shows the symbol the printer prints. Code 128 (subsets B and C) and EAN-13.

/** Code 128 symbol values 0-106 as bar/space widths (each adds up to 11 modules; stop has 13). */
const CODE128 = [
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
] as const;

export const CODE128_START_B = 104;
export const CODE128_START_C = 105;
export const CODE128_STOP = 106;

export function widthsToModules(widths: string): string {
  let out = '';
  [...widths].forEach((w, i) => {
    out += (i % 2 === 0 ? '1' : '0').repeat(Number(w));
  });
  return out;
}

/** The symbol values of a Code 128 barcode: start, data, checksum, stop. Null for data it cannot carry. */
export function code128Values(data: string): number[] | null {
  if (data.length === 0) return null;
  const values: number[] = [];
  if (/^(\d\d)+$/.test(data)) {
    values.push(CODE128_START_C);
    for (let i = 0; i < data.length; i += 2) values.push(Number(data.slice(i, i + 2)));
  } else {
    values.push(CODE128_START_B);
    for (const ch of data) {
      const c = ch.charCodeAt(0);
      if (ch.length !== 1 || c < 32 || c > 127) return null;
      values.push(c - 32);
    }
  }
  const checksum = values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
  values.push(checksum, CODE128_STOP);
  return values;
}

export function code128Modules(data: string): string | null {
  const values = code128Values(data);
  return values ? values.map((v) => widthsToModules(CODE128[v]!)).join('') : null;
}

const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

const invert = (m: string) => [...m].map((b) => (b === '1' ? '0' : '1')).join('');

export function ean13CheckDigit(first12: string): number {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

/** 95 modules of an EAN-13 symbol; null unless `data` is 12 or 13 digits with a right check digit. */
export function ean13Modules(data: string): string | null {
  if (!/^\d{12,13}$/.test(data)) return null;
  const check = ean13CheckDigit(data.slice(0, 12));
  if (data.length === 13 && Number(data[12]) !== check) return null;
  const digits = (data.slice(0, 12) + String(check)).split('').map(Number);
  const parity = EAN_PARITY[digits[0]!]!;
  let out = '101';
  for (let i = 1; i <= 6; i++) {
    const l = EAN_L[digits[i]!]!;
    out += parity[i - 1] === 'L' ? l : [...invert(l)].reverse().join('');
  }
  out += '01010';
  for (let i = 7; i <= 12; i++) out += invert(EAN_L[digits[i]!]!);
  return out + '101';
}

export function barcodeModules(symbology: 'CODE128' | 'EAN13', data: string): string | null {
  return symbology === 'EAN13' ? ean13Modules(data) : code128Modules(data);
}

/** Code 128 widths table, for tests. */
export const CODE128_WIDTHS: readonly string[] = CODE128;
