// Strict streaming tokenizer for the Star Line Mode bytes the printer emulator receives when it
// plays a Star printer. Like the ESC/POS one it exists to catch our own bugs: it knows the
// commands Tillproof sends (commands.ts, node-thermal-printer's Star text styles, the status
// commands in status.ts) and stops the stream with a fault on anything else. Input may
// be split at any byte; an incomplete command waits for the rest.
import type { FaultToken, TextToken } from '../stream-tokens.ts';

export type StarCommandName =
  | 'LF'
  | 'BEL'
  | 'SUB'
  | 'ETB'
  | 'ESC @'
  | 'ESC E'
  | 'ESC F'
  | 'ESC i'
  | 'ESC a'
  | 'ESC d'
  | 'ESC b'
  | 'ESC BEL'
  | 'ESC ACK SOH'
  | 'ESC RS a'
  | 'ESC RS E'
  | 'ESC GS a'
  | 'ESC GS y S'
  | 'ESC GS y D'
  | 'ESC GS y P';

export interface StarCommandToken {
  kind: 'star-command';
  name: StarCommandName;
  offset: number;
  length: number;
  /** ESC GS y S: [function, n]; ESC GS y D: [m, nL, nH]; ESC b: [n1, n2, n3, n4]; else the parameter bytes. */
  params: number[];
  /** ESC b barcode data, ESC GS y D QR data. */
  data: Uint8Array | null;
}

export type StarToken = TextToken | StarCommandToken | FaultToken;

type Parse =
  | { type: 'need-more' }
  | { type: 'done'; name: StarCommandName; length: number; params: number[]; data: Uint8Array | null }
  | { type: 'fault'; code: FaultToken['code']; message: string };

const NEED_MORE: Parse = { type: 'need-more' };
const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;
const done = (name: StarCommandName, length: number, params: number[] = [], data: Uint8Array | null = null): Parse => ({
  type: 'done',
  name,
  length,
  params,
  data,
});
const badParameter = (what: string, n: number): Parse => ({
  type: 'fault',
  code: 'star.bad-parameter',
  message: `${what}: parameter ${n} is out of range`,
});
const unknown = (what: string): Parse => ({ type: 'fault', code: 'star.unknown-command', message: what });
const inRange = (n: number, ...ranges: Array<[number, number]>): boolean => ranges.some(([lo, hi]) => n >= lo && n <= hi);

