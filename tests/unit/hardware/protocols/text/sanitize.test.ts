import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isControlChar, isInvisibleFormatChar, sanitizePrintText } from '../../../../../hardware/protocols/text/sanitize.ts';

/** Characters no printed text may carry: controls, bidi and zero-width formatting, lone surrogates. */
const forbidden = (text: string): string[] =>
  [...text].filter((ch) => {
    const code = ch.codePointAt(0)!;
    return isControlChar(code) || isInvisibleFormatChar(code) || (code >= 0xd800 && code <= 0xdfff);
  });

describe('sanitizePrintText', () => {
  it('turns a line break or tab inside a product name into one space, so the name stays on one line', () => {
    expect(sanitizePrintText('Oolong\ntea\t500ml')).toBe('Oolong tea 500ml');
    expect(sanitizePrintText('Beef\r\nnoodles')).toBe('Beef noodles');
  });

  it('keeps the spaces receipt layout uses to line up columns', () => {
    expect(sanitizePrintText('  Oolong tea        NT$180')).toBe('  Oolong tea        NT$180');
  });

  it('defuses a customer name carrying a drawer kick and a cut: no ESC or GS byte survives', () => {
    const hostile = 'Mr \x1bp\x00\x19\xfaSmith\x1dV\x00';
    const clean = sanitizePrintText(hostile);
    expect(forbidden(clean)).toEqual([]);
    expect(clean.includes('\x1b') || clean.includes('\x1d') || clean.includes('\x00')).toBe(false);
    // \xfa in a JS string is the letter ú (U+00FA), not a byte: it stays, and is encoded later.
    expect(clean).toBe('Mr  p \u00faSmith V ');
  });

  it('replaces DEL and C1 controls (NEL, CSI) with spaces', () => {
    expect(sanitizePrintText('A\x7fB\u0085C\u009bD')).toBe('A B C D');
  });

  it('removes bidi overrides so a price cannot read differently on paper and on screen', () => {
    expect(sanitizePrintText('Tea \u202e99.05\u202c')).toBe('Tea 99.05');
    expect(sanitizePrintText('\u2067abc\u2069\u200e\u200f')).toBe('abc');
    expect(sanitizePrintText('Tea\u00a0Shop\u2028Taipei')).toBe('Tea Shop Taipei');
  });

  it('removes zero-width and invisible characters that would print as garbage', () => {
    expect(sanitizePrintText('Coke\u200bZero\u200d\ufeff\u00ad')).toBe('CokeZero');
    expect(sanitizePrintText('\u2060Milk\ufe0f')).toBe('Milk');
  });

  it('keeps Chinese names, full-width punctuation and the ideographic space', () => {
    expect(sanitizePrintText('烏龍茶 Oolong tea 500ml')).toBe('烏龍茶 Oolong tea 500ml');
    expect(sanitizePrintText('牛肉面（大）　加蛋，不辣！')).toBe('牛肉面（大）　加蛋，不辣！');
    expect(sanitizePrintText('Café — 50% off! (2 for $5.00)')).toBe('Café — 50% off! (2 for $5.00)');
  });

  it('composes decomposed accents (NFC) so they can be encoded as one character', () => {
    expect(sanitizePrintText('Cafe\u0301')).toBe('Café');
  });

  it('turns a lone surrogate into U+FFFD instead of passing broken UTF-16 on', () => {
    expect(sanitizePrintText('a\ud800b')).toBe('a\ufffdb');
  });

  it('never lets a control, bidi or zero-width character through, and is idempotent (property)', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const tricky = fc.constantFrom(
      '\n',
      '\t',
      '\x1b',
      '\x1d',
      '\x10',
      '\x7f',
      '\u0085',
      '\u202e',
      '\u200b',
      '\ufeff',
      '\u2066',
      '烏',
      ' ',
      '　',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(anyUnit, tricky, fc.string({ unit: 'binary' })), { maxLength: 40 }), (parts) => {
        const clean = sanitizePrintText(parts.join(''));
        expect(forbidden(clean)).toEqual([]);
        expect(sanitizePrintText(clean)).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });
});
