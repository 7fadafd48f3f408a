// The columns of a catalog file and the checks on its header row: which columns it must have,
// which it may have, and the `price_<tier>` columns that name its price tiers.
import type { CsvRecord, CsvSyntaxErrorCode } from './csv-reader.ts';

/** Columns every catalog file has. `price_<tier>` columns add price tiers; `price_retail` is required. */
export const REQUIRED_COLUMNS = ['product_id', 'sku', 'name', 'department', 'tax_class', 'unit', 'price_retail'] as const;
export const OPTIONAL_COLUMNS = ['name_en', 'name_zh_tw', 'name_zh_cn', 'barcodes', 'active', 'item_code', 'serialized'] as const;
/** Columns holding per-language names, and the language tag each becomes in `Product.names`. */
export const NAME_COLUMNS: Readonly<Record<string, string>> = { name_en: 'en', name_zh_tw: 'zh-TW', name_zh_cn: 'zh-CN' };

const PRICE_COLUMN = /^price_([a-z][a-z0-9-]{0,31})$/;

/** The price tier a `price_<tier>` column holds, or null for any other column. */
export function priceTierOf(column: string): string | null {
  return PRICE_COLUMN.exec(column)?.[1] ?? null;
}

export type HeaderErrorCode = 'catalog.missing-column' | 'catalog.unknown-column' | 'catalog.duplicate-column';

export interface HeaderProblem {
  readonly line: number;
  readonly column: string | null;
  readonly code: HeaderErrorCode | CsvSyntaxErrorCode;
  readonly message: string;
}

export interface CatalogHeader {
  /** Column names in file order, trimmed and lower-cased. */
  columns: string[];
  /** Price tiers named by the header, 'retail' first. */
  tiers: string[];
}

/** Checks a header row; `header` is null when the header is unusable, with every reason in `problems`. */
export function readHeader(record: CsvRecord): { header: CatalogHeader | null; problems: HeaderProblem[] } {
  const problems: HeaderProblem[] = [];
  const at = (column: string | null, code: HeaderProblem['code'], message: string): void => {
    problems.push({ line: record.line, column, code, message });
  };
  if (record.error) {
    at(null, record.error.code, `header: ${record.error.message}`);
    return { header: null, problems };
  }
  const columns = record.fields.map((f) => f.trim().toLowerCase());
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const seen = new Set<string>();
  const tiers: string[] = [];
  for (const c of columns) {
    if (seen.has(c)) at(c, 'catalog.duplicate-column', `column "${c}" appears twice in the header`);
    seen.add(c);
    const tier = priceTierOf(c);
    if (tier !== null) tiers.push(tier);
    else if (!known.has(c)) at(c, 'catalog.unknown-column', `unknown column "${c}" (known: ${[...known].join(', ')}, price_<tier>)`);
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!seen.has(c)) at(c, 'catalog.missing-column', `the header has no "${c}" column`);
  }
  if (problems.length > 0) return { header: null, problems };
  tiers.sort((a, b) => (a === 'retail' ? -1 : b === 'retail' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return { header: { columns, tiers }, problems };
}
