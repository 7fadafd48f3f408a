import { z } from 'zod';
import type { Product } from './product.ts';
import { parseMinor } from '../money/money.ts';
import { parseProductCode, type EightDigitPreference } from './barcode.ts';
import { unsafeCharacter } from './normalize.ts';

// Catalog files as spreadsheets export them: RFC 4180 CSV (quoted fields with embedded commas,
// quotes and line breaks; CRLF or LF; an optional UTF-8 BOM) with a header row. The reader is
// fed chunks, so a large file never has to be one string, and every rejected row is reported
// with its line and column instead of stopping at the first.

// ---------------------------------------------------------------------------------------------
// RFC 4180

export type CsvSyntaxErrorCode =
  /** A quote inside an unquoted field (`ab"c`). */
  | 'csv.stray-quote'
  /** Text after a closing quote (`"ab"c`). */
  | 'csv.text-after-quote'
  /** A quoted field still open at the end of the input. */
  | 'csv.unterminated-quote';

export interface CsvSyntaxError {
  readonly code: CsvSyntaxErrorCode;
  /** Line the problem is on (1-based). */
  readonly line: number;
  /** Index of the field (0-based) in its record. */
  readonly field: number;
  readonly message: string;
}

export interface CsvRecord {
  /** Physical line (1-based) the record starts on; a quoted line break makes a record span lines. */
  readonly line: number;
  readonly fields: string[];
  /** The first syntax problem in the record. The fields are still given, read leniently. */
  readonly error?: CsvSyntaxError;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote seen inside a quoted field: either the first of an escaped pair or the closing quote. */
const QUOTE_IN_QUOTED = 3;
const CLOSED = 4;
type ReaderState = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED | typeof CLOSED;

/**
 * Incremental RFC 4180 reader. `push` takes any slice of the text (a chunk may end inside a
 * field, a quote pair or a CRLF) and returns the records completed so far; `end` returns the
 * last one. Blank lines are skipped; a record of one empty field is written `""`.
 */
export class CsvReader {
  private state: ReaderState = FIELD_START;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private inRecord = false;
  private prevCR = false;
  private first = true;
  private error: CsvSyntaxError | undefined;
  private ended = false;

  push(chunk: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvReader.push after end');
    const out: CsvRecord[] = [];
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      const crlfTail = c === 0x0a && this.prevCR;
      this.prevCR = c === 0x0d;
      const lineBreak = c === 0x0d || (c === 0x0a && !crlfTail);
      switch (this.state) {
        case QUOTED: {
          // Fast path: copy up to the next quote or line break in one slice.
          if (c !== 0x22 && !lineBreak && !crlfTail) {
            let j = i + 1;
            while (j < n) {
              const d = chunk.charCodeAt(j);
              if (d === 0x22 || d === 0x0d || d === 0x0a) break;
              j++;
            }
            this.field += chunk.slice(i, j);
            this.prevCR = false;
            i = j;
            continue;
          }
          if (c === 0x22) this.state = QUOTE_IN_QUOTED;
          else this.field += chunk[i];
          break;
        }
        case QUOTE_IN_QUOTED:
          if (c === 0x22) {
            this.field += '"';
            this.state = QUOTED;
            break;
          }
          this.state = CLOSED;
          this.afterClosingQuote(c, lineBreak, chunk[i]!, out);
          break;
        case CLOSED:
          this.afterClosingQuote(c, lineBreak, chunk[i]!, out);
          break;
        case FIELD_START:
          if (crlfTail) break;
          if (lineBreak) {
            if (this.inRecord) this.endRecord(out);
            break;
          }
          this.beginRecord();
          if (c === 0x22) {
            this.state = QUOTED;
            this.quoteLine = this.line;
          } else if (c === 0x2c) {
            this.fields.push('');
          } else {
            this.field = chunk[i]!;
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          if (c === 0x2c) {
            this.endField();
          } else if (lineBreak) {
            this.endRecord(out);
          } else {
            if (c === 0x22)
              this.fail('csv.stray-quote', this.line, 'a quote inside an unquoted field; quote the whole field and double the quote ("")');
            let j = i + 1;
            while (j < n) {
              const d = chunk.charCodeAt(j);
              if (d === 0x2c || d === 0x0d || d === 0x0a || d === 0x22) break;
              j++;
            }
            this.field += chunk.slice(i, j);
            i = j;
            continue;
          }
          break;
        }
      }
      if (lineBreak) this.line++;
      i++;
    }
    return out;
  }

