// Strict streaming tokenizer for the ESC/POS byte stream the printer emulator receives.
//
// It exists to catch our own bugs, so it is stricter than a printer: a byte that is not a
// command it knows, a parameter outside the documented range, a malformed double-byte
// character, all stop the stream with a fault token naming the byte offset. Nothing is
// skipped. Input may arrive split at any byte (TCP, serial): tokens never depend on where the
// chunks end, because an incomplete command or character waits for its remaining bytes, and a
// run of text is emitted only when something that is not text follows it (or at end()).
import type { KanjiEncoding } from './cjk.ts';
import { code128Symbol } from '../printout/barcode-bars.ts';

export type EscPosCommandName =
  | 'LF' | 'CR' | 'HT'
  | 'ESC @' | 'ESC !' | 'ESC E' | 'ESC G' | 'ESC a' | 'ESC d' | 'ESC J' | 'ESC t' | 'ESC p' | 'ESC -' | 'ESC M' | 'ESC R'
  | 'ESC 2' | 'ESC 3' | 'ESC SP' | 'ESC $' | 'ESC {' | 'ESC V' | 'ESC =' | 'ESC c 3' | 'ESC c 4' | 'ESC c 5'
  | 'GS !' | 'GS V' | 'GS B' | 'GS H' | 'GS h' | 'GS w' | 'GS f' | 'GS k' | 'GS ( k' | 'GS v 0' | 'GS a' | 'GS r' | 'GS L' | 'GS W' | 'GS b'
  | 'DLE EOT' | 'DLE DC4'
  | 'FS &' | 'FS .' | 'FS !' | 'FS C' | 'FS S' | 'FS -' | 'FS W' | 'FS p';

export interface TextToken {
  kind: 'text';
  /** Byte offset of the first byte of the run in the whole stream. */
  offset: number;
  /** Raw bytes: single-byte code page text, or (kanji) whole double-byte characters mixed with ASCII. */
  bytes: Uint8Array;
  /** Received in Kanji mode (FS &): decode with the printer's double-byte encoding. */
  kanji: boolean;
}

export interface CommandToken {
  kind: 'command';
  name: EscPosCommandName;
  offset: number;
  length: number;
  /**
   * Parameter bytes after the command prefix. GS k: [m] or [m, n]; GS ( k: [cn, fn, ...];
   * GS v 0: [m, xL, xH, yL, yH]; GS V: [m] or [m, n].
   */
  params: number[];
  /** Payload of GS k (barcode data), GS ( k fn 80 (QR data) and GS v 0 (raster rows). */
  data: Uint8Array | null;
}

export type EscPosFaultCode =
  | 'escpos.unknown-command'
  | 'escpos.unsupported-command'
  | 'escpos.bad-parameter'
  | 'escpos.bad-barcode-data'
  | 'escpos.bad-kanji-sequence'
  | 'escpos.code-page-in-kanji-mode'
  | 'escpos.truncated';

/** Faults of the Star Line Mode tokenizer (star-line-tokenizer.ts), which shares the fault token. */
export type StarLineFaultCode = 'star.unknown-command' | 'star.bad-parameter' | 'star.bad-barcode-data';

export interface FaultToken {
  kind: 'fault';
  code: EscPosFaultCode | StarLineFaultCode;
  /** Byte offset where the offending command (or character) starts. */
  offset: number;
  message: string;
}

export type EscPosToken = TextToken | CommandToken | FaultToken;

export interface TokenizerOptions {
  /** Encoding of the printer's Kanji font (the model's configuration). */
  kanjiEncoding: KanjiEncoding;
  /** Some Chinese models power up (and reset on ESC @) in Kanji mode. Default false. */
  kanjiModeAtStart?: boolean;
}

export class EscPosSyntaxError extends Error {
  readonly code: FaultToken['code'];
  readonly offset: number;

  constructor(fault: FaultToken) {
    super(`${fault.message} (at byte ${fault.offset})`);
    this.name = 'EscPosSyntaxError';
    this.code = fault.code;
    this.offset = fault.offset;
  }
}

// ---------------------------------------------------------------- parameter rules

interface Rule {
  ok: (n: number) => boolean;
  text: string;
}

const ANY: Rule = { ok: () => true, text: '0-255' };

