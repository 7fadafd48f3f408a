import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { encodePrintText, kanjiEncodingForLocale, type KanjiEncoding } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { sanitizePrintText } from '../../../../../hardware/protocols/text/sanitize.ts';
import { bold, lineFeed } from '../../../../../hardware/protocols/escpos/commands.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { bytes, tokenNames } from '../../../../helpers/escpos.ts';

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
  return fc
    .tuple(fc.integer({ min: leadLo, max: leadHi }), trail)
    // Big5 printers have CP950 fonts (iconv-lite's "big5" is Big5-HKSCS).
    .map(([lead, t]) => iconv.decode(Uint8Array.of(lead, t), encoding === 'big5' ? 'cp950' : encoding))
    .filter((ch) => ch.length === 1 && ch !== '\ufffd' && !(ch >= '\ue000' && ch <= '\uf8ff'));
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
