import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CatalogCsvReader,
  CsvReader,
  formatCatalogCsvError,
  formatCsv,
  parseCatalogCsv,
  parseCsv,
  type CatalogCsvResult,
} from '../../../../core/catalog/csv.ts';
import { searchKey, spacedIdeographs, unsafeCharacter } from '../../../../core/catalog/normalize.ts';

const fields = (text: string | string[]) => parseCsv(text).map((r) => r.fields);

/** Feeds `text` in pieces cut at the given positions. */
function pieces(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

describe('RFC 4180 reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,"b,c","say ""hi""","line1\nline2",""\r\n1,2,3,4,5\r\n';
    expect(fields(text)).toEqual([
      ['a', 'b,c', 'say "hi"', 'line1\nline2', ''],
      ['1', '2', '3', '4', '5'],
    ]);
  });

  it('takes CRLF, LF and CR line ends, keeps CRLF inside quotes verbatim, and needs no final line break', () => {
    expect(fields('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(fields('"x\r\ny",z\r\n')).toEqual([['x\r\ny', 'z']]);
  });

  it('strips one UTF-8 BOM at the start only', () => {
    expect(fields('\ufeffid,name\r\n1,\ufeffx\r\n')).toEqual([
      ['id', 'name'],
      ['1', '\ufeffx'],
    ]);
    expect(fields(['', '\ufeff', 'a,b'])).toEqual([['a', 'b']]);
  });

  it('skips blank lines; a record of one empty field is written ""', () => {
    expect(fields('a\r\n\r\n\nb\r\n""\r\n')).toEqual([['a'], ['b'], ['']]);
    expect(fields('a,\r\n,\r\n')).toEqual([
      ['a', ''],
      ['', ''],
    ]);
    expect(fields('')).toEqual([]);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\r\n"multi\r\nline\nvalue",x\r\n\r\nnext,y\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it('reports a stray quote, text after a closing quote and an unterminated quote with line and field', () => {
    const [a, b, c] = parseCsv('ok,ab"c\r\n"ab"c,ok\r\nok,"never closed\r\nmore\r\n');
    expect(a!.error).toMatchObject({ code: 'csv.stray-quote', line: 1, field: 1 });
    expect(a!.fields).toEqual(['ok', 'ab"c']);
    expect(b!.error).toMatchObject({ code: 'csv.text-after-quote', line: 2, field: 0 });
    expect(c!.error).toMatchObject({ code: 'csv.unterminated-quote', line: 3, field: 1 });
  });

  it('gives the same records whichever way the text is cut into chunks', () => {
    const text = '\ufeffid,"na""me",x\r\n1,"a,\r\nb",""\r\n2,c,"d"\r\n3,"",e';
    const whole = parseCsv(text);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(parseCsv([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(whole);
    }
  });

  it('property: any table of strings written as CSV reads back identically, in any chunking, with or without BOM', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\r', '\n', '\ufeff', '茶', 'é', '\t', '😀'),
      maxLength: 8,
    });
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (rows, cuts, bom) => {
        const text = (bom ? '\ufeff' : '') + formatCsv(rows);
        expect(parseCsv(pieces(text, cuts)).map((r) => r.fields)).toEqual(rows);
        expect(parseCsv(text).every((r) => r.error === undefined)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: arbitrary Unicode text also round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        (rows) => {
          expect(fields(formatCsv(rows))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to be fed after end', () => {
    const r = new CsvReader();
    r.end();
    expect(() => r.push('a')).toThrow();
  });
});

const HEADER =
  'product_id,sku,name,name_en,name_zh_tw,name_zh_cn,department,tax_class,unit,price_retail,price_member,price_vip,barcodes,active,item_code';

function catalog(rows: string[], minorDigits = 0): CatalogCsvResult {
  return parseCatalogCsv([HEADER, ...rows].join('\r\n') + '\r\n', { minorDigits });
}

const GOOD = [
  'P-1,1001,凍頂烏龍茶 500ml,Dongding Oolong Tea 500ml,凍頂烏龍茶 500ml,冻顶乌龙茶 500ml,drinks,standard,each,30,28,27,4711037000012,1,',
  // EAN-8 and UPC-A, padded to GTIN-14; an empty vip price; inactive
  'P-2,1002,"Coconut water, 330ml",,,,drinks,standard,each,39,37,,47100299|088800000178,0,',
  'P-3,1003,香蕉,Bananas (per kg),香蕉,香蕉,produce,zero,kg,80,76,72,,yes,10001',
];

describe('catalog files', () => {
  it('turns good rows into products: minor units, GTIN-14 barcodes, names per language, tiers', () => {
    const r = catalog(GOOD);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ records: 3, rejected: 0, tiers: ['retail', 'member', 'vip'], headerOk: true });
    expect(r.items[0]).toEqual({
      productId: 'P-1',
      sku: '1001',
      name: '凍頂烏龍茶 500ml',
      names: { en: 'Dongding Oolong Tea 500ml', 'zh-TW': '凍頂烏龍茶 500ml', 'zh-CN': '冻顶乌龙茶 500ml' },
      department: 'drinks',
      taxClass: 'standard',
      unit: 'each',
      prices: { retail: 30, member: 28, vip: 27 },
      barcodes: ['04711037000012'],
      active: true,
      itemCode: null,
    });
    expect(r.items[1]).toMatchObject({
      name: 'Coconut water, 330ml',
      names: {},
      prices: { retail: 39, member: 37 },
      barcodes: ['00000047100299', '00088800000178'],
      active: false,
    });
    expect(r.items[2]).toMatchObject({ unit: 'kg', itemCode: '10001', barcodes: [], active: true });
  });

  it('converts decimal prices exactly in the store currency, refusing extra decimals and junk', () => {
    const row = (price: string) => `P-9,9,Tea,,,,drinks,standard,each,${price},,,,1,`;
    expect(catalog([row('12.5')], 2).items[0]!.prices.retail).toBe(1250);
    expect(catalog([row('0.07')], 2).items[0]!.prices.retail).toBe(7);
    expect(catalog([row('19.99')], 2).items[0]!.prices.retail).toBe(1999);
    expect(catalog([row('１２０')], 0).items[0]!.prices.retail).toBe(120);
    for (const bad of ['12.5', '1,000', '-3', '1e3', 'abc', '']) {
      const r = catalog([row(bad.includes(',') ? `"${bad}"` : bad)], 0);
      expect(r.errors, bad).toHaveLength(1);
      expect(r.errors[0], bad).toMatchObject({
        line: 2,
        column: 'price_retail',
        code: bad === '' ? 'catalog.required' : 'catalog.bad-price',
      });
    }
  });

  it('reports each bad row with its line and column and keeps reading', () => {
    const r = catalog([
      GOOD[0]!,
      'P-4,1004,Tea,,,,drinks,standard,each,12.50,,,,1,', // line 3: decimals in TWD
      'P-5,1005,Tea,,,,drinks,standard,each,12,,,4711037000013,1,', // line 4: bad check digit
      'P-6,1001,Tea,,,,drinks,standard,each,12,,,,1,', // line 5: SKU of line 2
      'P-7,1007,Tea,,,,drinks,standard,each,12,,,04711037000012,1,', // line 6: same GTIN as line 2
      'P-8,1008,"Tea\u0007bell",,,,drinks,standard,each,12,,,,1,', // line 7: control character
      'P-9,1009,"Tea\u202Egnirts",,,,drinks,standard,box,12,,,,maybe,', // line 8: bidi override, unit, active
      'P-10,1010,"two\nlines",,,,drinks,standard,each,12,,,,1,', // line 9 (spans 10): newline in a name
      'P-11,1011,Tea,,,,drinks,standard,each', // line 11: too few fields
      'P-1,1012,Tea,,,,drinks,standard,each,12,,,,1,', // line 12: product id of line 2
      ',1013, ,,,,drinks,standard,each,12,,,,1,123456789012', // line 13: empty id and name, item code too long
    ]);
    expect(r.records).toBe(11);
    expect(r.items.map((i) => i.productId)).toEqual(['P-1']);
    expect(r.rejected).toBe(10);
    const got = r.errors.map((e) => [e.line, e.column, e.code]);
    expect(got).toEqual([
      [3, 'price_retail', 'catalog.bad-price'],
      [4, 'barcodes', 'catalog.bad-barcode'],
      [5, 'sku', 'catalog.duplicate-sku'],
      [6, 'barcodes', 'catalog.duplicate-barcode'],
      [7, 'name', 'catalog.control-character'],
      [8, 'name', 'catalog.control-character'],
      [8, 'unit', 'catalog.bad-unit'],
      [8, 'active', 'catalog.bad-active'],
      [9, 'name', 'catalog.control-character'],
      [11, null, 'csv.field-count'],
      [12, 'product_id', 'catalog.duplicate-product-id'],
      [13, 'product_id', 'catalog.required'],
      [13, 'name', 'catalog.required'],
      [13, 'item_code', 'catalog.bad-item-code'],
    ]);
    expect(r.errors.find((e) => e.code === 'catalog.duplicate-sku')!.message).toMatch(/already used on line 2/);
    expect(formatCatalogCsvError(r.errors[0]!)).toBe(
      'line 3, column price_retail: "12.50" is not a price with at most 0 decimals [catalog.bad-price]',
    );
    expect(r.rejectedProductIds).toEqual(['P-4', 'P-5', 'P-6', 'P-7', 'P-8', 'P-9', 'P-10', 'P-11', 'P-1']);
  });

  it('reports CSV syntax errors in a row at their line and column', () => {
    const r = catalog([GOOD[0]!, 'P-2,1002,Tea "special",,,,drinks,standard,each,1,,,,1,']);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, column: 'name', code: 'csv.stray-quote' })]);
  });

  it('checks the header: required, unknown and repeated columns; any price_<tier>; case and spaces forgiven', () => {
    const bad = parseCatalogCsv('product_id,sku,name,colour,name\r\nP-1,1,x,red,y\r\n', { minorDigits: 0 });
    expect(bad.headerOk).toBe(false);
    expect(bad.items).toEqual([]);
    expect(bad.errors.map((e) => [e.column, e.code])).toEqual([
      ['colour', 'catalog.unknown-column'],
      ['name', 'catalog.duplicate-column'],
      ['department', 'catalog.missing-column'],
      ['tax_class', 'catalog.missing-column'],
      ['unit', 'catalog.missing-column'],
      ['price_retail', 'catalog.missing-column'],
    ]);
    const ok = parseCatalogCsv(
      ' Product_ID ,SKU,Name,Department,Tax_Class,Unit,price_staff,Price_Retail\r\nP-1,1,Tea,drinks,standard,each,5,10\r\n',
      { minorDigits: 0 },
    );
    expect(ok.errors).toEqual([]);
    expect(ok.tiers).toEqual(['retail', 'staff']);
    expect(ok.items[0]).toMatchObject({ prices: { retail: 10, staff: 5 }, barcodes: [], active: true, names: {} });
    expect(parseCatalogCsv('', { minorDigits: 0 }).errors[0]!.code).toBe('csv.empty');
  });

  it('reads a file fed in small chunks exactly as the whole', () => {
    const text = '\ufeff' + [HEADER, ...GOOD].join('\r\n');
    const whole = parseCatalogCsv(text, { minorDigits: 0 });
    const seen: number[] = [];
    const reader = new CatalogCsvReader({ minorDigits: 0, onRecord: (n) => seen.push(n) });
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    expect(reader.end()).toEqual(whole);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('search folding', () => {
  it('folds width, case, Latin accents and white space; keeps Traditional and Simplified apart', () => {
    expect(searchKey('Ｏｏｌｏｎｇ　ＴＥＡ')).toBe('oolong tea');
    expect(searchKey('  Café   Latte ')).toBe('cafe latte');
    expect(searchKey('ｶﾀｶﾅ ガ')).toBe('カタカナ ガ');
    expect(searchKey('烏龍茶')).not.toBe(searchKey('乌龙茶'));
    expect(searchKey('Cafe\u0301 ＣＡＦÉ')).toBe('cafe cafe');
    expect(spacedIdeographs('烏龍茶 500ml')).toBe('烏 龍 茶 500ml');
    expect(spacedIdeographs('a烏b 7-11便當')).toBe('a 烏 b 7-11 便 當');
    expect(spacedIdeographs('カタカナ')).toBe('カ タ カ ナ');
  });

  it('names the first unsafe character', () => {
    expect(unsafeCharacter('Tea\u0007')).toBe('U+0007');
    expect(unsafeCharacter('a\u202Eb')).toBe('U+202E');
    expect(unsafeCharacter('\ud800')).toBe('U+D800');
    expect(unsafeCharacter('烏龍茶 Oolong 😀')).toBeNull();
  });
});
