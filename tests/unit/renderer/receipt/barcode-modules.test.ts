import { describe, expect, it } from 'vitest';
import {
  CODE128_WIDTHS,
  code128Modules,
  barcodeModules,
  code128Values,
  ean13CheckDigit,
  ean13Modules,
  widthsToModules,
} from '../../../../renderer/receipt/barcode-modules.ts';

describe('receipt preview barcodes', () => {
  it('has 107 Code 128 symbols of 11 modules (stop: 13), all different', () => {
    expect(CODE128_WIDTHS).toHaveLength(107);
    CODE128_WIDTHS.forEach((w, i) => expect([...w].reduce((s, d) => s + Number(d), 0)).toBe(i === 106 ? 13 : 11));
    expect(new Set(CODE128_WIDTHS).size).toBe(107);
    expect(widthsToModules('211214')).toBe('11010010000');
  });

  it('encodes Code 128 B with the mod-103 checksum, and C for even digit strings', () => {
    expect(code128Values('A')).toEqual([104, 33, (104 + 33) % 103, 106]);
    expect(code128Values('DEMO-01-7')![0]).toBe(104);
    expect(code128Values('123456')).toEqual([105, 12, 34, 56, (105 + 12 + 34 * 2 + 56 * 3) % 103, 106]);
    const m = code128Modules('DEMO-01-7')!;
    expect(m.length).toBe(11 * (9 + 3) + 2);
    expect(m.startsWith('11010010000')).toBe(true);
    expect(m.endsWith('1100011101011')).toBe(true);
    expect(code128Modules('')).toBeNull();
    expect(code128Modules('收據')).toBeNull();
  });

  it('encodes EAN-13 with its check digit', () => {
    expect(ean13CheckDigit('471103700001')).toBe(2);
    const m = ean13Modules('4711037000012')!;
    expect(m).toHaveLength(95);
    expect(m.slice(0, 3)).toBe('101');
    expect(m.slice(45, 50)).toBe('01010');
    expect(ean13Modules('4711037000013')).toBeNull();
    expect(ean13Modules('471103700001')).toBe(m);
  });
});

describe('Code 39 (the Taiwan e-invoice barcode)', () => {
  it('frames the data with *, 3 wide elements of 3 modules a character, a narrow gap between', () => {
    const modules = barcodeModules('CODE39', '10404UZ176908720122');
    // (6 narrow + 3 wide x 3 + 1 gap) x (19 + 2) - the last gap
    expect(modules).toHaveLength(16 * 21 - 1);
    expect(modules!.startsWith('1000101110111010')).toBe(true); // '*' = n w n n w n w n n, then the gap
    expect(barcodeModules('CODE39', 'a*b')).toBeNull();
  });
});
