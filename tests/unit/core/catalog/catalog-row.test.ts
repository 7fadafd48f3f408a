import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../../../core/catalog/csv.ts';
import { CATALOG_HEADER, GOOD_ROWS, readCatalogRows } from '../../../helpers/catalog-csv.ts';

describe('catalog rows', () => {
  it('turns good rows into products: minor units, GTIN-14 barcodes, names per language, tiers', () => {
    const r = readCatalogRows(GOOD_ROWS);
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
    expect(readCatalogRows([row('12.5')], 2).items[0]!.prices.retail).toBe(1250);
    expect(readCatalogRows([row('0.07')], 2).items[0]!.prices.retail).toBe(7);
    expect(readCatalogRows([row('19.99')], 2).items[0]!.prices.retail).toBe(1999);
    expect(readCatalogRows([row('１２０')], 0).items[0]!.prices.retail).toBe(120);
    for (const bad of ['12.5', '1,000', '-3', '1e3', 'abc', '']) {
      const r = readCatalogRows([row(bad.includes(',') ? `"${bad}"` : bad)], 0);
      expect(r.errors, bad).toHaveLength(1);
      expect(r.errors[0], bad).toMatchObject({
        line: 2,
        column: 'price_retail',
        code: bad === '' ? 'catalog.required' : 'catalog.bad-price',
      });
    }
  });

  it('reads the optional serialized column: yes marks a product sold with its serial, empty or no does not', () => {
    const file = (cells: string[]) =>
      [`${CATALOG_HEADER},serialized`, ...cells.map((c, i) => `W-${i},W${i},Watch,,,,watches,standard,each,20000,,,,1,,${c}`)].join('\r\n');
    const r = parseCatalogCsv(file(['yes', '', '0', '1']), { minorDigits: 0 });
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => i.serialized)).toEqual([true, undefined, undefined, true]);
    const bad = parseCatalogCsv(file(['maybe']), { minorDigits: 0 });
    expect(bad.errors[0]).toMatchObject({ line: 2, column: 'serialized', code: 'catalog.bad-serialized' });
  });
});
