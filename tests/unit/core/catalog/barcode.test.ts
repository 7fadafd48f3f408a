import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeVariableMeasure,
  expandUpcE,
  parseProductCode,
  parseScan,
  productCodeAs,
  scanConfigSchema,
  scanGtin14,
  splitSymbologyId,
  upcECheckDigit,
  variableMeasureLayoutSchema,
  type ProductFormat,
  type Scan,
  type ScanConfig,
} from '../../../../core/catalog/barcode.ts';
import { GS, gs1CheckDigit, type BarcodeResult } from '../../../../core/catalog/gs1.ts';

function ok<T>(r: BarcodeResult<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function code<T>(r: BarcodeResult<T>): string | null {
  return r.ok ? null : r.error.code;
}

const withCheck = (body: string): string => body + String(gs1CheckDigit(body));

describe('published product codes', () => {
  it('EAN-13 4006381333931 is found under its GTIN-14', () => {
    const scan = ok(parseScan('4006381333931'));
    expect(scan).toMatchObject({ kind: 'product', product: { format: 'ean-13', gtin14: '04006381333931' } });
  });

  it('UPC-A 036000291452 and the same item read as EAN-13 find the same GTIN', () => {
    expect(scanGtin14(ok(parseScan('036000291452')))).toBe('00036000291452');
    expect(scanGtin14(ok(parseScan('0036000291452')))).toBe('00036000291452');
  });

  it('UPC-E 04252614 expands to UPC-A 042100005264', () => {
    expect(ok(expandUpcE('04252614'))).toBe('042100005264');
    const scan = ok(parseScan('04252614'));
    expect(scan).toMatchObject({ kind: 'product', product: { format: 'upc-e', gtin14: '00042100005264' } });
  });

  it('EAN-8 96385074 and ITF-14 GTIN 10614141000415', () => {
    expect(scanGtin14(ok(parseScan('96385074')))).toBe('00000096385074');
    expect(ok(parseScan(']I110614141000415'))).toMatchObject({ kind: 'product', product: { format: 'gtin-14', gtin14: '10614141000415' } });
  });

  it('expands every UPC-E pattern (last data digit 0-2, 3, 4, 5-9)', () => {
    const cases: [string, string][] = [
      ['0123450', '01200000345'],
      ['0123453', '01230000045'],
      ['0123454', '01234000005'],
      ['0123457', '01234500007'],
      ['1987650', '19800000765'],
    ];
    for (const [first7, upcABody] of cases) {
      const upce = first7 + String(upcECheckDigit(first7));
      expect(ok(expandUpcE(upce))).toBe(withCheck(upcABody));
    }
  });
});

describe('rejected product codes', () => {
  it('a wrong check digit is never a product', () => {
    const r = parseScan('4006381333932');
    expect(code(r)).toBe('barcode.bad-check-digit');
    expect(code(expandUpcE('04252615'))).toBe('barcode.bad-check-digit');
  });

  it('lengths that fit no symbology, non-digits and all-zero labels are refused', () => {
    expect(code(parseScan('400638133393'.slice(0, 11)))).toBe('barcode.wrong-length');
    expect(code(parseScan('40063813339311'.padEnd(15, '1')))).toBe('barcode.wrong-length');
    expect(code(parseScan('40063813A3931'))).toBe('barcode.non-digit');
    expect(code(parseScan('0000000000000'))).toBe('barcode.unknown-format');
    expect(code(expandUpcE('24252614'))).toBe('barcode.unknown-format');
  });

  it('every validly generated code passes and every single-digit substitution fails', () => {
    const formats: [ProductFormat, number][] = [
      ['ean-13', 12],
      ['ean-8', 7],
      ['upc-a', 11],
      ['gtin-14', 13],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...formats),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 13, maxLength: 13 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        ([format, bodyLength], digits, at, delta) => {
          const body = digits.slice(0, bodyLength);
          const valid = withCheck(body);
          if (/^0+$/.test(valid.slice(0, -1))) return;
          expect(ok(productCodeAs(format, valid)).gtin14).toBe(valid.padStart(14, '0'));
          const i = at % valid.length;
          const wrong = valid.slice(0, i) + String((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
          expect(code(productCodeAs(format, wrong))).toBe('barcode.bad-check-digit');
        },
      ),
    );
  });

  it('UPC-E: generated codes pass, and a substitution in any digit but the pattern digit fails', () => {
    // The sixth data digit picks the expansion pattern, so changing it can land on another valid
    // code; the scanner's parity pattern protects that digit, not the check digit.
    fc.assert(
      fc.property(
        fc.constantFrom('0', '1'),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 6 }),
        fc.constantFrom(1, 2, 3, 4, 5, 7),
        fc.integer({ min: 1, max: 9 }),
        (ns, data, i, delta) => {
          const first7 = ns + data;
          const valid = first7 + String(upcECheckDigit(first7));
          if (/^0+$/.test(ok(expandUpcE(valid)).slice(0, -1))) return;
          expect(ok(productCodeAs('upc-e', valid)).format).toBe('upc-e');
          const wrong = valid.slice(0, i) + String((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
          expect(code(productCodeAs('upc-e', wrong))).toBe('barcode.bad-check-digit');
        },
      ),
    );
  });

  it('a partial read of an EAN-13 never comes back as the same product, and most lengths are refused', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (body, keep) => {
          const full = withCheck(`4${body.slice(1)}`);
          const r = parseScan(full.slice(0, keep));
          if (r.ok) {
            expect([8, 12]).toContain(keep);
            expect(scanGtin14(r.value)).not.toBe(full.padStart(14, '0'));
          } else {
            expect(r.error.code).toMatch(/^barcode\./);
          }
        },
      ),
    );
  });
});

