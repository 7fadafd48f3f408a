// Big5 receipts checked against an independent CP950 table: Python's cp950 codec, written to
// tests/fixtures/cp950/encode-table.txt by scripts/cp950-table.py. Every character of the demo
// data, the receipt labels and both test pages must print as itself or as a visible '?',
// never as another character.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodePrintText, KANJI_MODE_OFF, KANJI_MODE_ON } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { lineFeed } from '../../../../../hardware/protocols/escpos/commands.ts';
import { displayBytes } from '../../../../../hardware/protocols/escpos/line-display.ts';
import { printerCharset } from '../../../../../hardware/protocols/text/layout.ts';
import { layoutDisplay } from '../../../../../hardware/display/display-layout.ts';
import { bytes } from '../../../../helpers/escpos.ts';

const root = new URL('../../../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface Cp950Table {
  /** Character -> its two cp950 bytes as hex. */
  encode: Map<string, string>;
  /** Two bytes as hex -> the character a CP950 font prints for them. */
  decode: Map<string, string>;
}

function loadTable(): Cp950Table {
  const encode = new Map<string, string>();
  const decode = new Map<string, string>();
  for (const line of read('tests/fixtures/cp950/encode-table.txt').split('\n')) {
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

/** ETEN extension rows (kana, Cyrillic): in Python's cp950, not in Microsoft's table nor the printers' fonts. */
const isEtenRow = (code: string): boolean => code >= 'c6a1' && code <= 'c8fe';

/** Reads printer bytes the way a CP950 printer font does: Kanji runs through the independent table. */
function decodeWithTable(data: Uint8Array): string {
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
function withoutCursorMoves(data: Uint8Array): Uint8Array[] {
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
function expectedPrint(char: string): string {
  if (char.codePointAt(0)! < 0x80) return char;
  const code = table.encode.get(char);
  if (code === undefined || isEtenRow(code)) return '?';
  return table.decode.get(code)!;
}

/** Every non-ASCII character in the texts a Taiwanese till prints. */
function printedCharacters(): Set<string> {
  const sources = [
    'host/demo/catalog.csv',
    'host/demo-data.ts',
    'core/receipts/labels.ts',
    'core/receipts/test-print-document.ts',
    'cli/device-commands.ts',
  ];
  const chars = new Set<string>();
  for (const source of sources) for (const char of read(source)) if (char.codePointAt(0)! >= 0x80) chars.add(char);
  return chars;
}

describe('Big5 printing uses CP950, as Taiwanese printer fonts do', () => {
  it('reads the independent table (sanity: known codes)', () => {
    expect(table.encode.get('茶')).toBe('aff9');
    expect(table.encode.get('…')).toBe('a14b');
    expect(table.encode.size).toBeGreaterThan(13000);
  });

  it('prints every character of the demo data, receipt labels and test pages as itself or a visible "?"', () => {
    const chars = printedCharacters();
    expect(chars.size).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const char of chars) {
      const printed = decodeWithTable(encodePrintText(char, 'big5'));
      const expected = char.trim() === '' && char !== '\u3000' ? printed : expectedPrint(char);
      if (printed !== expected) wrong.push(`${char} (U+${char.codePointAt(0)!.toString(16)}) printed as ${printed}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('never prints a Japanese or symbol character as a different CP950 character', () => {
    expect(decodeWithTable(encodePrintText('午後の紅茶 ミルクティー', 'big5'))).toBe('午後?紅茶 ??????');
    expect(decodeWithTable(encodePrintText('中文測試 中文测试 日本語テスト', 'big5'))).toBe('中文測試 中文?? 日本語???');
    expect(decodeWithTable(encodePrintText('［①々〆〇Д］', 'big5'))).toBe('???????');
  });

  it('prints the symbols CP950 has (¢ £ ¥ • …) instead of "?"', () => {
    expect(decodeWithTable(encodePrintText('¢£¥•…', 'big5'))).toBe('￠￡￥‧…');
    expect(Buffer.from(encodePrintText('¢', 'big5')).toString('hex')).toBe('1c26a2461c2e');
  });

  it('the emulator reads Big5 receipts with the same CP950 font', () => {
    const printout = renderEscPos(bytes(encodePrintText('午後の紅茶 ¥25', 'big5'), lineFeed()), { kanjiEncoding: 'big5' });
    expect(printout.warnings).toEqual([]);
    const text = printout.items.map((item) => (item.kind === 'line' ? item.runs.map((r) => r.text).join('') : '')).join('');
    expect(text).toBe('午後?紅茶 ￥25');
  });

  it('the pole display gets the same CP950 bytes and never a cut character', () => {
    const geometry = { columns: 20, rows: 2 as const, encoding: 'big5' as const };
    const lines = layoutDisplay(
      { item: { name: '午後の紅茶 ミルクティー 大瓶裝', amount: '¥35' }, total: { label: '合計', amount: '¥135' } },
      geometry,
    );
    const parts = withoutCursorMoves(displayBytes(lines, printerCharset('big5')));
    expect(parts.map(decodeWithTable)).toEqual(['午後?紅茶 ????? ￥35', '合計           ￥135']);
    // Each line fills exactly the 20 columns: a double-byte character is two bytes and two columns.
    const columns = (part: Uint8Array): number => [...part].filter((b) => b !== 0x1c && b !== 0x26 && b !== 0x2e).length;
    expect(parts.map(columns)).toEqual([20, 20]);
  });
});
