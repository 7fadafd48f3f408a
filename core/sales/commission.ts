// Salesperson commission (issue #14), computed from ledger entries alone so that a salesperson can
// check it line by line: every sale line earns by the first rule that matches it, the line's
// commission is split between the sale's salespersons by their shares, and a return or post-void
// claws back what the returned part earned. Integer minor units throughout.
import { z } from 'zod';
import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, type EntryBody, type Salesperson } from '../ledger/bodies.ts';
import { allocate } from '../money/allocate.ts';
import { divideRounded, roundingModeSchema, type RoundingMode } from '../money/rounding.ts';
import { toSafeNumber } from '../money/money.ts';
import { TillproofError } from '../shared/errors.ts';

const ruleSchema = z
  .strictObject({
    /** Shown on every line the rule pays, so a salesperson can find it in the rules. */
    id: z.string().trim().min(1).max(64),
    productId: z.string().min(1).max(128).optional(),
    sku: z.string().min(1).max(128).optional(),
    department: z.string().min(1).max(64).optional(),
    /** The member tier of the sale; "none" matches a sale without a member. */
    memberTier: z.string().min(1).max(32).optional(),
    /** A percentage of the line's base in basis points (500 = 5 %)... */
    percentBp: z.number().int().min(0).max(10_000).optional(),
    /** ...or a fixed amount in minor units per unit sold (per kg for weighed goods). */
    fixedPerUnit: z.number().int().min(0).max(1_000_000_000).optional(),
  })
  .refine((r) => (r.percentBp === undefined) !== (r.fixedPerUnit === undefined), {
    message: 'a rule pays either percentBp or fixedPerUnit',
  });

/** The commission rules a store pays by: the first rule in the list that matches a line applies. */
export const commissionRulesSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** What a percentage is of: the line amount as on the receipt, or that amount without its tax. */
  base: z.enum(['amount', 'excluding-tax']).default('amount'),
  /** How a line's commission is rounded to a minor unit (symmetric: a claw-back is the negative of the same sale). */
  rounding: roundingModeSchema.default('half-up'),
  rules: z.array(ruleSchema).max(10_000),
});

export type CommissionRules = z.infer<typeof commissionRulesSchema>;
type Rule = CommissionRules['rules'][number];

export interface CommissionLine {
  terminalId: string;
  /** The ledger entry the line comes from: the sale, the return or the post-void. */
  seq: number;
  businessDay: string;
  kind: 'sale' | 'return' | 'post-void';
  receiptNo: number;
  /** For a return or post-void: the sale's receipt. */
  originalReceiptNo?: number;
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  qtyMilli: number;
  /** The line's base (negative when clawed back). */
  amount: number;
  /** The rule that applied; null when none matched (no commission). */
  rule: string | null;
  /** The whole line's commission before it is split (negative when clawed back). */
  lineCommission: number;
  /** This salesperson's share of the sale, in basis points. */
  shareBp: number;
  /** This salesperson's part of the line's commission. */
  commission: number;
}

export interface SalespersonCommission {
  staffId: string;
  lines: CommissionLine[];
  /** The sum of the lines' commission. */
  total: number;
}

export interface CommissionReport {
  from: string;
  to: string;
  currency: string;
  salespersons: SalespersonCommission[];
  total: number;
}

/** One ledger's entries, in seq order. */
export type LedgerEntries = Iterable<LedgerEntry>;

interface SaleLineBasis {
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  department: string | undefined;
  qtyMilli: number;
  amount: number;
  tax: number;
}

/** What a sale's claw-back needs from it, kept per receipt while the ledger is read. */
interface SaleRecord {
  memberTier: string;
  salespersons: Salesperson[];
  lines: SaleLineBasis[];
}

/** The ledgers cannot be paid by these rules (a sale in another currency). */
export class CommissionError extends TillproofError<'commission.currency-mismatch'> {
  constructor(message: string) {
    super('commission.currency-mismatch', message);
    this.name = 'CommissionError';
  }
}

/** The first rule that matches the line, or null. */
export function ruleFor(
  rules: readonly Rule[],
  line: Pick<SaleLineBasis, 'productId' | 'sku' | 'department'>,
  memberTier: string,
): Rule | null {
  return (
    rules.find(
      (r) =>
        (r.productId === undefined || r.productId === line.productId) &&
        (r.sku === undefined || r.sku === line.sku) &&
        (r.department === undefined || r.department === line.department) &&
        (r.memberTier === undefined || r.memberTier === memberTier),
    ) ?? null
  );
}

/**
 * A whole line's commission under a rule, before the split: a percentage of the base, or a fixed
 * amount per unit (quantity in thousandths), rounded once by `mode`. Non-negative.
 */
export function lineCommission(rule: Rule, base: number, qtyMilli: number, mode: RoundingMode): number {
  const exact =
    rule.percentBp !== undefined
      ? divideRounded(BigInt(base) * BigInt(rule.percentBp), 10_000n, mode)
      : divideRounded(BigInt(rule.fixedPerUnit!) * BigInt(qtyMilli), 1000n, mode);
  return toSafeNumber(exact, 'commission');
}

/**
 * Splits a line's commission by the salespersons' shares so the parts add up to it exactly:
 * largest remainder, the odd minor unit going to the larger remainder and, on a tie, to the
 * salesperson named first on the sale (core/money/allocate.ts). A claw-back splits as its sale, mirrored.
 */
export function splitCommission(total: number, salespersons: readonly Salesperson[]): number[] {
  return allocate(
    total,
    salespersons.map((p) => p.shareBp),
  );
}