  /** Completes the input: returns the last record when the text does not end with a line break. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    const out: CsvRecord[] = [];
    if (this.state === QUOTED) {
      this.fail('csv.unterminated-quote', this.quoteLine, 'a quoted field is never closed');
      this.endRecord(out);
    } else if (this.inRecord || this.state !== FIELD_START) {
      this.endRecord(out);
    }
    return out;
  }

  private afterClosingQuote(c: number, lineBreak: boolean, ch: string, out: CsvRecord[]): void {
    if (c === 0x2c) {
      this.endField();
    } else if (lineBreak) {
      this.endRecord(out);
    } else {
      this.fail('csv.text-after-quote', this.line, 'text after the closing quote of a field');
      this.field += ch;
      this.state = UNQUOTED;
    }
  }

  private beginRecord(): void {
    if (!this.inRecord) {
      this.inRecord = true;
      this.recordLine = this.line;
    }
  }

  private fail(code: CsvSyntaxErrorCode, line: number, message: string): void {
    this.error ??= { code, line, field: this.fields.length, message };
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = FIELD_START;
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    out.push(
      this.error ? { line: this.recordLine, fields: this.fields, error: this.error } : { line: this.recordLine, fields: this.fields },
    );
    this.fields = [];
    this.field = '';
    this.error = undefined;
    this.inRecord = false;
    this.state = FIELD_START;
  }
}

/** All records of a CSV text (or of its chunks, in order). */
export function parseCsv(input: string | Iterable<string>): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (const chunk of typeof input === 'string' ? [input] : input) out.push(...reader.push(chunk));
  out.push(...reader.end());
  return out;
}

const NEEDS_QUOTES = /[",\r\n\ufeff]/;

/** RFC 4180 text of a table (CRLF line ends); `parseCsv` reads it back field for field. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') {
      out += '""\r\n';
      continue;
    }
    out += row.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',') + '\r\n';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Catalog files

/** A product as imported: the port's `Product` plus the scale-label item code for weighed goods. */
export interface CatalogItem extends Product {
  /** Item code of variable-measure (GS1 20-29) labels, when the product is sold from a scale. */
  itemCode: string | null;
}

export type CatalogCsvErrorCode =
  | CsvSyntaxErrorCode
  | 'csv.empty'
  | 'csv.field-count'
  | 'catalog.missing-column'
  | 'catalog.unknown-column'
  | 'catalog.duplicate-column'
  | 'catalog.required'
  | 'catalog.too-long'
  | 'catalog.control-character'
  | 'catalog.bad-id'
  | 'catalog.bad-price'
  | 'catalog.bad-barcode'
  | 'catalog.too-many-barcodes'
  | 'catalog.bad-unit'
  | 'catalog.bad-active'
  | 'catalog.bad-item-code'
  | 'catalog.duplicate-product-id'
  | 'catalog.duplicate-sku'
  | 'catalog.duplicate-barcode'
  | 'catalog.duplicate-item-code';

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

/** Columns every catalog file has. `price_<tier>` columns add price tiers; `price_retail` is required. */
export const REQUIRED_COLUMNS = ['product_id', 'sku', 'name', 'department', 'tax_class', 'unit', 'price_retail'] as const;
export const OPTIONAL_COLUMNS = ['name_en', 'name_zh_tw', 'name_zh_cn', 'barcodes', 'active', 'item_code'] as const;
/** Columns holding per-language names, and the language tag each becomes in `Product.names`. */
export const NAME_COLUMNS: Readonly<Record<string, string>> = { name_en: 'en', name_zh_tw: 'zh-TW', name_zh_cn: 'zh-CN' };

const PRICE_COLUMN = /^price_([a-z][a-z0-9-]{0,31})$/;
export const MAX_BARCODES_PER_PRODUCT = 32;
const LIMITS = { id: 64, name: 200, department: 64, taxClass: 32 } as const;

export interface CatalogCsvOptions {
  /** Minor digits of the store currency (0 for TWD in most stores, 2 for USD). */
  minorDigits: number;
  /** How an 8-digit barcode valid as both EAN-8 and UPC-E is read (the store's scan setting). */
  eightDigit?: EightDigitPreference;
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

type Issue = { code: CatalogCsvErrorCode; message: string };

function issue(ctx: z.core.$RefinementCtx, e: Issue): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: e.message, params: { code: e.code } });
  return z.NEVER;
}