describe('8-digit codes without a symbology identifier', () => {
  // 01234565 is a valid EAN-8 and a valid UPC-E (expanding to 012345000065).
  const both = '0123456' + String(gs1CheckDigit('0123456'));

  it('follows the store preference and reports the other reading', () => {
    expect(upcECheckDigit('0123456')).toBe(gs1CheckDigit('0123456'));
    const asEan = ok(parseProductCode(both, 'ean-8'));
    expect(asEan.format).toBe('ean-8');
    expect(asEan.alternate).toEqual({ format: 'upc-e', gtin14: '00012345000065' });
    const asUpc = ok(parseScan(both, scanConfigSchema.parse({ eightDigit: 'upc-e' })));
    expect(asUpc).toMatchObject({ kind: 'product', product: { format: 'upc-e', alternate: { format: 'ean-8' } } });
  });

  it('the symbology identifier settles it: ]E4 is EAN-8, ]E0 with 8 digits is UPC-E', () => {
    expect(ok(parseScan(`]E4${both}`))).toMatchObject({ product: { format: 'ean-8', gtin14: `000000${both}` } });
    expect(ok(parseScan(`]E0${both}`))).toMatchObject({ product: { format: 'upc-e', gtin14: '00012345000065' } });
    expect(ok(parseScan(`]E0${both}`))).not.toHaveProperty('product.alternate');
  });
});

