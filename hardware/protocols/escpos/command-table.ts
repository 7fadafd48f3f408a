// The ESC/POS command table of the strict tokenizer: every command Tillproof (or a printer
// utility) may send, as a prefix trie, with the parameter rules of each. A protocol table:
// long by nature, one entry per command.
import { ANY, C0_NAMES, NEED_MORE, fault, fixed, values, type CommandSpec, type Rule } from './command-parse.ts';
import { barcodeSpec } from './barcode-command.ts';

const ZERO_TO_TWO = values([0, 2], [48, 50]);
/** ESC t: the code pages in Epson's character code tables. */
const CODE_PAGES = values([0, 8], [11, 26], [30, 53], 254, 255);

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
    if (x < 1 || x > MAX_RASTER_X_BYTES)
      return fault('escpos.bad-parameter', `GS v 0: width is ${x} bytes, allowed 1-${MAX_RASTER_X_BYTES}`);
    if (y < 1 || y > MAX_RASTER_Y) return fault('escpos.bad-parameter', `GS v 0: height is ${y} dots, allowed 1-${MAX_RASTER_Y}`);
    const end = start + 5 + x * y;
    if (view.byte(end - 1) === undefined) return NEED_MORE;
    return { type: 'done', length: end, params: header, data: view.slice(start + 5, end) };
  },
};

/** DLE DC4 1 m t: pin m (0 or 1), pulse t x 100 ms (1-8). */
const realtimePulseParams = fixed('DLE DC4', values(1), values(0, 1), values([1, 8]));

/** DLE DC4 8 1 3 20 1 6 2 8: clear the receive and print buffers (fixed bytes). */
const clearBufferParams = fixed('DLE DC4', values(8), values(1), values(3), values(20), values(1), values(6), values(2), values(8));

/** DLE DC4 fn ...: fn = 1 (real-time drawer pulse) and fn = 8 (clear buffers) are emulated. */
const realtimePulseSpec: CommandSpec = {
  name: 'DLE DC4',
  parse: (view, start) => {
    const fn = view.byte(start);
    if (fn === undefined) return NEED_MORE;
    if (fn === 8) return clearBufferParams.parse(view, start);
    if (fn !== 1)
      return fault('escpos.unsupported-command', `DLE DC4: function fn = ${fn} is not emulated (only 1 drawer pulse, 8 clear buffers)`);
    return realtimePulseParams.parse(view, start);
  },
};

/** Prefix trie: each node has children by next byte and possibly a command that ends there. */
export interface Node {
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
  const ESC = 0x1b,
    GS = 0x1d,
    FS = 0x1c,
    DLE = 0x10;
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

export const TABLE = buildTable();
