// The bar patterns of the symbologies receipts carry (Code 128, EAN-13, and Code 39 on the
// Taiwan e-invoice), as strings of modules ('1' bar, '0' space). One table for the screen preview and the printer emulator, so
// both draw the symbol the printer prints. Lives in core/shared because the renderer uses it too.

/** Code 128 symbol values 0-106 as bar/space widths, bar first (each 11 modules; stop 13). */
export const CODE128_WIDTHS: readonly string[] = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
];

/** Bar/space widths ('212222') as modules ('11011001100'). */
export function widthsToModules(widths: string): string {
  let out = '';
  for (let i = 0; i < widths.length; i++) out += (i % 2 === 0 ? '1' : '0').repeat(Number(widths[i]));
  return out;
}

/** Modules for Code 128 symbol values (start, data, check and stop included by the caller). */
export function code128ValueModules(values: readonly number[]): string {
  return values.map((v) => widthsToModules(CODE128_WIDTHS[v]!)).join('');
}

/** EAN-13 left-hand odd (L) patterns per digit; G is L reversed and inverted, R is L inverted. */
const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
/** Which of the six left digits use G, by the first (implied) digit. */
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

const invert = (bits: string): string => [...bits].map((b) => (b === '1' ? '0' : '1')).join('');

/** 95 modules for 13 digits (the check digit is not verified here). */
export function ean13DigitModules(digits: string): string {
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

/**
 * Code 39: each character is 5 bars and 4 spaces, 3 of them wide ('w'), bar first. Data is
 * framed by the start/stop character '*', and characters are separated by one narrow space.
 */
const CODE39_PATTERNS: Readonly<Record<string, string>> = {
  '0': 'nnnwwnwnn',
  '1': 'wnnwnnnnw',
  '2': 'nnwwnnnnw',
  '3': 'wnwwnnnnn',
  '4': 'nnnwwnnnw',
  '5': 'wnnwwnnnn',
  '6': 'nnwwwnnnn',
  '7': 'nnnwnnwnw',
  '8': 'wnnwnnwnn',
  '9': 'nnwwnnwnn',
  A: 'wnnnnwnnw',
  B: 'nnwnnwnnw',
  C: 'wnwnnwnnn',
  D: 'nnnnwwnnw',
  E: 'wnnnwwnnn',
  F: 'nnwnwwnnn',
  G: 'nnnnnwwnw',
  H: 'wnnnnwwnn',
  I: 'nnwnnwwnn',
  J: 'nnnnwwwnn',
  K: 'wnnnnnnww',
  L: 'nnwnnnnww',
  M: 'wnwnnnnwn',
  N: 'nnnnwnnww',
  O: 'wnnnwnnwn',
  P: 'nnwnwnnwn',
  Q: 'nnnnnnwww',
  R: 'wnnnnnwwn',
  S: 'nnwnnnwwn',
  T: 'nnnnwnwwn',
  U: 'wwnnnnnnw',
  V: 'nwwnnnnnw',
  W: 'wwwnnnnnn',
  X: 'nwnnwnnnw',
  Y: 'wwnnwnnnn',
  Z: 'nwwnwnnnn',
  '-': 'nwnnnnwnw',
  '.': 'wwnnnnwnn',
  ' ': 'nwwnnnwnn',
  $: 'nwnwnwnnn',
  '/': 'nwnwnnnwn',
  '+': 'nwnnnwnwn',
  '%': 'nnnwnwnwn',
  '*': 'nwnnwnwnn',
};

/** Modules of a Code 39 symbol for `data` (without the '*' frame), wide elements 3 modules; null when a character has no pattern. */
export function code39Modules(data: string): string | null {
  const parts: string[] = [];
  for (const ch of `*${data}*`) {
    const pattern = CODE39_PATTERNS[ch];
    if (pattern === undefined || (ch === '*' && parts.length > 0 && parts.length <= data.length)) return null;
    parts.push([...pattern].map((e, i) => (i % 2 === 0 ? '1' : '0').repeat(e === 'w' ? 3 : 1)).join(''));
  }
  return parts.join('0');
}