/** Trimmed, NFC, printable text of at most `max` characters; '' when `required` is false and the cell is empty. */
function text(max: number, required: boolean) {
  return z.string().transform((raw, ctx) => {
    const v = raw.trim().normalize('NFC');
    if (v === '') return required ? issue(ctx, { code: 'catalog.required', message: 'is empty' }) : '';
    const bad = unsafeCharacter(v);
    if (bad)
      return issue(ctx, {
        code: 'catalog.control-character',
        message: `contains the control character ${bad}; names are printed on receipts`,
      });
    if ([...v].length > max) return issue(ctx, { code: 'catalog.too-long', message: `is longer than ${max} characters` });
    return v;
  });
}

/** product_id and sku: no white space or control characters. */
const identifier = text(LIMITS.id, true).transform((v, ctx) =>
  /\s/u.test(v) ? issue(ctx, { code: 'catalog.bad-id', message: `"${v}" contains white space` }) : v,
);

function price(minorDigits: number, required: boolean) {
  return z.string().transform((raw, ctx): number | null => {
    const v = raw.normalize('NFKC').trim();
    if (v === '')
      return required ? issue(ctx, { code: 'catalog.required', message: 'is empty: every product needs a retail price' }) : null;
    const parsed = parseMinor(v, minorDigits);
    if (!parsed.ok)
      return issue(ctx, { code: 'catalog.bad-price', message: `"${raw}" is not a price with at most ${minorDigits} decimals` });
    if (parsed.value < 0) return issue(ctx, { code: 'catalog.bad-price', message: `"${raw}" is negative` });
    return parsed.value;
  });
}

function barcodes(eightDigit: EightDigitPreference) {
  return z.string().transform((raw, ctx): string[] => {
    const parts = raw
      .normalize('NFKC')
      .split('|')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (parts.length > MAX_BARCODES_PER_PRODUCT)
      return issue(ctx, {
        code: 'catalog.too-many-barcodes',
        message: `has ${parts.length} barcodes, at most ${MAX_BARCODES_PER_PRODUCT}`,
      });
    const out: string[] = [];
    for (const p of parts) {
      const code = parseProductCode(p, eightDigit);
      if (!code.ok) return issue(ctx, { code: 'catalog.bad-barcode', message: `"${p}": ${code.error.message}` });
      if (out.includes(code.value.gtin14)) return issue(ctx, { code: 'catalog.duplicate-barcode', message: `"${p}" is listed twice` });
      out.push(code.value.gtin14);
    }
    return out;
  });
}

const unit = z.string().transform((raw, ctx): 'each' | 'kg' => {
  const v = raw.trim().toLowerCase();
  if (v === 'each' || v === 'kg') return v;
  return issue(ctx, { code: 'catalog.bad-unit', message: `"${raw}" is not a unit: use "each" or "kg"` });
});

const TRUE = new Set(['', '1', 'true', 'yes', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'n']);
const active = z.string().transform((raw, ctx): boolean => {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return issue(ctx, { code: 'catalog.bad-active', message: `"${raw}" is not 1/0, true/false or yes/no` });
});

const itemCode = z.string().transform((raw, ctx): string | null => {
  const v = raw.normalize('NFKC').trim();
  if (v === '') return null;
  if (!/^\d{1,10}$/.test(v))
    return issue(ctx, { code: 'catalog.bad-item-code', message: `"${raw}" is not a scale item code (1 to 10 digits)` });
  return v;
});

/** The zod schema of one record, built for the tiers a file's header names. */
export function catalogRowSchema(tiers: readonly string[], options: { minorDigits: number; eightDigit?: EightDigitPreference }) {
  return z.strictObject({
    product_id: identifier,
    sku: identifier,
    name: text(LIMITS.name, true),
    name_en: text(LIMITS.name, false),
    name_zh_tw: text(LIMITS.name, false),
    name_zh_cn: text(LIMITS.name, false),
    department: text(LIMITS.department, true),
    tax_class: text(LIMITS.taxClass, true),
    unit,
    barcodes: barcodes(options.eightDigit ?? 'ean-8'),
    active,
    item_code: itemCode,
    prices: z.strictObject(Object.fromEntries(tiers.map((t) => [t, price(options.minorDigits, t === 'retail')]))),
  });
}