describe('scanner framing and noise', () => {
  it('strips Enter/Tab suffixes and the AIM identifier', () => {
    expect(ok(parseScan('4006381333931\r\n'))).toMatchObject({ product: { gtin14: '04006381333931' } });
    const s = ok(parseScan(']E04006381333931\t'));
    expect(s.symbology).toEqual({ id: ']E0', symbology: 'ean-upc', gs1: false });
    expect(scanGtin14(s)).toBe('04006381333931');
  });

  it('rejects control bytes anywhere in the data', () => {
    expect(code(parseScan('40063\u000081333931'))).toBe('barcode.noise');
    expect(code(parseScan('\u00024006381333931\u0003'))).toBe('barcode.noise');
    expect(code(parseScan('4006381333931\u001b'))).toBe('barcode.noise');
    expect(code(parseScan('40063813\u00853931'))).toBe('barcode.noise');
  });

  it('rejects empty reads, a bare identifier and malformed identifiers', () => {
    expect(code(parseScan(''))).toBe('barcode.empty');
    expect(code(parseScan('\r\n'))).toBe('barcode.empty');
    expect(code(parseScan(']E0'))).toBe('barcode.empty');
    expect(code(parseScan(']!04006381333931'))).toBe('barcode.bad-symbology-identifier');
    expect(code(splitSymbologyId(']E'))).toBe('barcode.bad-symbology-identifier');
    expect(code(parseScan('9'.repeat(600)))).toBe('barcode.wrong-length');
  });

  it('refuses data of the wrong length for the symbology it claims', () => {
    expect(code(parseScan(']E4400638133393'))).toBe('barcode.wrong-length');
    expect(code(parseScan(']E040063813339'))).toBe('barcode.wrong-length');
    expect(code(parseScan(']I1400638133393'))).toBe('barcode.wrong-length');
  });

  it('inserting any control byte into a good scan makes it a rejection, never a product', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 13 }),
        fc.integer({ min: 0, max: 0x1f }).filter((c) => ![0x09, 0x0a, 0x0d, 0x1d].includes(c)),
        (at, c) => {
          const noisy = '4006381333931'.slice(0, at) + String.fromCharCode(c) + '4006381333931'.slice(at);
          expect(code(parseScan(noisy))).toBe('barcode.noise');
        },
      ),
    );
  });

  it('arbitrary input never throws, and any product it accepts has a valid check digit', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom(...'0123456789]E04C1d2Q3()\u001d\r\n'), maxLength: 40 })),
        (input) => {
          const r = parseScan(input, LAYOUTS);
          if (!r.ok) {
            expect(r.error.code).toMatch(/^barcode\./);
            return;
          }
          const gtin = scanGtin14(r.value);
          if (gtin !== undefined) expect(gtin).toBe(withCheck(gtin.slice(0, 13)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('EAN/UPC with add-on (]E3)', () => {
  it('splits an ISBN with its 5-digit price add-on', () => {
    const s = ok(parseScan(']E3978030640615751995'));
    expect(s).toMatchObject({ kind: 'product', product: { format: 'ean-13', gtin14: '09780306406157' }, addOn: '51995' });
  });

  it('splits a magazine with its 2-digit issue add-on', () => {
    expect(ok(parseScan(']E3978030640615703'))).toMatchObject({ addOn: '03' });
    expect(code(parseScan(']E39780306406157031'))).toBe('barcode.wrong-length');
  });
});

describe('non-GS1 symbologies', () => {
  it('returns Code 128 and plain QR content as text for the coupon and badge readers', () => {
    expect(ok(parseScan(']C0EMP-0042'))).toEqual({
      kind: 'text',
      symbology: { id: ']C0', symbology: 'code-128', gs1: false },
      text: 'EMP-0042',
    });
    expect(ok(parseScan(']Q1https://example.org/coupon/42'))).toMatchObject({ kind: 'text', text: 'https://example.org/coupon/42' });
    expect(ok(parseScan(']Z9anything'))).toMatchObject({ kind: 'text', symbology: { symbology: 'other' } });
  });

  it('does not guess at letters without a symbology identifier', () => {
    expect(code(parseScan('EMP-0042'))).toBe('barcode.non-digit');
  });
});

// Layouts as a store would configure them (positions in the 13-digit form).
const LAYOUTS: ScanConfig = scanConfigSchema.parse({
  variableMeasure: [
    { name: 'price-5', prefix: '21', itemCode: { start: 2, length: 5 }, measure: 'price', value: { start: 7, length: 5 } },
    {
      name: 'upc-price-4',
      prefix: '02',
      itemCode: { start: 2, length: 5 },
      measure: 'price',
      valueCheckDigit: 7,
      value: { start: 8, length: 4 },
    },
    { name: 'weight', prefix: '28', itemCode: { start: 2, length: 5 }, measure: 'weight', value: { start: 7, length: 5 } },
    {
      name: 'price-5-checked',
      prefix: '29',
      itemCode: { start: 2, length: 4 },
      measure: 'price',
      valueCheckDigit: 6,
      value: { start: 7, length: 5 },
    },
    { name: 'catch-all', prefix: '2', itemCode: { start: 1, length: 6 }, measure: 'price', value: { start: 7, length: 5 } },
  ],
});

function item(scan: Scan) {
  if (scan.kind !== 'variable-measure') throw new Error(`expected a variable-measure scan, got ${scan.kind}`);
  return scan.item;
}

describe('variable-measure labels from the scale', () => {
  it('reads item 12345 at 12.34 from a "21 IIIII PPPPP C" label', () => {
    const it1 = item(ok(parseScan('2112345012346', LAYOUTS)));
    expect(it1).toMatchObject({ layout: 'price-5', itemCode: '12345', measure: 'price', priceMinor: 1234, gtin14: '02112345012346' });
    expect(it1.lookupGtin14).toBe('02112345000008');
  });

  it('every label of one item looks up the same catalog entry, whatever the price', () => {
    const a = item(ok(parseScan(withCheck('211234500150'), LAYOUTS)));
    const b = item(ok(parseScan(withCheck('211234509990'), LAYOUTS)));
    expect(a.lookupGtin14).toBe(b.lookupGtin14);
    expect([a.measure === 'price' && a.priceMinor, b.measure === 'price' && b.priceMinor]).toEqual([150, 9990]);
  });

  it('reads a weight in grams', () => {
    expect(item(ok(parseScan('2801234012504', LAYOUTS)))).toMatchObject({
      layout: 'weight',
      itemCode: '01234',
      measure: 'weight',
      weightGrams: 1250,
    });
  });

  it('checks the 4-digit price check digit on a UPC-A label (price 28.75, check digit 9)', () => {
    expect(item(ok(parseScan('212345928752', LAYOUTS)))).toMatchObject({ layout: 'upc-price-4', itemCode: '12345', priceMinor: 2875 });
    const tampered = withCheck('21234582875');
    expect(code(parseScan(tampered, LAYOUTS))).toBe('barcode.bad-price-check-digit');
  });

  it('checks the 5-digit price check digit (price 146.85, check digit 6)', () => {
    expect(item(ok(parseScan('2912346146855', LAYOUTS)))).toMatchObject({ layout: 'price-5-checked', itemCode: '1234', priceMinor: 14685 });
    expect(code(parseScan('2912347146854', LAYOUTS))).toBe('barcode.bad-price-check-digit');
  });

  it('uses the longest matching prefix', () => {
    expect(item(ok(parseScan(withCheck('231234500150'), LAYOUTS)))).toMatchObject({
      layout: 'catch-all',
      itemCode: '312345',
      priceMinor: 150,
    });
  });

  it('without a layout, an in-store 2x code is an ordinary store-assigned product', () => {
    expect(ok(parseScan('2112345012346'))).toMatchObject({
      kind: 'product',
      restrictedCirculation: true,
      product: { gtin14: '02112345012346' },
    });
    expect(decodeVariableMeasure('2112345012346', [])).toBeNull();
  });

  it('a mis-keyed price on a checked label is always caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (itemNo, price, at, delta) => {
          const priceText = String(price).padStart(5, '0');
          const label = withCheck(`29${String(itemNo).padStart(4, '0')}${priceCheckDigitOf(priceText)}${priceText}`);
          expect(item(ok(parseScan(label, LAYOUTS)))).toMatchObject({ itemCode: String(itemNo).padStart(4, '0'), priceMinor: price });
          const i = 7 + (at % 5);
          const wrongBody = label.slice(0, i) + String((Number(label[i]) + delta) % 10) + label.slice(i + 1, 12);
          expect(code(parseScan(withCheck(wrongBody), LAYOUTS))).toBe('barcode.bad-price-check-digit');
        },
      ),
    );
  });

  it('layout config is validated: overlapping fields and a check digit on a 3-digit price are refused', () => {
    const base = { name: 'x', prefix: '21', itemCode: { start: 2, length: 5 }, measure: 'price' };
    expect(variableMeasureLayoutSchema.safeParse({ ...base, value: { start: 7, length: 5 } }).success).toBe(true);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, value: { start: 6, length: 5 } }).success).toBe(false);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, value: { start: 8, length: 5 } }).success).toBe(false);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, value: { start: 9, length: 3 }, valueCheckDigit: 8 }).success).toBe(false);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, value: { start: 8, length: 4 }, valueCheckDigit: 7 }).success).toBe(true);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, prefix: '30', value: { start: 7, length: 5 } }).success).toBe(false);
    expect(variableMeasureLayoutSchema.safeParse({ ...base, measure: 'volume', value: { start: 7, length: 5 } }).success).toBe(false);
  });
});

