import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GS,
  gs1CheckDigit,
  gs1DateToIso,
  hasValidCheckDigit,
  parseBracketed,
  parseElementString,
  parseGs1,
  priceCheckDigit,
  resolveGs1Date,
  summarizeGs1,
  type BarcodeResult,
  type Gs1Element,
} from '../../../../core/catalog/gs1.ts';
import { rescale } from '../../../../core/money/rounding.ts';

function ok<T>(r: BarcodeResult<T>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function code<T>(r: BarcodeResult<T>): string | null {
  return r.ok ? null : r.error.code;
}

describe('check digits', () => {
  it('validates the GS1 example SSCC and GTIN', () => {
    expect(hasValidCheckDigit('106141411234567897')).toBe(true);
    expect(hasValidCheckDigit('09501101530003')).toBe(true);
    expect(hasValidCheckDigit('09501101530004')).toBe(false);
    expect(hasValidCheckDigit('0950110153000A')).toBe(false);
    expect(gs1CheckDigit('400638133393')).toBe(1);
  });

  it('computes the GS1 price check digit: 2875 -> 9 (4 digits), 14685 -> 6 (5 digits)', () => {
    expect(priceCheckDigit('2875')).toBe(9);
    expect(priceCheckDigit('14685')).toBe(6);
    expect(() => priceCheckDigit('123')).toThrow(expect.objectContaining({ code: 'barcode.wrong-length' }));
  });

  it('the price check digit catches any single wrong digit in a 4- or 5-digit price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 5 }),
        fc.nat({ max: 99_999 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (length, n, at, delta) => {
          const value = String(n % 10 ** length).padStart(length, '0');
          const i = at % length;
          const wrong = value.slice(0, i) + String((Number(value[i]) + delta) % 10) + value.slice(i + 1);
          expect(priceCheckDigit(wrong)).not.toBe(priceCheckDigit(value));
        },
      ),
    );
  });
});

describe('GS1 element strings', () => {
  const expected = [
    { ai: '01', name: 'gtin', raw: '09501101530003', value: { type: 'digits', digits: '09501101530003' } },
    { ai: '17', name: 'expiry', raw: '250630', value: { type: 'date', date: { yy: 25, mm: 6, dd: 30 } } },
    { ai: '10', name: 'batch', raw: 'AB-123', value: { type: 'text', text: 'AB-123' } },
    { ai: '21', name: 'serial', raw: 'X9', value: { type: 'text', text: 'X9' } },
  ];

  it('reads the same label from the scanner (FNC1 as GS) and from its printed text', () => {
    expect(ok(parseElementString(`010950110153000317250630` + `10AB-123${GS}21X9`))).toEqual(expected);
    expect(ok(parseBracketed('(01)09501101530003(17)250630(10)AB-123(21)X9'))).toEqual(expected);
  });

  it('tolerates a leading FNC1 and a redundant separator after a fixed-length field', () => {
    expect(ok(parseGs1(`${GS}0109501101530003` + `17250630${GS}10AB-123${GS}21X9`))).toEqual(expected);
    expect(ok(parseGs1(`01095011015300031725063010AB-123${GS}21X9${GS}`)).length).toBe(4);
  });

  it('reads weight in kg and lb with their decimals: (3103)001250 is 1.250 kg = 1250 g', () => {
    const s = summarizeGs1(ok(parseGs1('(01)09501101530003(3103)001250(3202)000275')));
    expect(s.netWeightKg).toEqual({ value: 1250, decimals: 3 });
    expect(s.netWeightLb).toEqual({ value: 275, decimals: 2 });
    expect(rescale(s.netWeightKg!.value, s.netWeightKg!.decimals, 3, 'half-up')).toBe(1250);
    const precise = summarizeGs1(ok(parseGs1('(3104)012345'))).netWeightKg!;
    expect(precise).toEqual({ value: 12345, decimals: 4 });
    expect(rescale(precise.value, precise.decimals, 3, 'half-up')).toBe(1235);
  });

  it('reads a price in the store currency (392n) and with an ISO currency (393n)', () => {
    const local = summarizeGs1(ok(parseGs1('0109501101530003' + '39221299')));
    expect(local.price).toEqual({ amount: { value: 1299, decimals: 2 } });
    expect(rescale(local.price!.amount.value, 2, 0, 'half-up')).toBe(13); // in whole TWD
    const euro = summarizeGs1(ok(parseGs1('(01)09501101530003(3932)9781299')));
    expect(euro.price).toEqual({ amount: { value: 1299, decimals: 2 }, currencyNumeric: '978', currency: 'EUR' });
    const unknown = summarizeGs1(ok(parseGs1('(3930)999500')));
    expect(unknown.price).toEqual({ amount: { value: 500, decimals: 0 }, currencyNumeric: '999' });
  });

  it('reads logistic data: SSCC, contained GTIN with count, dates, variable count', () => {
    const s = summarizeGs1(
      ok(parseGs1(`00106141411234567897` + `0209501101530003` + `3724${GS}` + `11240101` + `13240102` + `15240301` + `305`)),
    );
    expect(s).toMatchObject({
      sscc: '106141411234567897',
      contentGtin14: '09501101530003',
      count: 5,
      productionDate: { yy: 24, mm: 1, dd: 1 },
      packagingDate: { yy: 24, mm: 1, dd: 2 },
      bestBefore: { yy: 24, mm: 3, dd: 1 },
    });
  });

  it('a variable-length field runs to the next separator', () => {
    const [batch, serial] = ok(parseGs1(`10ABC${GS}21XYZ`));
    expect([batch!.raw, serial!.raw]).toEqual(['ABC', 'XYZ']);
  });
});