function values(...spec: Array<number | [number, number]>): Rule {
  const ranges = spec.map((s) => (typeof s === 'number' ? [s, s] : s));
  return {
    ok: (n) => ranges.some(([lo, hi]) => n >= lo! && n <= hi!),
    text: ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', '),
  };
}

const ZERO_TO_TWO = values([0, 2], [48, 50]);
/** ESC t: the code pages in Epson's character code tables. */
const CODE_PAGES = values([0, 8], [11, 26], [30, 53], 254, 255);

// ---------------------------------------------------------------- command table

/** Bytes available to a parser, relative to the start of the command. */
interface View {
  byte(i: number): number | undefined;
  slice(from: number, to: number): Uint8Array;
}

type ParseResult =
  | { type: 'need-more' }
  | { type: 'done'; length: number; params: number[]; data: Uint8Array | null }
  | { type: 'fault'; code: EscPosFaultCode; message: string };

const NEED_MORE: ParseResult = { type: 'need-more' };
const fault = (code: EscPosFaultCode, message: string): ParseResult => ({ type: 'fault', code, message });
const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

const C0_NAMES = ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'];

interface CommandSpec {
  name: EscPosCommandName;
  /** Parses what follows the prefix, starting at view index `start`. */
  parse: (view: View, start: number) => ParseResult;
}

/** A command with a fixed number of one-byte parameters, each checked as soon as it arrives. */
function fixed(name: EscPosCommandName, ...rules: Rule[]): CommandSpec {
  return {
    name,
    parse: (view, start) => {
      const params: number[] = [];
      for (let i = 0; i < rules.length; i++) {
        const b = view.byte(start + i);
        if (b === undefined) return NEED_MORE;
        const rule = rules[i]!;
        if (!rule.ok(b)) return fault('escpos.bad-parameter', `${name}: parameter ${i + 1} is ${b}, allowed ${rule.text}`);
        params.push(b);
      }
      return { type: 'done', length: start + rules.length, params, data: null };
    },
  };
}

/** GS V m | GS V m n: 0/48 full cut, 1/49 partial cut, 65/66 feed n then cut. */
const cutSpec: CommandSpec = {
  name: 'GS V',
  parse: (view, start) => {
    const m = view.byte(start);
    if (m === undefined) return NEED_MORE;
    if ([0, 1, 48, 49].includes(m)) return { type: 'done', length: start + 1, params: [m], data: null };
    if (m !== 65 && m !== 66) return fault('escpos.bad-parameter', `GS V: cut mode is ${m}, allowed 0, 1, 48, 49, 65, 66`);
    const n = view.byte(start + 1);
    if (n === undefined) return NEED_MORE;
    return { type: 'done', length: start + 2, params: [m, n], data: null };
  },
};

// ------------------------------------------------ barcodes (GS k)

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
  check: (d) => (code128Symbol(d) ? null : 'CODE128 data must start with {A, {B or {C and contain only characters of the selected code set'),
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

