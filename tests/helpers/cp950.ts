// An independent CP950 table for checking Big5 printer bytes: Python's cp950 codec, written to
// tests/fixtures/cp950/encode-table.txt by scripts/cp950-table.py (see there to regenerate).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { KANJI_MODE_OFF, KANJI_MODE_ON } from '../../hardware/protocols/escpos/cjk.ts';

const root = new URL('../../', import.meta.url);
export const readRepoFile = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface Cp950Table {
  /** Character -> its two cp950 bytes as hex. */
  encode: Map<string, string>;
  /** Two bytes as hex -> the character a CP950 font prints for them. */
  decode: Map<string, string>;
}

function loadTable(): Cp950Table {
  const encode = new Map<string, string>();
  const decode = new Map<string, string>();
  for (const line of readRepoFile('tests/fixtures/cp950/encode-table.txt').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [cp, code, back] = line.split(' ');
    const char = String.fromCodePoint(parseInt(cp!, 16));
    encode.set(char, code!);
    const printed = back ? String.fromCodePoint(parseInt(back, 16)) : char;
    if (!decode.has(code!) || !back) decode.set(code!, printed);
  }
  return { encode, decode };
}

const table = loadTable();

/** Characters and codes of the independent table. */
export const cp950Table: Cp950Table = table;

/** ETEN extension rows (kana, Cyrillic): in Python's cp950, not in Microsoft's table nor the printers' fonts. */
const isEtenRow = (code: string): boolean => code >= 'c6a1' && code <= 'c8fe';

/** Reads printer bytes the way a CP950 printer font does: Kanji runs through the independent table. */
export function decodeWithTable(data: Uint8Array): string {
  let out = '';
  let kanji = false;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === KANJI_MODE_ON[0] && data[i + 1] === KANJI_MODE_ON[1]) kanji = true;
    else if (b === KANJI_MODE_OFF[0] && data[i + 1] === KANJI_MODE_OFF[1]) kanji = false;
    else if (kanji && b >= 0x80) {
      const code = Buffer.from(data.subarray(i, i + 2)).toString('hex');
      const char = table.decode.get(code);
      if (char === undefined) throw new Error(`${code} is not a CP950 character`);
      out += char;
      i += 1;
      continue;
    } else {
      out += String.fromCharCode(b);
      continue;
    }
    i += 1;
  }
  return out;
}

/** The text of each display line (the parts between US $ x y cursor moves). */
export function withoutCursorMoves(data: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let i = 0;
  while (i < data.length) {
    expect([data[i], data[i + 1]]).toEqual([0x1f, 0x24]);
    let end = i + 4;
    while (end < data.length && !(data[end] === 0x1f && data[end + 1] === 0x24)) end++;
    parts.push(data.subarray(i + 4, end));
    i = end;
  }
  return parts;
}

/** What a CP950 printer should print for one character: itself, its full-width form, or '?'. */
export function expectedPrint(char: string): string {
  if (char.codePointAt(0)! < 0x80) return char;
  const code = table.encode.get(char);
  if (code === undefined || isEtenRow(code)) return '?';
  return table.decode.get(code)!;
}

/** Every non-ASCII character in the texts a Taiwanese till prints. */
export function printedCharacters(): Set<string> {
  const sources = [
    'host/demo/catalog.csv',
    'host/demo-data.ts',
    'core/receipts/labels.ts',
    'core/receipts/test-print-document.ts',
    'cli/device-commands.ts',
  ];
  const chars = new Set<string>();
  for (const source of sources) for (const char of readRepoFile(source)) if (char.codePointAt(0)! >= 0x80) chars.add(char);
  return chars;
}