/** Parses the command at the start of `b`. */
function parseCommand(b: Uint8Array): Parse {
  const at = (i: number): number | undefined => b[i];
  const first = at(0)!;
  if (first === 0x0a) return done('LF', 1);
  if (first === 0x07) return done('BEL', 1);
  if (first === 0x1a) return done('SUB', 1);
  if (first === 0x17) return done('ETB', 1);
  if (first !== 0x1b) return unknown(`control byte ${hex(first)} is not a Star Line Mode command`);
  const second = at(1);
  if (second === undefined) return NEED_MORE;
  const one = (name: StarCommandName, ok: (n: number) => boolean): Parse => {
    const n = at(2);
    if (n === undefined) return NEED_MORE;
    return ok(n) ? done(name, 3, [n]) : badParameter(name, n);
  };
  switch (second) {
    case 0x40:
      return done('ESC @', 2);
    case 0x45:
      return done('ESC E', 2);
    case 0x46:
      return done('ESC F', 2);
    case 0x69: {
      const [n1, n2] = [at(2), at(3)];
      if (n1 === undefined || n2 === undefined) return NEED_MORE;
      if (!inRange(n1, [0, 5], [48, 53])) return badParameter('ESC i', n1);
      if (!inRange(n2, [0, 5], [48, 53])) return badParameter('ESC i', n2);
      return done('ESC i', 4, [n1 % 48, n2 % 48]);
    }
    case 0x61:
      return one('ESC a', (n) => n >= 1 && n <= 127);
    case 0x64:
      return one('ESC d', (n) => inRange(n, [0, 3], [48, 51]));
    case 0x06: {
      const n = at(2);
      if (n === undefined) return NEED_MORE;
      return n === 0x01 ? done('ESC ACK SOH', 3) : unknown(`unknown command ESC ACK followed by ${hex(n)}`);
    }
    case 0x07: {
      const [n1, n2] = [at(2), at(3)];
      if (n1 === undefined || n2 === undefined) return NEED_MORE;
      if (n1 < 1 || n1 > 127) return badParameter('ESC BEL', n1);
      if (n2 < 1 || n2 > 127) return badParameter('ESC BEL', n2);
      return done('ESC BEL', 4, [n1, n2]);
    }
    case 0x62: {
      const params = [at(2), at(3), at(4), at(5)];
      if (params.some((p) => p === undefined)) return NEED_MORE;
      const [n1, n2, n3, n4] = params as [number, number, number, number];
      if (!inRange(n1, [0, 13], [48, 57], [65, 68])) return badParameter('ESC b (symbology)', n1);
      if (!inRange(n2, [1, 4], [49, 52])) return badParameter('ESC b (HRI and feed)', n2);
      if (!inRange(n3, [1, 3], [49, 51])) return badParameter('ESC b (module)', n3);
      if (n4 < 1) return badParameter('ESC b (height)', n4);
      const end = b.indexOf(0x1e, 6);
      if (end < 0)
        return b.length - 6 > 255
          ? { type: 'fault', code: 'star.bad-barcode-data', message: 'ESC b: no RS within 255 data bytes' }
          : NEED_MORE;
      const data = b.slice(6, end);
      if (data.length === 0 || data.some((c) => c < 0x20 || c > 0x7e)) {
        return { type: 'fault', code: 'star.bad-barcode-data', message: 'ESC b: barcode data must be 1-255 printable ASCII characters' };
      }
      return done('ESC b', end + 1, [n1, n2, n3, n4], data);
    }
    case 0x1e: {
      const c = at(2);
      if (c === undefined) return NEED_MORE;
      const n = at(3);
      if (c === 0x61)
        return n === undefined ? NEED_MORE : inRange(n, [0, 1], [48, 49]) ? done('ESC RS a', 4, [n % 48]) : badParameter('ESC RS a', n);
      if (c === 0x45) return n === undefined ? NEED_MORE : n === 0 || n === 48 ? done('ESC RS E', 4, [0]) : badParameter('ESC RS E', n);
      return unknown(`unknown command ESC RS followed by ${hex(c)}`);
    }
    case 0x1d: {
      const c = at(2);
      if (c === undefined) return NEED_MORE;
      if (c === 0x61) {
        const n = at(3);
        if (n === undefined) return NEED_MORE;
        return inRange(n, [0, 2], [48, 50]) ? done('ESC GS a', 4, [n % 48]) : badParameter('ESC GS a', n);
      }
      if (c !== 0x79) return unknown(`unknown command ESC GS followed by ${hex(c)}`);
      const f = at(3);
      if (f === undefined) return NEED_MORE;
      if (f === 0x50) return done('ESC GS y P', 4);
      if (f === 0x53) {
        const [fn, n] = [at(4), at(5)];
        if (fn === undefined || n === undefined) return NEED_MORE;
        if (fn === 0x30 && (n === 1 || n === 2)) return done('ESC GS y S', 6, [0, n]);
        if (fn === 0x31 && n <= 3) return done('ESC GS y S', 6, [1, n]);
        if (fn === 0x32 && n >= 1 && n <= 8) return done('ESC GS y S', 6, [2, n]);
        return badParameter(`ESC GS y S ${String.fromCharCode(fn)}`, n);
      }
      if (f === 0x44) {
        const [fn, m, nL, nH] = [at(4), at(5), at(6), at(7)];
        if (fn === undefined || m === undefined || nL === undefined || nH === undefined) return NEED_MORE;
        if (fn !== 0x31) return unknown(`unknown command ESC GS y D followed by ${hex(fn)}`);
        if (m !== 0) return badParameter('ESC GS y D 1 (mode)', m);
        const k = nL + nH * 256;
        if (k < 1 || k > 7089) return badParameter('ESC GS y D 1 (length)', k);
        if (b.length < 8 + k) return NEED_MORE;
        return done('ESC GS y D', 8 + k, [m, nL, nH], b.slice(8, 8 + k));
      }
      return unknown(`unknown command ESC GS y followed by ${hex(f)}`);
    }
    default:
      return unknown(`unknown command ESC followed by ${hex(second)}`);
  }
}

export class StarLineTokenizer {
  private pending = new Uint8Array(0);
  private offset = 0;
  private stopped: FaultToken | null = null;

  get fault(): FaultToken | null {
    return this.stopped;
  }

  /** Feeds the next chunk; returns the tokens it completes. After a fault every later byte is ignored. */
  push(chunk: Uint8Array): StarToken[] {
    const out: StarToken[] = [];
    if (this.stopped) return out;
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    let i = 0;
    while (i < joined.length) {
      const b = joined[i]!;
      if (b >= 0x20 && b !== 0x7f) {
        let end = i;
        while (end < joined.length && joined[end]! >= 0x20 && joined[end] !== 0x7f) end++;
        // Text is emitted per chunk: the renderer joins runs, so where the chunks end does not matter.
        out.push({ kind: 'text', offset: this.offset + i, bytes: joined.slice(i, end), kanji: false });
        i = end;
        continue;
      }
      const parsed = parseCommand(joined.subarray(i));
      if (parsed.type === 'need-more') break;
      if (parsed.type === 'fault') {
        this.stopped = { kind: 'fault', code: parsed.code, offset: this.offset + i, message: parsed.message };
        out.push(this.stopped);
        this.pending = new Uint8Array(0);
        return out;
      }
      out.push({
        kind: 'star-command',
        name: parsed.name,
        offset: this.offset + i,
        length: parsed.length,
        params: parsed.params,
        data: parsed.data,
      });
      i += parsed.length;
    }
    this.pending = joined.slice(i);
    this.offset += i;
    return out;
  }
}
