import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../../../core/catalog/csv.ts';

describe('catalog file header', () => {
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
});
