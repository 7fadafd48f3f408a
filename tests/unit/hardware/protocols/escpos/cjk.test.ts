import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { encodePrintText, kanjiEncodingForLocale, type KanjiEncoding } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { sanitizePrintText } from '../../../../../hardware/protocols/text/sanitize.ts';
import { bold, lineFeed } from '../../../../../hardware/protocols/escpos/commands.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { bytes, tokenNames } from '../../../../helpers/escpos.ts';
import { displayBytes } from '../../../../../hardware/protocols/escpos/line-display.ts';
import { printerCharset } from '../../../../../hardware/protocols/text/layout.ts';
import { layoutDisplay } from '../../../../../hardware/display/display-layout.ts';
import { cp950Table as table, decodeWithTable, expectedPrint, printedCharacters, withoutCursorMoves } from '../../../../helpers/cp950.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** What the emulator prints for one line of encoded data (joined again if the printer wrapped it). */
function printedLine(text: string, encoding: KanjiEncoding): string {
  const printout = renderEscPos(bytes(encodePrintText(text, encoding), lineFeed()), { kanjiEncoding: encoding });
  expect(printout.fault).toBeNull();
  expect(printout.warnings).toEqual([]);
  return printout.items.map((item) => (item.kind === 'line' ? item.runs.map((r) => r.text).join('') : `[${item.kind}]`)).join('');
}

/** Random characters that exist in an encoding: decode random valid double-byte codes. */
function encodedChars(encoding: 'gb18030' | 'big5'): fc.Arbitrary<string> {
  const [leadLo, leadHi] = encoding === 'big5' ? [0xa4, 0xf9] : [0xb0, 0xf7];
  const trail =
    encoding === 'big5'
      ? fc.oneof(fc.integer({ min: 0x40, max: 0x7e }), fc.integer({ min: 0xa1, max: 0xfe }))
      : fc.integer({ min: 0xa1, max: 0xfe });
  return (
    fc
      .tuple(fc.integer({ min: leadLo, max: leadHi }), trail)
      // Big5 printers have CP950 fonts (iconv-lite's "big5" is Big5-HKSCS).
      .map(([lead, t]) => iconv.decode(Uint8Array.of(lead, t), encoding === 'big5' ? 'cp950' : encoding))
      .filter((ch) => ch.length === 1 && ch !== '\ufffd' && !(ch >= '\ue000' && ch <= '\uf8ff'))
  );
}

const asciiWords = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789 .,-$%()'), minLength: 1, maxLength: 12 });

describe('kanjiEncodingForLocale', () => {
  it('prints traditional Chinese stores in Big5 and simplified ones in GB18030', () => {
    expect(kanjiEncodingForLocale('zh-TW')).toBe('big5');
    expect(kanjiEncodingForLocale('zh-HK')).toBe('big5');
    expect(kanjiEncodingForLocale('zh-Hant')).toBe('big5');
    expect(kanjiEncodingForLocale('zh-CN')).toBe('gb18030');
    expect(kanjiEncodingForLocale('zh-SG')).toBe('gb18030');
    expect(kanjiEncodingForLocale('zh')).toBe('gb18030');
    expect(kanjiEncodingForLocale('ja-JP')).toBe('shift_jis');
  });

  it('refuses a locale with no double-byte printer font instead of guessing', () => {
    expect(() => kanjiEncodingForLocale('en-US')).toThrow(expect.objectContaining({ code: 'printer.unsupported-locale' }));
    expect(() => kanjiEncodingForLocale('not a locale')).toThrow(expect.objectContaining({ code: 'printer.unsupported-locale' }));
  });
});