describe('rejected GS1 data', () => {
  it('a wrong GTIN or SSCC check digit', () => {
    expect(code(parseGs1('(01)09501101530004'))).toBe('barcode.bad-check-digit');
    expect(code(parseGs1('00106141411234567890'))).toBe('barcode.bad-check-digit');
  });

  it('a partial read that ends inside a fixed-length field', () => {
    expect(code(parseGs1('010950110153'))).toBe('barcode.gs1-truncated');
    expect(code(parseGs1(`0109501101530003172506${GS}10A`))).toBe('barcode.gs1-truncated');
    expect(code(parseGs1('(01)0950110153000'))).toBe('barcode.gs1-truncated');
    expect(code(parseGs1('310'))).toBe('barcode.gs1-truncated');
  });

  it('cutting a label anywhere inside its last fixed-length field is always caught', () => {
    const full = '0109501101530003172506303103001250';
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), (cut) => {
        expect(code(parseGs1(full.slice(0, full.length - cut)))).toMatch(/^barcode\.gs1-(truncated|unknown-ai)$/);
      }),
    );
  });

  it('application identifiers this till does not know, or decimals out of range', () => {
    expect(code(parseGs1('99ABC'))).toBe('barcode.gs1-unknown-ai');
    expect(code(parseGs1('(3106)001250'))).toBe('barcode.gs1-unknown-ai');
    expect(code(parseGs1('(0)1'))).toBe('barcode.unknown-format');
    expect(code(parseGs1('(310)001250'))).toBe('barcode.gs1-unknown-ai');
  });

  it('impossible dates; DD 00 (end of month) is allowed', () => {
    expect(ok(parseGs1('(17)250200'))[0]!.value).toEqual({ type: 'date', date: { yy: 25, mm: 2, dd: 0 } });
    expect(ok(parseGs1('(17)240229')).length).toBe(1);
    for (const bad of ['(17)251301', '(17)250001', '(17)250431', '(17)250229', '(15)251232'])
      expect(code(parseGs1(bad))).toBe('barcode.gs1-bad-date');
    expect(code(parseGs1('(17)25063'))).toBe('barcode.gs1-truncated');
    expect(code(parseGs1('(17)25O630'))).toBe('barcode.gs1-bad-value');
  });

  it('values that break their format: too long, empty, outside the GS1 character set', () => {
    expect(code(parseGs1(`10${'A'.repeat(21)}`))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1(`10${GS}21X`))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1(`10${GS}`))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1('10AB C'))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1('(10)批號'))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1('(30)123456789'))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1('(3922)1234567890123456'))).toBe('barcode.gs1-bad-value');
    expect(code(parseGs1(GS))).toBe('barcode.empty');
  });

  it('the same AI twice with different values; an exact repeat is harmless', () => {
    expect(code(parseGs1('(10)A(10)B'))).toBe('barcode.gs1-duplicate-ai');
    expect(ok(parseGs1('(10)A(10)A'))).toHaveLength(1);
  });
});

