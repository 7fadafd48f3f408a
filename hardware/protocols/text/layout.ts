// Receipt text by printer columns. What a character occupies depends on the printer, not on
// Unicode: in a Kanji font every double-byte character is full width (two Font A columns),
// including "é" or "×" when the encoding has them; on an ASCII printer they become one-column
// substitutes. So the layout measures each character the way the printer will print it.
import type { DeviceEncoding } from '../../../core/config/devices.ts';
import { encodePrintText, KANJI_MODE_ON } from '../escpos/cjk.ts';
import { sanitizePrintText } from './sanitize.ts';

export interface PrinterCharset {
  readonly encoding: DeviceEncoding;
  /** Printer bytes for data text: sanitised, no command but FS & / FS . can come out of it. */
  encode(text: string): Uint8Array;
  /** Columns one character takes when printed (1 or 2). */
  charColumns(char: string): number;
}

const PUNCTUATION: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00d7': 'x',
  '\u00b7': '.',
  '\u2022': '*',
  '\u20ac': 'EUR',
  '\u00a3': 'GBP',
  '\u00a5': 'JPY',
  '\u3000': '  ',
  '\u3001': ',',
  '\u3002': '.',
  '\uff0c': ',',
  '\u300c': '"',
  '\u300d': '"',
  '\u300e': '"',
  '\u300f': '"',
};

/**
 * Text for a printer or display that has ASCII only: full-width forms become ASCII, accents
 * are dropped ("Café" -> "Cafe"), common punctuation gets an ASCII look-alike, and anything
 * else (Han characters, emoji) becomes '?'. Control characters never survive.
 */
export function toAsciiText(text: string): string {
  let out = '';
  for (const char of sanitizePrintText(text).normalize('NFKC')) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) {
      out += char;
      continue;
    }
    const mapped = PUNCTUATION[char];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const stripped = char.normalize('NFKD').replace(/\p{M}+/gu, '');
    out += /^[\x20-\x7e]+$/.test(stripped) ? stripped : '?';
  }
  return out;
}

export function printerCharset(encoding: DeviceEncoding): PrinterCharset {
  if (encoding === 'ascii') {
    return {
      encoding,
      encode: (text) => Uint8Array.from(toAsciiText(text), (c) => c.charCodeAt(0)),
      charColumns: (char) => toAsciiText(char).length,
    };
  }
  const widths = new Map<string, number>();
  return {
    encoding,
    encode: (text) => encodePrintText(text, encoding),
    charColumns(char) {
      let w = widths.get(char);
      if (w === undefined) {
        const bytes = encodePrintText(char, encoding);
        w = bytes.length === 0 ? 0 : bytes[0] === KANJI_MODE_ON[0] && bytes[1] === KANJI_MODE_ON[1] ? 2 : bytes.length;
        widths.set(char, w);
      }
      return w;
    },
  };
}

/** Printed columns of (sanitised) text. */
export function textColumns(text: string, charset: PrinterCharset): number {
  let w = 0;
  for (const ch of sanitizePrintText(text)) w += charset.charColumns(ch);
  return w;
}

/** Cuts text to at most `width` columns, never splitting a double-width character. */
export function truncateColumns(text: string, width: number, charset: PrinterCharset): string {
  let w = 0;
  let out = '';
  for (const ch of sanitizePrintText(text)) {
    const cw = charset.charColumns(ch);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/**
 * Lines of at most `width` columns: breaks at the last space when there is one in the line's
 * second half, otherwise (CJK text has no spaces) between any two characters.
 */
export function wrapColumns(text: string, width: number, charset: PrinterCharset): string[] {
  const lines: string[] = [];
  let rest = sanitizePrintText(text).trimEnd();
  while (textColumns(rest, charset) > width) {
    let head = truncateColumns(rest, width, charset);
    if (head.length === 0) head = [...rest][0]!;
    const space = head.lastIndexOf(' ');
    if (space > 0 && textColumns(head.slice(0, space), charset) >= width / 2 && rest[head.length] !== ' ') head = head.slice(0, space);
    lines.push(head.trimEnd());
    rest = rest.slice(head.length).trimStart();
  }
  if (rest || lines.length === 0) lines.push(rest);
  return lines;
}

/** Left and right text on one line; when both do not fit, the left wraps and the right goes under it, right-aligned. */
export function pairColumns(left: string, right: string, width: number, charset: PrinterCharset): string[] {
  const l = sanitizePrintText(left).trimEnd();
  const r = sanitizePrintText(right).trim();
  const rw = textColumns(r, charset);
  const lw = textColumns(l, charset);
  if (lw + rw + 1 <= width || (r === '' && lw <= width)) return [l + ' '.repeat(Math.max(width - lw - rw, r === '' ? 0 : 1)) + r];
  const lines = wrapColumns(l, width, charset);
  if (r === '') return lines;
  const last = lines[lines.length - 1]!;
  const lastW = textColumns(last, charset);
  if (lastW + rw + 1 <= width) lines[lines.length - 1] = last + ' '.repeat(width - lastW - rw) + r;
  else if (rw <= width) lines.push(' '.repeat(width - rw) + r);
  else lines.push(...wrapColumns(r, width, charset));
  return lines;
}

/** A rule across the line in `char` (a double-width character fills half as many times). */
export function ruleColumns(char: string, width: number, charset: PrinterCharset): string {
  const c = [...sanitizePrintText(char)][0] ?? '-';
  const cw = Math.max(1, charset.charColumns(c));
  return c.repeat(Math.floor(width / cw));
}
