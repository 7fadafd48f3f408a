import { describe, expect, it } from 'vitest';
import { CatalogCsvReader, formatCatalogCsvError, parseCatalogCsv } from '../../../../core/catalog/csv.ts';
import { CATALOG_HEADER, GOOD_ROWS, readCatalogRows } from '../../../helpers/catalog-csv.ts';

describe('catalog files', () => {
  it('reports each bad row with its line and column and keeps reading', () => {
    const r = readCatalogRows([
      GOOD_ROWS[0]!,
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
    const r = readCatalogRows([GOOD_ROWS[0]!, 'P-2,1002,Tea "special",,,,drinks,standard,each,1,,,,1,']);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, column: 'name', code: 'csv.stray-quote' })]);
  });

  it('reads a file fed in small chunks exactly as the whole', () => {
    const text = '\ufeff' + [CATALOG_HEADER, ...GOOD_ROWS].join('\r\n');
    const whole = parseCatalogCsv(text, { minorDigits: 0 });
    const seen: number[] = [];
    const reader = new CatalogCsvReader({ minorDigits: 0, onRecord: (n) => seen.push(n) });
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    expect(reader.end()).toEqual(whole);
    expect(seen).toEqual([1, 2, 3]);
  });
});
