import type { CatalogItem } from './product.ts';
import type { EightDigitPreference } from './barcode.ts';
import { CsvReader, type CsvRecord, type CsvSyntaxErrorCode } from './csv-reader.ts';
import { readHeader, type CatalogHeader, type HeaderErrorCode } from './catalog-columns.ts';
import { catalogRowSchema, validateRow, type CatalogRowSchema, type RowErrorCode } from './catalog-row.ts';

// Catalog files as spreadsheets export them: CSV (csv-reader.ts) with a header row naming the
// columns (catalog-columns.ts), one product per row (catalog-row.ts). Every rejected row is
// reported with its line and column instead of stopping at the first.

export type CatalogCsvErrorCode =
  | CsvSyntaxErrorCode
  | 'csv.empty'
  | 'csv.field-count'
  | HeaderErrorCode
  | RowErrorCode
  | 'catalog.duplicate-product-id'
  | 'catalog.duplicate-sku'
  | 'catalog.duplicate-barcode'
  | 'catalog.duplicate-item-code'
  | 'catalog.unknown-tax-class';

/** One problem in a catalog file: the code is the i18n key, `message` English detail. */
export interface CatalogCsvError {
  readonly line: number;
  /** Header name of the column, or null for problems with the whole record. */
  readonly column: string | null;
  readonly code: CatalogCsvErrorCode;
  readonly message: string;
}

export function formatCatalogCsvError(e: CatalogCsvError): string {
  return `line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message} [${e.code}]`;
}

export interface CatalogCsvOptions {
  /** Minor digits of the store currency (0 for TWD in most stores, 2 for USD). */
  minorDigits: number;
  /** How an 8-digit barcode valid as both EAN-8 and UPC-E is read (the store's scan setting). */
  eightDigit?: EightDigitPreference;
  /** The store's tax classes: a row naming another is rejected (the till could not price it). Unchecked when absent. */
  taxClasses?: readonly string[];
  /** Called after each data record is read, with the number read so far. */
  onRecord?: (records: number) => void;
}

export interface CatalogCsvResult {
  /** Products of the rows that passed every check, in file order. */
  items: CatalogItem[];
  errors: CatalogCsvError[];
  /** Data records read (the header is not counted). */
  records: number;
  rejected: number;
  /** Price tiers named by the header, 'retail' first. */
  tiers: string[];
  /** product_id text of rejected rows (as written), so a partial import can leave those products alone. */
  rejectedProductIds: string[];
  /** False when the header itself is unusable; then no row was read. */
  headerOk: boolean;
}

/**
 * Reads a catalog file chunk by chunk: the header first, then each record is checked on its own
 * (zod schema per row) and against the rows accepted before it (no product id, SKU, barcode or
 * item code twice). A rejected row never stops the file: every problem is reported.
 */
export class CatalogCsvReader {
  private readonly csv = new CsvReader();
  private readonly options: CatalogCsvOptions;
  private header: CatalogHeader | null = null;
  private headerSeen = false;
  private schema: CatalogRowSchema | null = null;
  private readonly result: CatalogCsvResult = {
    items: [],
    errors: [],
    records: 0,
    rejected: 0,
    tiers: [],
    rejectedProductIds: [],
    headerOk: false,
  };
  private readonly productIds = new Map<string, number>();
  private readonly skus = new Map<string, number>();
  private readonly gtins = new Map<string, number>();
  private readonly itemCodes = new Map<string, number>();

  constructor(options: CatalogCsvOptions) {
    this.options = options;
  }

  push(chunk: string): void {
    for (const r of this.csv.push(chunk)) this.record(r);
  }

  end(): CatalogCsvResult {
    for (const r of this.csv.end()) this.record(r);
    if (!this.headerSeen)
      this.result.errors.push({ line: 1, column: null, code: 'csv.empty', message: 'the file is empty: expected a header row' });
    return this.result;
  }

  private record(r: CsvRecord): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      const { header, problems } = readHeader(r);
      this.result.errors.push(...problems);
      this.header = header;
      if (this.header) {
        this.result.headerOk = true;
        this.result.tiers = this.header.tiers;
        this.schema = catalogRowSchema(this.header.tiers, this.options);
      }
      return;
    }
    this.result.records++;
    this.options.onRecord?.(this.result.records);
    if (!this.header || !this.schema) {
      this.result.rejected++;
      return;
    }
    const errors = this.check(r, this.header, this.schema);
    if (errors.length > 0) {
      this.result.rejected++;
      this.result.errors.push(...errors);
      const idAt = this.header.columns.indexOf('product_id');
      const rawId = r.fields[idAt]?.trim();
      if (rawId) this.result.rejectedProductIds.push(rawId);
    }
  }

  private check(r: CsvRecord, header: CatalogHeader, schema: CatalogRowSchema): CatalogCsvError[] {
    const { columns } = header;
    if (r.error) return [{ line: r.error.line, column: columns[r.error.field] ?? null, code: r.error.code, message: r.error.message }];
    if (r.fields.length !== columns.length) {
      return [
        { line: r.line, column: null, code: 'csv.field-count', message: `has ${r.fields.length} fields, the header has ${columns.length}` },
      ];
    }
    const row = validateRow(r, columns, schema);
    if ('problems' in row) return row.problems;
    const { item } = row;
    const { taxClasses } = this.options;
    if (taxClasses && !taxClasses.includes(item.taxClass)) {
      const known = taxClasses.join(', ');
      const message = `tax class "${item.taxClass}" is not one of this store's tax classes (${known}); the till could not price it`;
      return [{ line: r.line, column: 'tax_class', code: 'catalog.unknown-tax-class', message }];
    }
    const errors: CatalogCsvError[] = [];
    const unique = (map: Map<string, number>, value: string, column: string, code: CatalogCsvErrorCode, what: string): void => {
      const first = map.get(value);
      if (first !== undefined) errors.push({ line: r.line, column, code, message: `${what} ${value} is already used on line ${first}` });
    };
    unique(this.productIds, item.productId, 'product_id', 'catalog.duplicate-product-id', 'product id');
    unique(this.skus, item.sku, 'sku', 'catalog.duplicate-sku', 'SKU');
    for (const g of item.barcodes) unique(this.gtins, g, 'barcodes', 'catalog.duplicate-barcode', 'barcode (GTIN-14)');
    if (item.itemCode !== null) unique(this.itemCodes, item.itemCode, 'item_code', 'catalog.duplicate-item-code', 'item code');
    if (errors.length > 0) return errors;
    this.productIds.set(item.productId, r.line);
    this.skus.set(item.sku, r.line);
    for (const g of item.barcodes) this.gtins.set(g, r.line);
    if (item.itemCode !== null) this.itemCodes.set(item.itemCode, r.line);
    this.result.items.push(item);
    return errors;
  }
}

/** Reads a whole catalog file given as one string or as chunks. */
export function parseCatalogCsv(input: string | Iterable<string>, options: CatalogCsvOptions): CatalogCsvResult {
  const reader = new CatalogCsvReader(options);
  for (const chunk of typeof input === 'string' ? [input] : input) reader.push(chunk);
  return reader.end();
}