describe('encodePrintText', () => {
  it('wraps each Chinese run in FS & ... FS . and keeps ASCII single-byte (exact bytes)', () => {
    expect(hex(encodePrintText('茶 tea', 'gb18030'))).toBe('1c26b2e81c2e20746561');
    expect(hex(encodePrintText('茶 tea', 'big5'))).toBe('1c26aff91c2e20746561');
    expect(hex(encodePrintText('烏龍茶 Oolong', 'big5'))).toBe('1c26af51c073aff91c2e' + hex(new TextEncoder().encode(' Oolong')));
    expect(hex(encodePrintText('tea', 'big5'))).toBe('746561');
  });

  it('prints a character the printer font lacks as "?", never as raw bytes of another encoding', () => {
    // 乌 is simplified only: Big5 has no code for it.
    expect(hex(encodePrintText('乌龍', 'big5'))).toBe('3f1c26c0731c2e');
    expect(printedLine('乌龍 tea', 'big5')).toBe('?龍 tea');
    expect(printedLine('Tea 😀 🍵', 'gb18030')).toBe('Tea ? ?');
    expect(printedLine('Card ending \ue000', 'gb18030')).toBe('Card ending ?');
    expect(printedLine('Café', 'shift_jis')).toBe('Caf?');
    expect([...encodePrintText('😀', 'big5')]).toEqual([0x3f]);
  });

  it('round-trips the catalogue names of a Taiwanese and a mainland store through the emulator', () => {
    for (const name of ['烏龍茶 Oolong tea 500ml', 'Pineapple cake 鳳梨酥', '牛肉麵 Beef noodles'])
      expect(printedLine(name, 'big5')).toBe(name);
    for (const name of ['牛肉面 Beef noodles', 'Soy milk 豆浆 1L', 'Rice 米 2kg', '乌龙茶（大杯）￥18'])
      expect(printedLine(name, 'gb18030')).toBe(name);
  });

  it('prints half-width katakana full-width in Shift_JIS (one code system, no katakana page)', () => {
    expect(printedLine('ｺｰﾋｰ coffee', 'shift_jis')).toBe('コーヒー coffee');
    expect(printedLine('お茶 tea', 'shift_jis')).toBe('お茶 tea');
  });

  for (const encoding of ['gb18030', 'big5'] as const) {
    it(`decodes random mixed ASCII/Chinese text back to the original with ${encoding} (property)`, () => {
      const segment = fc.oneof(
        asciiWords,
        fc.array(encodedChars(encoding), { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
      );
      fc.assert(
        fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => {
          const text = segments.join('');
          const expected = sanitizePrintText(text);
          expect(printedLine(text, encoding)).toBe(expected);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('never emits ESC t, or anything but text, inside a Kanji run (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.constantFrom<KanjiEncoding>('gb18030', 'big5', 'shift_jis'),
        (text, encoding) => {
          const tokens = tokenizeEscPos(encodePrintText(text, encoding), { kanjiEncoding: encoding });
          let inKanji = false;
          for (const t of tokens) {
            if (t.kind === 'command' && t.name === 'FS &') {
              expect(inKanji).toBe(false);
              inKanji = true;
            } else if (t.kind === 'command' && t.name === 'FS .') {
              expect(inKanji).toBe(true);
              inKanji = false;
            } else {
              expect(t.kind).toBe('text');
            }
          }
          expect(inKanji).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lets no control byte from data reach the printer: between our own commands the tokenizer sees only text (property)', () => {
    const injections = fc.constantFrom(
      '\x1bp\x00\x19\xfa',
      '\x1dV\x00',
      '\x1b@',
      '\x10\x14\x01\x00\x08',
      '\x1c&',
      '\x1c.',
      '\n',
      '\x1b',
      '\x00',
      '\x7f',
      '\u009b',
    );
    const data = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), injections), { maxLength: 10 }).map((p) => p.join(''));
    fc.assert(
      fc.property(data, fc.constantFrom<KanjiEncoding>('gb18030', 'big5', 'shift_jis'), (name, encoding) => {
        const stream = bytes(bold(true), encodePrintText(name, encoding), bold(false), lineFeed());
        const names = tokenNames(tokenizeEscPos(stream, { kanjiEncoding: encoding }));
        expect(names[0]).toBe('ESC E');
        expect(names.slice(-2)).toEqual(['ESC E', 'LF']);
        for (const n of names.slice(1, -2)) expect(['text', 'FS &', 'FS .']).toContain(n);
        const printout = renderEscPos(stream, { kanjiEncoding: encoding });
        expect(printout.items.filter((i) => i.kind !== 'line')).toEqual([]);
        expect(printout.warnings).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

// Big5 receipts checked against an independent CP950 table (tests/helpers/cp950.ts): every
// character of the demo data, the receipt labels and both test pages prints as itself or as a
// visible '?', never as another character.
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
