// A catalog file's header and good rows for the catalog CSV tests, and a reader of rows under that header.
import { parseCatalogCsv, type CatalogCsvResult } from '../../core/catalog/csv.ts';

export const CATALOG_HEADER =
  'product_id,sku,name,name_en,name_zh_tw,name_zh_cn,department,tax_class,unit,price_retail,price_member,price_vip,barcodes,active,item_code';

/** The catalog file of these rows under CATALOG_HEADER, read in a currency with `minorDigits`. */
export function readCatalogRows(rows: string[], minorDigits = 0): CatalogCsvResult {
  return parseCatalogCsv([CATALOG_HEADER, ...rows].join('\r\n') + '\r\n', { minorDigits });
}

export const GOOD_ROWS = [
  'P-1,1001,凍頂烏龍茶 500ml,Dongding Oolong Tea 500ml,凍頂烏龍茶 500ml,冻顶乌龙茶 500ml,drinks,standard,each,30,28,27,4711037000012,1,',
  // EAN-8 and UPC-A, padded to GTIN-14; an empty vip price; inactive
  'P-2,1002,"Coconut water, 330ml",,,,drinks,standard,each,39,37,,47100299|088800000178,0,',
  'P-3,1003,香蕉,Bananas (per kg),香蕉,香蕉,produce,zero,kg,80,76,72,,yes,10001',
];