type RowOutput = z.output<ReturnType<typeof catalogRowSchema>>;

function toItem(row: RowOutput): CatalogItem {
  const names: Record<string, string> = {};
  for (const [column, lang] of Object.entries(NAME_COLUMNS)) {
    const v = row[column as 'name_en' | 'name_zh_tw' | 'name_zh_cn'];
    if (v !== '') names[lang] = v;
  }
  const prices: Record<string, number> = {};
  for (const [tier, p] of Object.entries(row.prices) as Array<[string, number | null]>) if (p !== null) prices[tier] = p;
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    names,
    department: row.department,
    taxClass: row.tax_class,
    unit: row.unit,
    prices,
    barcodes: row.barcodes,
    active: row.active,
    itemCode: row.item_code,
  };
}

interface Header {
  columns: string[];
  tiers: string[];
}

function readHeader(record: CsvRecord, errors: CatalogCsvError[]): Header | null {
  const at = (column: string | null, code: CatalogCsvErrorCode, message: string): void => {
    errors.push({ line: record.line, column, code, message });
  };
  if (record.error) {
    at(null, record.error.code, `header: ${record.error.message}`);
    return null;
  }
  const columns = record.fields.map((f) => f.trim().toLowerCase());
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const seen = new Set<string>();
  const tiers: string[] = [];
  let ok = true;
  for (const c of columns) {
    if (seen.has(c)) {
      at(c, 'catalog.duplicate-column', `column "${c}" appears twice in the header`);
      ok = false;
    }
    seen.add(c);
    const tier = PRICE_COLUMN.exec(c);
    if (tier) tiers.push(tier[1]!);
    else if (!known.has(c)) {
      at(c, 'catalog.unknown-column', `unknown column "${c}" (known: ${[...known].join(', ')}, price_<tier>)`);
      ok = false;
    }
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!seen.has(c)) {
      at(c, 'catalog.missing-column', `the header has no "${c}" column`);
      ok = false;
    }
  }
  if (!ok) return null;
  tiers.sort((a, b) => (a === 'retail' ? -1 : b === 'retail' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return { columns, tiers };
}

/**
 * Reads a catalog file chunk by chunk: the header first, then each record is checked on its own
 * (zod schema per row) and against the rows accepted before it (no product id, SKU, barcode or
 * item code twice). A rejected row never stops the file: every problem is reported.
 */
export class CatalogCsvReader {
  private readonly csv = new CsvReader();
  private readonly options: CatalogCsvOptions;
  private header: Header | null = null;
  private headerSeen = false;
  private schema: ReturnType<typeof catalogRowSchema> | null = null;
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
      this.header = readHeader(r, this.result.errors);
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

  private check(r: CsvRecord, header: Header, schema: ReturnType<typeof catalogRowSchema>): CatalogCsvError[] {
    const { columns } = header;
    if (r.error) return [{ line: r.error.line, column: columns[r.error.field] ?? null, code: r.error.code, message: r.error.message }];
    if (r.fields.length !== columns.length) {
      return [
        { line: r.line, column: null, code: 'csv.field-count', message: `has ${r.fields.length} fields, the header has ${columns.length}` },
      ];
    }
    const input: Record<string, unknown> = { name_en: '', name_zh_tw: '', name_zh_cn: '', barcodes: '', active: '', item_code: '' };
    const prices: Record<string, string> = {};
    columns.forEach((c, i) => {
      const tier = PRICE_COLUMN.exec(c);
      if (tier) prices[tier[1]!] = r.fields[i]!;
      else input[c] = r.fields[i]!;
    });
    input.prices = prices;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return parsed.error.issues.map((i) => {
        const column = i.path[0] === 'prices' ? `price_${String(i.path[1])}` : String(i.path[0] ?? '');
        const params = (i as { params?: { code?: CatalogCsvErrorCode } }).params;
        return { line: r.line, column: column || null, code: params?.code ?? 'catalog.required', message: i.message };
      });
    }
    const item = toItem(parsed.data);
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
