import { describe, expect, it } from 'vitest';
import { code128, code39, ean13, ean13CheckDigit, type HriPosition } from '../../../../../hardware/protocols/escpos/barcode.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';

const badData = expect.objectContaining({ code: 'printer.invalid-barcode-data' });
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('code128', () => {
  it('sends HRI position, height, width, then GS k 73 n {B data (exact bytes)', () => {
    expect([...code128('R-1')]).toEqual([0x1d, 0x48, 2, 0x1d, 0x68, 80, 0x1d, 0x77, 2, 0x1d, 0x6b, 73, 5, 0x7b, 0x42, ...ascii('R-1')]);
    expect([...code128('7', { heightDots: 50, moduleWidth: 3, hri: 'none' })].slice(0, 9)).toEqual([
      0x1d, 0x48, 0, 0x1d, 0x68, 50, 0x1d, 0x77, 3,
    ]);
  });

  it("doubles '{' so a receipt number containing it scans back unchanged", () => {
    expect([...code128('a{b')].slice(9)).toEqual([0x1d, 0x6b, 73, 6, 0x7b, 0x42, ...ascii('a{{b')]);
    const printout = renderEscPos(code128('a{b'), { kanjiEncoding: 'big5' });
    expect(printout.items).toMatchObject([
      { kind: 'barcode', symbology: 'CODE128', text: 'a{b', heightDots: 80, moduleWidth: 2, hri: 'below' },
    ]);
  });

  it('refuses data a scanner could not read back: empty, non-ASCII, control characters, too long', () => {
    expect(() => code128('')).toThrow(badData);
    expect(() => code128('收據')).toThrow(badData);
    expect(() => code128('A\nB')).toThrow(badData);
    expect(() => code128('x'.repeat(254))).toThrow(badData);
    expect(code128('x'.repeat(253)).length).toBe(9 + 4 + 255);
  });

  it('refuses settings outside the printer range', () => {
    expect(() => code128('1', { heightDots: 0 })).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
    expect(() => code128('1', { moduleWidth: 7 })).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
    expect(() => code128('1', { hri: 'left' as HriPosition })).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
  });
});

describe('ean13', () => {
  it('computes the check digit', () => {
    expect(ean13CheckDigit('471234567890')).toBe(0);
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('978030640615')).toBe(7);
  });

  it('sends 12 digits with GS k 67 12, and the printed number includes the check digit', () => {
    const sent = ean13('4006381333931');
    expect([...sent.slice(9)]).toEqual([0x1d, 0x6b, 67, 12, ...ascii('400638133393')]);
    expect([...ean13('400638133393')]).toEqual([...sent]);
    const printout = renderEscPos(sent, { kanjiEncoding: 'gb18030' });
    expect(printout.items).toMatchObject([{ kind: 'barcode', symbology: 'EAN13', text: '4006381333931' }]);
  });

  it('refuses a mistyped product code instead of printing a barcode for a different product', () => {
    expect(() => ean13('4006381333932')).toThrow(/check digit 2, expected 1/);
    expect(() => ean13('40063813339')).toThrow(badData);
    expect(() => ean13('40063813339A')).toThrow(badData);
  });
});

describe('code39', () => {
  it('sends GS k 69 n data, with module width 1 allowed (the e-invoice barcode on 57 mm)', () => {
    expect([...code39('10404UZ176908720122', { heightDots: 60, moduleWidth: 1 })]).toEqual([
      0x1d,
      0x48,
      2,
      0x1d,
      0x68,
      60,
      0x1d,
      0x77,
      1,
      0x1d,
      0x6b,
      69,
      19,
      ...ascii('10404UZ176908720122'),
    ]);
    const printout = renderEscPos(code39('AB-12 $%+./'), { kanjiEncoding: 'big5' });
    expect(printout.fault).toBeNull();
    expect(printout.items[0]).toMatchObject({ kind: 'barcode', symbology: 'CODE39', data: 'AB-12 $%+./' });
  });

  it('refuses what Code 39 cannot carry: lowercase, "*", other characters, nothing', () => {
    for (const bad of ['ab12', 'A*B', 'A,B', '']) expect(() => code39(bad), bad).toThrow(badData);
    expect(() => code39('A', { moduleWidth: 0 })).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
  });
});
