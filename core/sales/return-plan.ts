// What a return would give back, to which tender, with cash rounding: the same computation for
// return.quote (what the screen shows before the cashier confirms) and return.complete. It
// checks the receipt and the quantities; it writes nothing and asks no approval.
import type { Product } from '../catalog/product.ts';
import type { Params } from '../contract/methods.ts';
import { HostError } from '../contract/errors.ts';
import { entryOf, type EntryBody, type SaleBody } from '../ledger/bodies.ts';
import { lineAmount } from '../money/quantity.ts';
import { computeTax } from '../money/tax.ts';
import { receiptBody } from '../receipts/receipt-obligation.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { planRefund, type RefundPlan } from './refund.ts';
import { normalizeSerial, refusalToReturn } from './serial.ts';

type ReturnLine = EntryBody<'return'>['lines'][number];
type WantedLines = Params<'return.complete'>['lines'];
type PlanContext = Pick<TerminalContext, 'store' | 'catalog' | 'config'>;

export interface ReturnRequest {
  originalReceiptNo?: number | undefined;
  lines: WantedLines;
  refundTo: 'original' | 'cash';
}

export interface ReturnPlan extends RefundPlan {
  /** The sale returned against; undefined for a return without a receipt. */
  original: SaleBody | undefined;
  /** Returns already recorded against the same receipt. */
  earlier: Array<EntryBody<'return'>>;
  lines: ReturnLine[];
  tax: number;
  /** What goes back to a tender the sale did not use (refundTo 'cash' on a sale paid by card): needs 'return.other-tender'. */
  otherTender: number;
}

/**
 * The serial of a serialized piece brought back, checked against where this till's ledger has it
 * (issue #14): with a receipt it must be the one that sale sold; without, one sold here and not returned.
 */
function returnedSerial(
  ctx: PlanContext,
  want: WantedLines[number],
  what: string,
  receipt: { receiptNo: number; lineSerial: string | undefined } | undefined,
): { serial?: string } {
  if (!want.serial) throw new HostError('serial.required', `${what} is serialized: name the serial of the piece brought back`);
  if (want.qtyMilli !== 1000) throw new HostError('serial.required', `${what} is returned one piece per line, each with its serial`);
  const check = normalizeSerial(want.serial);
  if (!check.ok) throw new HostError('serial.invalid', check.message);
  const refusal = refusalToReturn(check.serial, ctx.store.serialState(check.serial), receipt);
  if (refusal) throw new HostError('serial.not-sold', refusal, { serial: check.serial });
  return { serial: check.serial };
}

function assertDistinctSerials(lines: readonly ReturnLine[]): void {
  const seen = new Set<string>();
  for (const l of lines) {
    if (!l.serial) continue;
    if (seen.has(l.serial)) throw new HostError('serial.invalid', `serial ${l.serial} is named twice in this return`, { serial: l.serial });
    seen.add(l.serial);
  }
}

/** What earlier returns of a receipt refunded, read from their ledger entries (so it holds across restarts). */
function earlierReturns(ctx: PlanContext, originalReceiptNo: number, returned: ReadonlyMap<number, number>): Array<EntryBody<'return'>> {
  if (returned.size === 0) return [];
  return ctx.store.returnsAgainst(originalReceiptNo).flatMap((e) => entryOf(e, 'return')?.body ?? []);
}