function priceCheckDigitOf(value: string): string {
  // Independent restatement of GS1 7.9.3 for 5 digits, for the property above.
  const fivePlus = (d: number): number => (d * 5 + Math.floor((d * 5) / 10)) % 10;
  const twoMinus = (d: number): number => (d * 2 - Math.floor((d * 2) / 10) + 10) % 10;
  const fiveMinus = (d: number): number => (d * 5 - Math.floor((d * 5) / 10) + 10) % 10;
  const d = [...value].map(Number);
  const sum = fivePlus(d[0]!) + twoMinus(d[1]!) + fiveMinus(d[2]!) + fivePlus(d[3]!) + twoMinus(d[4]!);
  const target = (10 - (sum % 10)) % 10;
  for (let c = 0; c < 10; c++) if (fiveMinus(c) === target) return String(c);
  throw new Error('no check digit');
}

describe('GS1 data through the scan path', () => {
  it('reads a GS1-128 label with GTIN, weight and batch', () => {
    const s = ok(parseScan(`]C10109501101530003${GS}3103001250${GS}10LOT-7`));
    expect(s).toMatchObject({
      kind: 'gs1',
      summary: { gtin14: '09501101530003', netWeightKg: { value: 1250, decimals: 3 }, batch: 'LOT-7' },
    });
    expect(scanGtin14(s)).toBe('09501101530003');
  });

  it('reads GS1 DataMatrix and GS1 QR, and GS-separated or bracketed data without an identifier', () => {
    for (const raw of [
      `]d20109501101530003${GS}17250600`,
      `]Q30109501101530003${GS}17250600`,
      `0109501101530003${GS}17250600`,
      '(01)09501101530003(17)250600',
    ]) {
      expect(ok(parseScan(raw))).toMatchObject({ kind: 'gs1', summary: { gtin14: '09501101530003', expiry: { yy: 25, mm: 6, dd: 0 } } });
    }
  });

  it('rejects a GS1 label with a wrong GTIN check digit', () => {
    expect(code(parseScan(']C10109501101530004'))).toBe('barcode.bad-check-digit');
  });
});