const barcodeSpec: CommandSpec = {
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

// ------------------------------------------------ QR code (GS ( k, cn = 49)

/** fn -> [exact parameter byte count after cn fn (null = variable), rules for those bytes]. */
const QR_FUNCTIONS = new Map<number, { count: number | null; rules: Rule[]; what: string }>([
  [65, { count: 2, rules: [values(49, 50), values(0)], what: 'select model' }],
  [67, { count: 1, rules: [values([1, 16])], what: 'module size' }],
  [69, { count: 1, rules: [values([48, 51])], what: 'error correction level' }],
  [80, { count: null, rules: [values(48)], what: 'store data' }],
  [81, { count: 1, rules: [values(48)], what: 'print symbol' }],
  [82, { count: 1, rules: [values(48)], what: 'transmit size' }],
]);

/** QR store: 1-7089 data bytes. */
const QR_MAX_DATA = 7089;

const twoDimensionalSpec: CommandSpec = {
  name: 'GS ( k',
  parse: (view, start) => {
    const pL = view.byte(start);
    const pH = view.byte(start + 1);
    if (pL === undefined || pH === undefined) return NEED_MORE;
    const p = pL + pH * 256;
    if (p < 3) return fault('escpos.bad-parameter', `GS ( k: parameter length ${p} is too short`);
    const cn = view.byte(start + 2);
    if (cn === undefined) return NEED_MORE;
    if (cn !== 49) return fault('escpos.unsupported-command', `GS ( k: symbol type cn = ${cn} is not emulated (only QR code, cn = 49)`);
    const fn = view.byte(start + 3);
    if (fn === undefined) return NEED_MORE;
    const spec = QR_FUNCTIONS.get(fn);
    if (!spec) return fault('escpos.bad-parameter', `GS ( k QR: function fn = ${fn}, allowed 65, 67, 69, 80, 81, 82`);
    const paramCount = p - 2;
    if (spec.count !== null && paramCount !== spec.count) {
      return fault('escpos.bad-parameter', `GS ( k QR ${spec.what}: parameter length is ${p}, must be ${spec.count + 2}`);
    }
    if (spec.count === null && (paramCount - 1 < 1 || paramCount - 1 > QR_MAX_DATA)) {
      return fault('escpos.bad-parameter', `GS ( k QR ${spec.what}: ${paramCount - 1} data bytes, allowed 1-${QR_MAX_DATA}`);
    }
    const params = [cn, fn];
    for (let i = 0; i < spec.rules.length; i++) {
      const b = view.byte(start + 4 + i);
      if (b === undefined) return NEED_MORE;
      const rule = spec.rules[i]!;
      if (!rule.ok(b)) return fault('escpos.bad-parameter', `GS ( k QR ${spec.what}: parameter ${i + 1} is ${b}, allowed ${rule.text}`);
      params.push(b);
    }
    const end = start + 2 + p;
    if (view.byte(end - 1) === undefined) return NEED_MORE;
    const data = spec.count === null ? view.slice(start + 5, end) : null;
    return { type: 'done', length: end, params, data };
  },
};

// ------------------------------------------------ raster image (GS v 0)

const MAX_RASTER_X_BYTES = 128;
const MAX_RASTER_Y = 2303;

const rasterSpec: CommandSpec = {
  name: 'GS v 0',
  parse: (view, start) => {
    const header: number[] = [];
    for (let i = 0; i < 5; i++) {
      const b = view.byte(start + i);
      if (b === undefined) return NEED_MORE;
      header.push(b);
    }
    const [m, xL, xH, yL, yH] = header as [number, number, number, number, number];
    if (!values([0, 3], [48, 51]).ok(m)) return fault('escpos.bad-parameter', `GS v 0: mode m is ${m}, allowed 0-3, 48-51`);
    const x = xL + xH * 256;
    const y = yL + yH * 256;
    if (x < 1 || x > MAX_RASTER_X_BYTES) return fault('escpos.bad-parameter', `GS v 0: width is ${x} bytes, allowed 1-${MAX_RASTER_X_BYTES}`);
    if (y < 1 || y > MAX_RASTER_Y) return fault('escpos.bad-parameter', `GS v 0: height is ${y} dots, allowed 1-${MAX_RASTER_Y}`);
    const end = start + 5 + x * y;
    if (view.byte(end - 1) === undefined) return NEED_MORE;
    return { type: 'done', length: end, params: header, data: view.slice(start + 5, end) };
  },
};

/** DLE DC4 1 m t: pin m (0 or 1), pulse t x 100 ms (1-8). */
const realtimePulseParams = fixed('DLE DC4', values(1), values(0, 1), values([1, 8]));

/** DLE DC4 fn m t: only fn = 1 (real-time drawer pulse) is emulated. */
const realtimePulseSpec: CommandSpec = {
  name: 'DLE DC4',
  parse: (view, start) => {
    const fn = view.byte(start);
    if (fn === undefined) return NEED_MORE;
    if (fn !== 1) return fault('escpos.unsupported-command', `DLE DC4: function fn = ${fn} is not emulated (only 1, drawer pulse)`);
    return realtimePulseParams.parse(view, start);
  },
};

/** Prefix trie: each node has children by next byte and possibly a command that ends there. */
interface Node {
  label: string;
  children: Map<number, Node>;
  spec?: CommandSpec;
}

function buildTable(): Node {
  const root: Node = { label: '', children: new Map() };
  const add = (prefix: readonly number[], spec: CommandSpec): void => {
    let node = root;
    for (const b of prefix) {
      let child = node.children.get(b);
      if (!child) {
        const name = b < 0x20 ? C0_NAMES[b]! : b === 0x20 ? 'SP' : String.fromCharCode(b);
        child = { label: node === root ? name : `${node.label} ${name}`, children: new Map() };
        node.children.set(b, child);
      }
      node = child;
    }
    node.spec = spec;
  };
  const ESC = 0x1b, GS = 0x1d, FS = 0x1c, DLE = 0x10;
  const c = (s: string): number => s.charCodeAt(0);
  add([0x0a], fixed('LF'));
  add([0x0d], fixed('CR'));
  add([0x09], fixed('HT'));
  add([ESC, c('@')], fixed('ESC @'));
  add([ESC, c('!')], fixed('ESC !', ANY));
  add([ESC, c('E')], fixed('ESC E', ANY));
  add([ESC, c('G')], fixed('ESC G', ANY));
  add([ESC, c('a')], fixed('ESC a', ZERO_TO_TWO));
  add([ESC, c('d')], fixed('ESC d', ANY));
  add([ESC, c('J')], fixed('ESC J', ANY));
  add([ESC, c('t')], fixed('ESC t', CODE_PAGES));
  add([ESC, c('p')], fixed('ESC p', values(0, 1, 48, 49), ANY, ANY));
  add([ESC, c('-')], fixed('ESC -', ZERO_TO_TWO));
  add([ESC, c('M')], fixed('ESC M', ZERO_TO_TWO));
  add([ESC, c('R')], fixed('ESC R', values([0, 17], [66, 75], 82)));
  add([ESC, c('2')], fixed('ESC 2'));
  add([ESC, c('3')], fixed('ESC 3', ANY));
  add([ESC, c(' ')], fixed('ESC SP', ANY));
  add([ESC, c('$')], fixed('ESC $', ANY, ANY));
  add([ESC, c('{')], fixed('ESC {', ANY));
  add([ESC, c('V')], fixed('ESC V', ZERO_TO_TWO));
  add([ESC, c('=')], fixed('ESC =', ANY));
  add([ESC, c('c'), c('3')], fixed('ESC c 3', ANY));
  add([ESC, c('c'), c('4')], fixed('ESC c 4', ANY));
  add([ESC, c('c'), c('5')], fixed('ESC c 5', ANY));
  add([GS, c('!')], fixed('GS !', { ok: (n) => (n & 0x88) === 0, text: 'width and height 0-7 each (bits 3 and 7 clear)' }));
  add([GS, c('V')], cutSpec);
  add([GS, c('B')], fixed('GS B', ANY));
  add([GS, c('H')], fixed('GS H', values([0, 3], [48, 51])));
  add([GS, c('h')], fixed('GS h', values([1, 255])));
  add([GS, c('w')], fixed('GS w', values([1, 6], [68, 76])));
  add([GS, c('f')], fixed('GS f', values([0, 4], [48, 52], 97, 98)));
  add([GS, c('k')], barcodeSpec);
  add([GS, c('('), c('k')], twoDimensionalSpec);
  add([GS, c('v'), c('0')], rasterSpec);
  add([GS, c('a')], fixed('GS a', ANY));
  add([GS, c('r')], fixed('GS r', values(1, 2, 4, 49, 50, 52)));
  add([GS, c('L')], fixed('GS L', ANY, ANY));
  add([GS, c('W')], fixed('GS W', ANY, ANY));
  add([GS, c('b')], fixed('GS b', ANY));
  add([DLE, 0x04], fixed('DLE EOT', values([1, 4])));
  add([DLE, 0x14], realtimePulseSpec);
  add([FS, c('&')], fixed('FS &'));
  add([FS, c('.')], fixed('FS .'));
  add([FS, c('!')], fixed('FS !', ANY));
  add([FS, c('C')], fixed('FS C', values(0, 1, 2, 48, 49, 50)));
  add([FS, c('S')], fixed('FS S', ANY, ANY));
  add([FS, c('-')], fixed('FS -', ZERO_TO_TWO));
  add([FS, c('W')], fixed('FS W', ANY));
  add([FS, c('p')], fixed('FS p', values([1, 255]), values([0, 3], [48, 51])));
  return root;
}

const TABLE = buildTable();

function describeByte(b: number): string {
  if (b < 0x20) return `${hex(b)} (${C0_NAMES[b]})`;
  if (b < 0x7f) return `${hex(b)} '${String.fromCharCode(b)}'`;
  return hex(b);
}

// ------------------------------------------------ double-byte characters

/** Length of the character whose lead byte is at `i`: 1, 2 or 4; null if more bytes are needed; a string is a fault. */
type CharLength = number | null | string;

function kanjiCharLength(encoding: KanjiEncoding, view: View, i: number): CharLength {
  const lead = view.byte(i)!;
  if (lead < 0x80) return 1;
  const inR = (b: number, lo: number, hi: number): boolean => b >= lo && b <= hi;
  const second = view.byte(i + 1);
  switch (encoding) {
    case 'gb18030': {
      if (!inR(lead, 0x81, 0xfe)) return `byte ${hex(lead)} cannot start a GB18030 character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0x80, 0xfe)) return 2;
      if (!inR(second, 0x30, 0x39)) return `GB18030 lead byte ${hex(lead)} followed by ${describeByte(second)}`;
      const third = view.byte(i + 2);
      if (third === undefined) return null;
      if (!inR(third, 0x81, 0xfe)) return `GB18030 four-byte character broken at its third byte ${describeByte(third)}`;
      const fourth = view.byte(i + 3);
      if (fourth === undefined) return null;
      if (!inR(fourth, 0x30, 0x39)) return `GB18030 four-byte character broken at its fourth byte ${describeByte(fourth)}`;
      return 4;
    }
    case 'big5': {
      if (!inR(lead, 0xa1, 0xf9)) return `byte ${hex(lead)} cannot start a Big5 character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0xa1, 0xfe)) return 2;
      return `Big5 lead byte ${hex(lead)} followed by ${describeByte(second)}`;
    }
    case 'shift_jis': {
      if (!inR(lead, 0x81, 0x9f) && !inR(lead, 0xe0, 0xfc)) return `byte ${hex(lead)} cannot start a Shift_JIS character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0x80, 0xfc)) return 2;
      return `Shift_JIS lead byte ${hex(lead)} followed by ${describeByte(second)}`;
    }
  }
}

// ------------------------------------------------ the tokenizer

/** Received bytes not yet consumed; grows by doubling so streaming a large image stays linear. */
class ByteQueue {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const needed = this.length + chunk.length;
      const target = needed > this.buf.length / 2 ? new Uint8Array(Math.max(this.buf.length * 2, needed)) : this.buf;
      target.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = target;
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  view(from: number): View {
    const base = this.start + from;
    const end = this.end;
    const buf = this.buf;
    return {
      byte: (i) => (base + i < end ? buf[base + i] : undefined),
      slice: (a, b) => buf.slice(base + a, base + b),
    };
  }
}

type CommandParse =
  | { type: 'need-more' }
  | { type: 'fault'; code: EscPosFaultCode; message: string }
  | { type: 'token'; token: CommandToken };

export class EscPosTokenizer {
  private readonly encoding: KanjiEncoding;
  private readonly kanjiAtStart: boolean;
  private readonly queue = new ByteQueue();
  /** Absolute stream offset of the first byte in the queue. */
  private offset = 0;
  private kanji: boolean;
  private text: { offset: number; parts: Uint8Array[]; length: number; kanji: boolean } | null = null;
  private stopped: FaultToken | null = null;
  private ended = false;

  constructor(options: TokenizerOptions) {
    this.encoding = options.kanjiEncoding;
    this.kanjiAtStart = options.kanjiModeAtStart ?? false;
    this.kanji = this.kanjiAtStart;
  }

  /** The fault that stopped the stream, if any. After a fault every later byte is ignored. */
  get fault(): FaultToken | null {
    return this.stopped;
  }

  /** Feeds the next chunk; returns the tokens it completes. */
  push(chunk: Uint8Array): EscPosToken[] {
    const out: EscPosToken[] = [];
    if (this.stopped || this.ended) return out;
    this.queue.append(chunk);
    this.drain(out);
    return out;
  }

  /** The stream is over (connection closed): flushes text and reports a command cut short. */
  end(): EscPosToken[] {
    const out: EscPosToken[] = [];
    if (this.stopped || this.ended) return out;
    this.ended = true;
    this.flushText(out);
    if (this.queue.length > 0) {
      const first = this.queue.view(0).byte(0)!;
      const what = first >= 0x80 ? `a ${this.encoding} character` : `command ${describeByte(first)}`;
      this.fail(out, 'escpos.truncated', `stream ended inside ${what} (${this.queue.length} bytes pending)`, this.offset);
    }
    return out;
  }

  private drain(out: EscPosToken[]): void {
    for (;;) {
      const view = this.queue.view(0);
      const first = view.byte(0);
      if (first === undefined) return;
      if (first >= 0x20) {
        if (!this.takeText(out, view)) return;
        continue;
      }
      const parsed = this.parseCommand(view);
      if (parsed.type === 'need-more') return;
      this.flushText(out);
      if (parsed.type === 'fault') {
        this.fail(out, parsed.code, parsed.message, this.offset);
        return;
      }
      out.push(parsed.token);
      this.queue.consume(parsed.token.length);
      this.offset += parsed.token.length;
    }
  }

  /** Consumes text bytes at the head of the queue. Returns false when it must wait for more bytes or has failed. */
  private takeText(out: EscPosToken[], view: View): boolean {
    let i = 0;
    for (;;) {
      const b = view.byte(i);
      if (b === undefined || b < 0x20) break;
      if (!this.kanji || b < 0x80) {
        i++;
        continue;
      }
      const len = kanjiCharLength(this.encoding, view, i);
      if (len === null) break;
      if (typeof len === 'string') {
        const at = this.offset + i;
        this.appendText(view, i);
        this.flushText(out);
        this.fail(out, 'escpos.bad-kanji-sequence', `Kanji mode: ${len}`, at);
        return false;
      }
      i += len;
    }
    if (i === 0) return false;
    this.appendText(view, i);
    return true;
  }

  private appendText(view: View, n: number): void {
    if (n === 0) return;
    const bytes = view.slice(0, n);
    if (this.text) {
      this.text.parts.push(bytes);
      this.text.length += n;
    } else {
      this.text = { offset: this.offset, parts: [bytes], length: n, kanji: this.kanji };
    }
    this.queue.consume(n);
    this.offset += n;
  }

  private flushText(out: EscPosToken[]): void {
    if (!this.text) return;
    const bytes = new Uint8Array(this.text.length);
    let o = 0;
    for (const p of this.text.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    out.push({ kind: 'text', offset: this.text.offset, bytes, kanji: this.text.kanji });
    this.text = null;
  }

  private fail(out: EscPosToken[], code: EscPosFaultCode, message: string, offset: number): void {
    const token: FaultToken = { kind: 'fault', code, offset, message };
    this.stopped = token;
    out.push(token);
  }

  private parseCommand(view: View): CommandParse {
    let node = TABLE;
    let i = 0;
    while (!node.spec) {
      const b = view.byte(i);
      if (b === undefined) return { type: 'need-more' };
      const next = node.children.get(b);
      if (!next) {
        const message = node === TABLE ? `control byte ${describeByte(b)} is not a command` : `unknown command ${node.label} followed by ${describeByte(b)}`;
        return { type: 'fault', code: 'escpos.unknown-command', message };
      }
      node = next;
      i++;
    }
    const spec = node.spec;
    const r = spec.parse(view, i);
    if (r.type !== 'done') return r;
    if (spec.name === 'ESC t' && this.kanji) {
      return { type: 'fault', code: 'escpos.code-page-in-kanji-mode', message: 'ESC t (code page switch) received in Kanji mode: a single-byte code page must never be selected inside a double-byte run' };
    }
    if (spec.name === 'FS &') this.kanji = true;
    if (spec.name === 'FS .') this.kanji = false;
    if (spec.name === 'ESC @') this.kanji = this.kanjiAtStart;
    return { type: 'token', token: { kind: 'command', name: spec.name, offset: this.offset, length: r.length, params: r.params, data: r.data } };
  }
}

/** Tokenizes a complete stream. Throws EscPosSyntaxError on the first fault. */
export function tokenizeEscPos(bytes: Uint8Array, options: TokenizerOptions): EscPosToken[] {
  const tokenizer = new EscPosTokenizer(options);
  const tokens = [...tokenizer.push(bytes), ...tokenizer.end()];
  const last = tokens.at(-1);
  if (last?.kind === 'fault') throw new EscPosSyntaxError(last);
  return tokens;
}