describe('GS1 dates', () => {
  it('resolves DD 00 to the last day of the month, leap years included', () => {
    expect(gs1DateToIso({ yy: 24, mm: 2, dd: 0 }, 2025)).toBe('2024-02-29');
    expect(gs1DateToIso({ yy: 25, mm: 2, dd: 0 }, 2025)).toBe('2025-02-28');
    expect(gs1DateToIso({ yy: 25, mm: 4, dd: 0 }, 2025)).toBe('2025-04-30');
    expect(gs1DateToIso({ yy: 25, mm: 6, dd: 15 }, 2025)).toBe('2025-06-15');
  });

  it('places YY within 49 years back and 50 ahead of the reference year', () => {
    expect(resolveGs1Date({ yy: 75, mm: 1, dd: 1 }, 2025).year).toBe(2075);
    expect(resolveGs1Date({ yy: 76, mm: 1, dd: 1 }, 2025).year).toBe(1976);
    expect(resolveGs1Date({ yy: 5, mm: 1, dd: 1 }, 2060).year).toBe(2105);
    expect(resolveGs1Date({ yy: 99, mm: 12, dd: 31 }, 2001).year).toBe(1999);
  });
});

describe('round trip over random labels', () => {
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const gtin = digits(13).map((b) => b + String(gs1CheckDigit(b)));
  // CSET 82 without parentheses, which the bracketed form cannot carry unambiguously.
  const text = fc.string({
    unit: fc.constantFrom(...'!"%&\'*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'),
    minLength: 1,
    maxLength: 20,
  });
  const date = fc.record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 0, max: 28 }) });
  const pad2 = (n: number) => String(n).padStart(2, '0');

  it('the GS form and the bracketed form of any label parse to the same elements', () => {
    fc.assert(
      fc.property(
        gtin,
        date,
        text,
        fc.integer({ min: 0, max: 5 }),
        fc.nat({ max: 999_999 }),
        fc.option(text),
        (g, d, batch, n, weight, serial) => {
          const fields: [string, string, boolean][] = [
            ['01', g, true],
            ['17', `${pad2(d.yy)}${pad2(d.mm)}${pad2(d.dd)}`, true],
            [`310${n}`, String(weight).padStart(6, '0'), true],
            ['10', batch, false],
          ];
          if (serial !== null) fields.push(['21', serial, false]);
          const gsForm = fields.map(([ai, v, fixed], i) => ai + v + (!fixed && i < fields.length - 1 ? GS : '')).join('');
          const bracketed = fields.map(([ai, v]) => `(${ai})${v}`).join('');
          const a: Gs1Element[] = ok(parseGs1(gsForm));
          expect(ok(parseGs1(bracketed))).toEqual(a);
          const s = summarizeGs1(a);
          expect(s.gtin14).toBe(g);
          expect(s.batch).toBe(batch);
          expect(s.netWeightKg).toEqual({ value: weight, decimals: n });
          expect(s.expiry).toEqual(d);
          expect(s.serial).toBe(serial ?? undefined);
        },
      ),
    );
  });
});
