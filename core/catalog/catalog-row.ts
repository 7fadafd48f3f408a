// One data row of a catalog file checked on its own and turned into a catalog item: the zod
// schema of a row (built for the price tiers the header names) and the problems it reports.
import { z } from 'zod';
import type { CatalogItem } from './product.ts';
import { parseMinor } from '../money/money.ts';
import { parseProductCode, type EightDigitPreference } from './barcode.ts';
import { unsafeCharacter } from './normalize.ts';
import type { CsvRecord } from './csv-reader.ts';
import { NAME_COLUMNS, priceTierOf } from './catalog-columns.ts';

export type RowErrorCode =
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
  | 'catalog.bad-serialized'
  | 'catalog.duplicate-barcode';

export interface RowProblem {
  readonly line: number;
  readonly column: string | null;
  readonly code: RowErrorCode;
  readonly message: string;
}

export const MAX_BARCODES_PER_PRODUCT = 32;
const LIMITS = { id: 64, name: 200, department: 64, taxClass: 32 } as const;

type Issue = { code: RowErrorCode; message: string };

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

/** serialized: empty means no, like 0/false/no. */
const serialized = z.string().transform((raw, ctx): boolean => {
  const v = raw.trim().toLowerCase();
  if (v === '' || FALSE.has(v)) return false;
  if (TRUE.has(v)) return true;
  return issue(ctx, { code: 'catalog.bad-serialized', message: `"${raw}" is not 1/0, true/false or yes/no` });
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
    serialized,
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
  for (const [tier, p] of Object.entries<number | null>(row.prices)) if (p !== null) prices[tier] = p;
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
    ...(row.serialized ? { serialized: true } : {}),
  };
}

export type CatalogRowSchema = ReturnType<typeof catalogRowSchema>;

/**
 * Checks one data record against the row schema: the catalog item, or every problem found in
 * it. `columns` are the header's columns; the record has as many fields.
 */
export function validateRow(
  r: CsvRecord,
  columns: readonly string[],
  schema: CatalogRowSchema,
): { item: CatalogItem } | { problems: RowProblem[] } {
  const input: Record<string, unknown> = {
    name_en: '',
    name_zh_tw: '',
    name_zh_cn: '',
    barcodes: '',
    active: '',
    item_code: '',
    serialized: '',
  };
  const prices: Record<string, string> = {};
  columns.forEach((c, i) => {
    const tier = priceTierOf(c);
    if (tier !== null) prices[tier] = r.fields[i]!;
    else input[c] = r.fields[i]!;
  });
  input.prices = prices;
  const parsed = schema.safeParse(input);
  if (parsed.success) return { item: toItem(parsed.data) };
  return {
    problems: parsed.error.issues.map((i) => {
      const column = i.path[0] === 'prices' ? `price_${String(i.path[1])}` : String(i.path[0] ?? '');
      const params = (i as { params?: { code?: RowErrorCode } }).params;
      return { line: r.line, column: column || null, code: params?.code ?? 'catalog.required', message: i.message };
    }),
  };
}
