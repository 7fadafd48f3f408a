// The pieces every ESC/POS command parser is built from: a view of the received bytes, the
// parse result (need more bytes, done, or a fault), and parameter rules checked byte by byte.
import type { EscPosFaultCode } from '../stream-tokens.ts';
import type { EscPosCommandName } from './tokens.ts';

export interface Rule {
  ok: (n: number) => boolean;
  text: string;
}

export const ANY: Rule = { ok: () => true, text: '0-255' };

export function values(...spec: Array<number | [number, number]>): Rule {
  const ranges = spec.map((s) => (typeof s === 'number' ? [s, s] : s));
  return {
    ok: (n) => ranges.some(([lo, hi]) => n >= lo! && n <= hi!),
    text: ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', '),
  };
}

/** Bytes available to a parser, relative to the start of the command. */
export interface View {
  byte(i: number): number | undefined;
  slice(from: number, to: number): Uint8Array;
}

export type ParseResult =
  | { type: 'need-more' }
  | { type: 'done'; length: number; params: number[]; data: Uint8Array | null }
  | { type: 'fault'; code: EscPosFaultCode; message: string };

export const NEED_MORE: ParseResult = { type: 'need-more' };
export const fault = (code: EscPosFaultCode, message: string): ParseResult => ({ type: 'fault', code, message });
export const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

export const C0_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];

export interface CommandSpec {
  name: EscPosCommandName;
  /** Parses what follows the prefix, starting at view index `start`. */
  parse: (view: View, start: number) => ParseResult;
}

/** A command with a fixed number of one-byte parameters, each checked as soon as it arrives. */
export function fixed(name: EscPosCommandName, ...rules: Rule[]): CommandSpec {
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

export function describeByte(b: number): string {
  if (b < 0x20) return `${hex(b)} (${C0_NAMES[b]})`;
  if (b < 0x7f) return `${hex(b)} '${String.fromCharCode(b)}'`;
  return hex(b);
}