/** Lines returned against a receipt: what the customer paid for each share, discounts included. */
function linesWithReceipt(ctx: PlanContext, receiptNo: number, wanted: WantedLines): Pick<ReturnPlan, 'original' | 'earlier' | 'lines'> {
  const record = ctx.store.receipt(receiptNo);
  if (!record || record.kind !== 'sale') throw new HostError('return.not-found', `there is no sale receipt ${receiptNo}`);
  if (record.status === 'post-voided') throw new HostError('return.invalid', `receipt ${receiptNo} was voided`);
  const original = receiptBody(ctx, record, 'sale');
  const returned = ctx.store.returnedQuantities(receiptNo);
  const earlier = earlierReturns(ctx, receiptNo, returned);
  const returnedLines = earlier.flatMap((e) => e.lines);
  const lines: ReturnLine[] = [];
  for (const want of wanted) {
    const line = original.lines.find((l) => l.lineNo === want.lineNo);
    if (!line) throw new HostError('return.invalid', `line ${want.lineNo ?? '?'} is not on receipt ${receiptNo}`);
    // A card's value is taken back only by voiding its sale while the card is untouched (issue #15).
    if (line.giftCard)
      throw new HostError('return.invalid', `line ${line.lineNo} is a gift card: a manager voids the sale while the card is unused`, {
        lineNo: line.lineNo,
      });
    const left =
      line.qtyMilli - (returned.get(line.lineNo) ?? 0) - lines.filter((x) => x.lineNo === line.lineNo).reduce((s, x) => s + x.qtyMilli, 0);
    if (want.qtyMilli > left) {
      throw new HostError('return.exceeds-sold', `only ${left / 1000} of ${line.name} can still be returned`, {
        lineNo: line.lineNo,
        returnableMilli: left,
      });
    }
    // The last of a line gets what its earlier shares left, so the shares add up to the line.
    const before = [...returnedLines, ...lines].filter((x) => x.lineNo === line.lineNo);
    const last = want.qtyMilli === left;
    // A return line's amount is what the customer paid for it, tax included (as without a
    // receipt and as the day totals read it): under tax-exclusive pricing that is amount + tax.
    const paid = original.taxMode === 'exclusive' ? line.amount + line.tax : line.amount;
    const amount = last ? paid - before.reduce((s, x) => s + x.amount, 0) : Math.round((paid * want.qtyMilli) / line.qtyMilli);
    const tax = last ? line.tax - before.reduce((s, x) => s + x.tax, 0) : Math.round((line.tax * want.qtyMilli) / line.qtyMilli);
    const { lineNo, productId, sku, name, taxRateBp, department } = line;
    const serial = line.serial ? returnedSerial(ctx, want, name, { receiptNo, lineSerial: line.serial.value }) : {};
    lines.push({
      lineNo,
      productId,
      sku,
      name,
      qtyMilli: want.qtyMilli,
      amount,
      tax,
      taxRateBp,
      ...(department ? { department } : {}),
      ...serial,
    });
  }
  assertDistinctSerials(lines);
  return { original, earlier, lines };
}

/** Lines returned without a receipt: each product at today's default price and tax. */
function linesWithoutReceipt(ctx: PlanContext, wanted: WantedLines): ReturnLine[] {
  const config = ctx.config();
  const products: Product[] = [];
  const amounts: number[] = [];
  for (const want of wanted) {
    const product = want.productId ? ctx.catalog.byId(want.productId) : undefined;
    if (!product) throw new HostError('return.invalid', 'a return without a receipt names each product');
    products.push(product);
    amounts.push(lineAmount(product.prices[config.pricing.defaultTier] ?? 0, want.qtyMilli, config.pricing.roundingMode));
  }
  const tax = computeTax(
    config.store.currency,
    amounts.map((amount, i) => ({ amount, taxClass: products[i]!.taxClass })),
    config.tax,
  );
  return products.map((product, i) => {
    const bp = config.tax.classes.find((c) => c.id === product.taxClass)?.rates.reduce((s, r) => s + r.bp, 0) ?? 0;
    const { gross, tax: lineTax } = tax.lines[i]!;
    const { productId, sku, name, department } = product;
    const serial = product.serialized ? returnedSerial(ctx, wanted[i]!, name, undefined) : {};
    return {
      lineNo: i + 1,
      productId,
      sku,
      name,
      qtyMilli: wanted[i]!.qtyMilli,
      amount: gross,
      tax: lineTax,
      taxRateBp: bp,
      department,
      ...serial,
    };
  });
}

const cashOf = (tenders: ReadonlyArray<{ type: string; amount: number }>) =>
  tenders.reduce((s, t) => s + (t.type === 'cash' ? t.amount : 0), 0);

/**
 * Cash this return pays beyond the cash the sale took (with what earlier returns of the receipt
 * paid in cash): that part goes back to a tender the sale did not use, as when a card sale is
 * refunded in cash.
 */
function cashBeyondSale(original: SaleBody, earlier: ReadonlyArray<EntryBody<'return'>>, refund: RefundPlan): number {
  const took = cashOf(original.tenders);
  const before = earlier.reduce((s, e) => s + cashOf(e.refunds), 0);
  const beyond = (paid: number) => Math.max(paid - took, 0);
  return beyond(before + cashOf(refund.refunds)) - beyond(before);
}

export function planReturn(ctx: PlanContext, request: ReturnRequest): ReturnPlan {
  const found =
    request.originalReceiptNo !== undefined
      ? linesWithReceipt(ctx, request.originalReceiptNo, request.lines)
      : { original: undefined, earlier: [], lines: linesWithoutReceipt(ctx, request.lines) };
  const { original, earlier, lines } = found;
  if (!original) assertDistinctSerials(lines);
  const value = lines.reduce((s, l) => s + l.amount, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0);
  const refund = planRefund({
    value,
    original: original?.tenders,
    earlier,
    refundTo: request.refundTo,
    cashRounding: ctx.config().cashRounding,
  });
  return { original, earlier, lines, tax, ...refund, otherTender: original ? cashBeyondSale(original, earlier, refund) : 0 };
}