const NO_MEMBER = 'none';

function saleRecord(body: EntryBody<'sale'>, operatorId: string | null): SaleRecord {
  return {
    memberTier: body.member?.tier ?? NO_MEMBER,
    // Entries from before salespersons were recorded: the cashier served the customer.
    salespersons: body.salespersons ?? (operatorId ? [{ staffId: operatorId, shareBp: 10_000 }] : []),
    // A gift card sold is value owed to its holder, not goods: it earns no commission (issue #15).
    lines: body.lines
      .filter((l) => !l.voided && !l.giftCard)
      .map((l) => ({
        lineNo: l.lineNo,
        productId: l.productId,
        sku: l.sku,
        name: l.name,
        department: l.department,
        qtyMilli: l.qtyMilli,
        amount: l.amount,
        tax: l.tax,
      })),
  };
}

interface Source {
  entry: LedgerEntry;
  kind: CommissionLine['kind'];
  receiptNo: number;
  originalReceiptNo?: number;
  taxMode: 'inclusive' | 'exclusive';
}

/**
 * The commission report for business days from..to (inclusive) over one or more tills' ledgers.
 * Training entries earn nothing. A return without a receipt names no sale, so it claws back from
 * nobody. A return's or post-void's claw-back counts on the day it was recorded.
 */
export function commissionReport(ledgers: readonly LedgerEntries[], rules: CommissionRules, from: string, to: string): CommissionReport {
  const bySalesperson = new Map<string, CommissionLine[]>();
  const emit = (src: Source, sale: SaleRecord, lines: readonly SaleLineBasis[], sign: 1 | -1) => {
    for (const l of lines) {
      const base = rules.base === 'excluding-tax' && src.taxMode === 'inclusive' ? l.amount - l.tax : l.amount;
      const rule = ruleFor(rules.rules, l, sale.memberTier);
      const whole = rule ? lineCommission(rule, base, l.qtyMilli, rules.rounding) * sign : 0;
      const parts = sale.salespersons.length ? splitCommission(whole, sale.salespersons) : [];
      sale.salespersons.forEach((p, i) => {
        const row: CommissionLine = {
          terminalId: src.entry.terminalId,
          seq: src.entry.seq,
          businessDay: src.entry.businessDay,
          kind: src.kind,
          receiptNo: src.receiptNo,
          ...(src.originalReceiptNo !== undefined ? { originalReceiptNo: src.originalReceiptNo } : {}),
          lineNo: l.lineNo,
          productId: l.productId,
          sku: l.sku,
          name: l.name,
          qtyMilli: l.qtyMilli * sign,
          amount: base * sign || 0,
          rule: rule?.id ?? null,
          lineCommission: whole || 0,
          shareBp: p.shareBp,
          commission: parts[i] ?? 0,
        };
        const list = bySalesperson.get(p.staffId) ?? [];
        list.push(row);
        bySalesperson.set(p.staffId, list);
      });
    }
  };

  for (const entries of ledgers) {
    const sales = new Map<number, SaleRecord & { taxMode: 'inclusive' | 'exclusive' }>();
    for (const entry of entries) {
      const inPeriod = entry.businessDay >= from && entry.businessDay <= to;
      const sale = entryOf(entry, 'sale');
      if (sale) {
        if (sale.body.training) continue;
        if (sale.body.currency !== rules.currency) {
          throw new CommissionError(`sale seq ${entry.seq} is in ${sale.body.currency}; the rules are in ${rules.currency}`);
        }
        const record = { ...saleRecord(sale.body, entry.operatorId), taxMode: sale.body.taxMode };
        sales.set(sale.body.receiptNo, record);
        if (inPeriod) emit({ entry, kind: 'sale', receiptNo: sale.body.receiptNo, taxMode: record.taxMode }, record, record.lines, 1);
        continue;
      }
      if (!inPeriod) continue;
      const ret = entryOf(entry, 'return');
      if (ret && !ret.body.training && ret.body.originalReceiptNo !== undefined) {
        const original = sales.get(ret.body.originalReceiptNo);
        if (!original) continue;
        const lines = ret.body.lines.flatMap((r): SaleLineBasis[] => {
          const sold = original.lines.find((l) => l.lineNo === r.lineNo);
          return sold ? [{ ...sold, qtyMilli: r.qtyMilli, amount: r.amount, tax: r.tax }] : [];
        });
        const who = { ...original, salespersons: ret.body.salespersons ?? original.salespersons };
        const src: Source = {
          entry,
          kind: 'return',
          receiptNo: ret.body.receiptNo,
          originalReceiptNo: ret.body.originalReceiptNo,
          taxMode: original.taxMode,
        };
        emit(src, who, lines, -1);
        continue;
      }
      const voided = entryOf(entry, 'void');
      if (voided && voided.body.scope === 'post-void' && voided.body.receiptNo !== undefined) {
        const original = sales.get(voided.body.receiptNo);
        if (!original) continue;
        const src: Source = {
          entry,
          kind: 'post-void',
          receiptNo: voided.body.receiptNo,
          originalReceiptNo: voided.body.receiptNo,
          taxMode: original.taxMode,
        };
        emit(src, original, original.lines, -1);
      }
    }
  }

  const salespersons = [...bySalesperson.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([staffId, lines]) => ({ staffId, lines, total: lines.reduce((s, l) => s + l.commission, 0) }));
  return { from, to, currency: rules.currency, salespersons, total: salespersons.reduce((s, p) => s + p.total, 0) };
}
