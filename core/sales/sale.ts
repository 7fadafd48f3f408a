import type { Product } from '../catalog/product.ts';
import type { SaleBody, SaleLine } from '../ledger/bodies.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { lineAmount } from '../money/quantity.ts';
import { applyOrderDiscount, BP_PER_WHOLE, discountAmount, type Discount } from '../money/discount.ts';
import { computeTax, type TaxConfig } from '../money/tax.ts';
import { tenderBalance, settleTenders, type Settlement, type TenderInput } from '../money/tender.ts';
import type { CashRoundingRule } from '../money/cash-rounding.ts';
import type { RoundingMode } from '../money/rounding.ts';
import { MoneyError } from '../money/errors.ts';
import type { DiscountLevel } from './discount-limit.ts';
import type { AttachedMember, CartLine, PricedLine, SaleTender, SaleTotals } from './cart.ts';

/** The store rules a sale is priced under. */
export interface PricingRules {
  currency: string;
  tax: TaxConfig;
  cashRounding: CashRoundingRule;
  defaultTier: string;
  roundingMode: RoundingMode;
  /** Member tier -> the price tier its members buy at (HQ's member tiers). A tier not listed is its own price tier. */
  memberPriceTiers?: Readonly<Record<string, string>>;
}

const approvalOf = (m: AttachedMember) => (m.approvalSeq ? { approvalSeq: m.approvalSeq } : {});
const tierNameOf = (m: AttachedMember) => (m.tierName ? { tierName: m.tierName } : {});

function moneyToHost(e: unknown, code: 'discount.invalid' | 'price.invalid' | 'tender.invalid'): never {
  if (e instanceof MoneyError) throw new HostError(code, e.message, { reason: e.code });
  throw e;
}

/**
 * A sale being rung up. All price math is here: which tier price applies, discounts, tax,
 * cash rounding and change. The terminal keeps one at a time (core/terminal) and turns it into
 * a ledger `sale` entry on completion.
 */
export class Sale {
  readonly saleId: string;
  readonly startedAt: string;
  readonly training: boolean;
  private readonly rules: PricingRules;
  private lines: CartLine[] = [];
  private nextLineNo = 1;
  private member: AttachedMember | null = null;
  private orderDiscount: { discount: Discount; reason: string; approvalSeq?: number } | null = null;
  private tenders: SaleTender[] = [];
  private approvalSeqs: number[] = [];
  /** The sale's total discount a manager has approved (or a holder of the permission gave): what an approval covers. */
  private approvedDiscount: DiscountLevel = { amount: 0, shareBp: 0 };
  status: 'open' | 'tendering' = 'open';
  /** Once the total has been presented the customer and tier may not change. */
  private customerLocked = false;

  constructor(saleId: string, startedAt: string, rules: PricingRules, training: boolean) {
    this.saleId = saleId;
    this.startedAt = startedAt;
    this.rules = rules;
    this.training = training;
  }

  get activeLines(): number {
    return this.lines.filter((l) => !l.voided).length;
  }

  get hasTenders(): boolean {
    return this.tenders.length > 0;
  }

  get attachedMember(): AttachedMember | null {
    return this.member;
  }

  noteApproval(seq: number): void {
    this.approvalSeqs.push(seq);
  }

  private assertOpen(): void {
    if (this.status !== 'open') throw new HostError('sale.locked', 'the total has been presented; reopen the sale to change items');
  }

  private line(lineNo: number): CartLine {
    const l = this.lines.find((x) => x.lineNo === lineNo && !x.voided);
    if (!l) throw new HostError('sale.line-not-found', `line ${lineNo} is not on this sale`, { lineNo });
    return l;
  }

  /** Adds an item; scanning the same each-item again adds to the last line instead of a new one. */
  addProduct(product: Product, qtyMilli: number, barcode?: string, fixedPrice?: number): number {
    this.assertOpen();
    if (!Object.hasOwn(product.prices, this.rules.defaultTier) && fixedPrice === undefined) {
      throw new HostError('price.invalid', `${product.sku} has no ${this.rules.defaultTier} price`, { sku: product.sku });
    }
    const last = this.lines.at(-1);
    const sameAsLast = last && !last.voided && last.product.productId === product.productId && !last.discount && !last.override;
    if (fixedPrice === undefined && product.unit === 'each' && last && sameAsLast) {
      last.qtyMilli += qtyMilli;
      return last.lineNo;
    }
    // Within one sale a product keeps the prices it had when first scanned, even if HQ changed
    // them since: the customer is never charged two prices for the same item on one receipt.
    const earlier = this.lines.find((x) => x.product.productId === product.productId);
    const priced = earlier ? { ...structuredClone(product), prices: structuredClone(earlier.product.prices) } : structuredClone(product);
    const line: CartLine = { lineNo: this.nextLineNo++, product: priced, qtyMilli, voided: false, ...(barcode ? { barcode } : {}) };
    // A variable-price label (GS1 20-29 with price) fixes the line amount as printed on the label.
    if (fixedPrice !== undefined) line.override = { unitPrice: fixedPrice, reason: 'price-embedded-barcode' };
    this.lines.push(line);
    return line.lineNo;
  }

  setQuantity(lineNo: number, qtyMilli: number): { before: number } {
    this.assertOpen();
    this.discountLevelAfter(lineNo, { qtyMilli });
    const l = this.line(lineNo);
    const before = l.qtyMilli;
    l.qtyMilli = qtyMilli;
    return { before };
  }

  voidLine(lineNo: number): { amount: number; line: CartLine } {
    this.assertOpen();
    this.discountLevelAfter(lineNo, { voided: true });
    const l = this.line(lineNo);
    const priced = this.totals().lines.find((p) => p.line.lineNo === lineNo)!;
    l.voided = true;
    return { amount: priced.amount, line: l };
  }

  /**
   * The sale's discount level if line `lineNo` changed its quantity, were voided or got another
   * unit price; changes nothing. Refuses (discount.invalid) a change after which a discount would
   * take off more than what it applies to, e.g. an amount off a line brought below that amount.
   */
  discountLevelAfter(lineNo: number, change: { qtyMilli?: number; voided?: true; unitPrice?: number }): DiscountLevel {
    const l = this.line(lineNo);
    const saved = { qtyMilli: l.qtyMilli, voided: l.voided, override: l.override };
    try {
      if (change.qtyMilli !== undefined) l.qtyMilli = change.qtyMilli;
      if (change.voided) l.voided = true;
      if (change.unitPrice !== undefined) l.override = { unitPrice: change.unitPrice, reason: 'trial' };
      return this.discountLevel();
    } catch (e) {
      if (e instanceof MoneyError) {
        const message = `after this change a discount would take off more than it applies to (${e.message}): remove or change the discount first`;
        throw new HostError('discount.invalid', message, { reason: e.code, lineNo });
      }
      throw e;
    } finally {
      l.qtyMilli = saved.qtyMilli;
      l.voided = saved.voided;
      if (saved.override) l.override = saved.override;
      else delete l.override;
    }
  }

  /** Which kinds of discount the sale carries now (line or order). */
  discountKinds(): { percent: boolean; amount: boolean } {
    const kinds = [...this.lines.filter((l) => !l.voided).map((l) => l.discount?.discount.kind), this.orderDiscount?.discount.kind];
    return { percent: kinds.includes('percent'), amount: kinds.includes('amount') };
  }

  /** Price of a line before any discount, as the tier currently gives it. */
  lineGross(lineNo: number): number {
    return this.totals().lines.find((p) => p.line.lineNo === lineNo)?.gross ?? 0;
  }

  setLineDiscount(lineNo: number, discount: Discount, reason: string, approvalSeq?: number): void {
    this.assertOpen();
    const l = this.line(lineNo);
    const gross = this.lineGross(lineNo);
    try {
      discountAmount(gross, discount, this.rules.roundingMode);
    } catch (e) {
      moneyToHost(e, 'discount.invalid');
    }
    l.discount = { discount, reason, ...(approvalSeq ? { approvalSeq } : {}) };
  }

  setOrderDiscount(discount: Discount, reason: string, approvalSeq?: number): void {
    this.assertOpen();
    if (this.activeLines === 0) throw new HostError('sale.empty', 'there is nothing on the sale to discount');
    const previous = this.orderDiscount;
    this.orderDiscount = { discount, reason, ...(approvalSeq ? { approvalSeq } : {}) };
    try {
      this.totals();
    } catch (e) {
      this.orderDiscount = previous;
      moneyToHost(e, 'discount.invalid');
    }
  }

  /**
   * The sale's discounts together (line and order, on overridden lines too): the minor units
   * they take off, and their share of the gross in basis points before rounding, so a 10 %
   * discount on a 25 line (2.5, rounded to 3) still counts as 10 %.
   */
  discountLevel(): DiscountLevel {
    const t = this.totals();
    const amount = t.lineDiscounts + t.orderDiscount;
    // Each discount as 10,000 x its unrounded amount.
    let nominal = 0;
    for (const p of t.lines) {
      const d = p.line.discount?.discount;
      if (d) nominal += d.kind === 'percent' ? p.gross * d.bp : d.minor * BP_PER_WHOLE;
    }
    const od = this.orderDiscount?.discount;
    if (od) nominal += od.kind === 'percent' ? t.lines.reduce((s, p) => s + p.gross - p.lineDiscount, 0) * od.bp : od.minor * BP_PER_WHOLE;
    return { amount, shareBp: t.subtotal > 0 ? nominal / t.subtotal : amount > 0 ? BP_PER_WHOLE : 0 };
  }

  /** The discount level this sale would have with `discount` applied; validates it and changes nothing. */
  discountLevelWith(scope: 'line' | 'order', lineNo: number | undefined, discount: Discount, reason: string): DiscountLevel {
    const line = scope === 'line' ? this.line(lineNo!) : undefined;
    const beforeLine = line?.discount;
    const beforeOrder = this.orderDiscount;
    try {
      if (line) this.setLineDiscount(line.lineNo, discount, reason);
      else this.setOrderDiscount(discount, reason);
      return this.discountLevel();
    } catch (e) {
      // E.g. a line discount that leaves less than an amount order discount takes off.
      return moneyToHost(e, 'discount.invalid');
    } finally {
      if (line) {
        if (beforeLine) line.discount = beforeLine;
        else delete line.discount;
      }
      this.orderDiscount = beforeOrder;
    }
  }

  /** The highest total discount approved on this sale so far. */
  get discountApproved(): DiscountLevel {
    return this.approvedDiscount;
  }

  /** Records that `level` was approved: later discounts up to it need no new approval. */
  approveDiscountLevel(level: DiscountLevel): void {
    this.approvedDiscount = {
      amount: Math.max(this.approvedDiscount.amount, level.amount),
      shareBp: Math.max(this.approvedDiscount.shareBp, level.shareBp),
    };
  }

  overridePrice(lineNo: number, unitPrice: number, reason: string, approvalSeq?: number): { originalUnitPrice: number } {
    this.assertOpen();
    this.discountLevelAfter(lineNo, { unitPrice });
    const l = this.line(lineNo);
    const original = this.unitPriceOf(l).unitPrice;
    l.override = { unitPrice, reason, ...(approvalSeq ? { approvalSeq } : {}) };
    return { originalUnitPrice: original };
  }

  attachMember(member: AttachedMember): void {
    if (this.customerLocked) {
      throw new HostError(
        'sale.locked',
        'the customer and price tier were locked when the total was presented; void the sale to change them',
      );
    }
    this.member = member;
  }

  /** Shows the customer the total: customer and tier lock, items lock until reopened. */
  present(): void {
    if (this.activeLines === 0) throw new HostError('sale.empty', 'scan at least one item first');
    this.status = 'tendering';
    this.customerLocked = true;
  }

  reopen(): void {
    if (this.tenders.length) throw new HostError('sale.has-tenders', 'remove the tenders before changing items');
    this.status = 'open';
  }

  addTender(t: SaleTender): void {
    if (this.status !== 'tendering') throw new HostError('sale.not-locked', 'present the total before taking payment');
    const next = [...this.tenders, t];
    const balance = tenderBalance(
      { minor: this.totals().total, currency: this.rules.currency },
      next.map((x) => this.tenderInput(x)),
      this.rules.cashRounding,
    );
    if (!balance.ok) throw new HostError('tender.invalid', balance.error.message, { reason: balance.error.code });
    this.tenders = next;
  }

  removeTender(index: number): SaleTender {
    const t = this.tenders[index];
    if (!t) throw new HostError('tender.invalid', `there is no tender ${index}`);
    this.tenders = this.tenders.filter((_, i) => i !== index);
    return t;
  }

  private tenderInput(t: SaleTender): TenderInput {
    return { type: t.type, amount: { minor: t.amount, currency: this.rules.currency }, ...(t.reference ? { reference: t.reference } : {}) };
  }

  private unitPriceOf(l: CartLine): { unitPrice: number; priceTier: string } {
    if (l.override)
      return { unitPrice: l.override.unitPrice, priceTier: l.override.reason === 'price-embedded-barcode' ? 'label' : 'override' };
    const tier = this.memberPriceTier();
    if (tier && Object.hasOwn(l.product.prices, tier)) return { unitPrice: l.product.prices[tier]!, priceTier: tier };
    return { unitPrice: l.product.prices[this.rules.defaultTier]!, priceTier: this.rules.defaultTier };
  }

  totals(): SaleTotals {
    const { roundingMode, currency, tax: taxConfig } = this.rules;
    const active = this.lines.filter((l) => !l.voided);
    const base = active.map((l) => {
      const { unitPrice, priceTier } = this.unitPriceOf(l);
      const gross = l.override?.reason === 'price-embedded-barcode' ? unitPrice : lineAmount(unitPrice, l.qtyMilli, roundingMode);
      const lineDiscount = l.discount ? discountAmount(gross, l.discount.discount, roundingMode) : 0;
      return { l, unitPrice, priceTier, gross, lineDiscount, afterLine: gross - lineDiscount };
    });
    const order = this.orderDiscount
      ? applyOrderDiscount(
          base.map((b) => b.afterLine),
          this.orderDiscount.discount,
          roundingMode,
        )
      : null;
    const amounts = base.map((b, i) => b.afterLine - (order?.perLine[i] ?? 0));
    const tax = computeTax(
      currency,
      base.map((b, i) => ({ amount: amounts[i]!, taxClass: b.l.product.taxClass })),
      taxConfig,
    );
    const classBp = new Map(taxConfig.classes.map((c) => [c.id, c.rates.reduce((s, r) => s + r.bp, 0)]));
    const lines: PricedLine[] = base.map((b, i) => ({
      line: b.l,
      unitPrice: b.unitPrice,
      priceTier: b.priceTier,
      gross: b.gross,
      lineDiscount: b.lineDiscount,
      orderShare: order?.perLine[i] ?? 0,
      amount: amounts[i]!,
      tax: tax.lines[i]!.tax,
      taxRateBp: classBp.get(b.l.product.taxClass) ?? 0,
    }));
    const total = tax.gross;
    const balance = tenderBalance(
      { minor: total, currency },
      this.tenders.map((t) => this.tenderInput(t)),
      this.rules.cashRounding,
    );
    const paid = this.tenders.reduce((s, t) => s + t.amount, 0);
    const due = balance.ok ? balance.value.remaining : Math.max(total - paid, 0);
    const dueInCash = balance.ok ? balance.value.remainingInCash : due;
    return {
      lines,
      subtotal: base.reduce((s, b) => s + b.gross, 0),
      lineDiscounts: base.reduce((s, b) => s + b.lineDiscount, 0),
      orderDiscount: order?.discount ?? 0,
      tax: tax.tax,
      total,
      paid,
      due,
      dueInCash,
      cashRounding: dueInCash - due,
      settled: balance.ok && balance.value.settled,
    };
  }

  private changeDue(t: SaleTotals): number {
    if (!t.settled) return 0;
    const settled = settleTenders(
      { minor: t.total, currency: this.rules.currency },
      this.tenders.map((x) => this.tenderInput(x)),
      this.rules.cashRounding,
    );
    return settled.ok ? settled.value.change : 0;
  }

  /** Settles the tenders; throws sale.underpaid while anything is left to pay. */
  settle(): Settlement {
    const totals = this.totals();
    const due = { minor: totals.total, currency: this.rules.currency };
    const settled = settleTenders(
      due,
      this.tenders.map((t) => this.tenderInput(t)),
      this.rules.cashRounding,
    );
    if (!settled.ok) {
      if (settled.error.code === 'money.insufficient-tender')
        throw new HostError('sale.underpaid', settled.error.message, { ...settled.error.details });
      throw new HostError('tender.invalid', settled.error.message, { reason: settled.error.code });
    }
    return settled.value;
  }

  /** The ledger body of the completed sale. */
  toBody(receiptNo: number, settlement: Settlement, drawerSessionId?: string): SaleBody {
    const totals = this.totals();
    const lines: SaleLine[] = totals.lines.map((p) => ({
      lineNo: p.line.lineNo,
      productId: p.line.product.productId,
      sku: p.line.product.sku,
      name: p.line.product.name,
      ...(p.line.barcode ? { barcode: p.line.barcode } : {}),
      department: p.line.product.department,
      qtyMilli: p.line.qtyMilli,
      unitPrice: p.unitPrice,
      priceTier: p.priceTier,
      taxClass: p.line.product.taxClass,
      taxRateBp: p.taxRateBp,
      discount: p.lineDiscount + p.orderShare,
      amount: p.amount,
      tax: p.tax,
      ...(p.line.override && p.line.override.reason !== 'price-embedded-barcode'
        ? {
            priceOverride: {
              originalUnitPrice: this.unitPriceWithoutOverride(p.line),
              reason: p.line.override.reason,
              ...(p.line.override.approvalSeq ? { approvalSeq: p.line.override.approvalSeq } : {}),
            },
          }
        : {}),
    }));
    const cardLast4 = new Map(this.tenders.map((t, i) => [i, t.last4]));
    const member = this.member;
    return {
      saleId: this.saleId,
      receiptNo,
      currency: this.rules.currency,
      taxMode: this.rules.tax.mode,
      lines,
      orderDiscount: totals.orderDiscount,
      subtotal: totals.subtotal,
      tax: totals.tax,
      rounding: settlement.rounding,
      total: settlement.total,
      tenders: settlement.tenders.map((t, i) => ({
        type: t.type,
        amount: t.amount,
        ...(t.tendered !== undefined ? { tendered: t.tendered, change: t.change ?? 0 } : {}),
        ...(t.reference ? { reference: t.reference } : {}),
        ...(cardLast4.get(i) ? { last4: cardLast4.get(i)! } : {}),
      })),
      ...(member
        ? { member: { memberId: member.memberId, tier: member.tier, verification: member.verification, ...approvalOf(member) } }
        : {}),
      training: this.training,
      ...(drawerSessionId ? { drawerSessionId } : {}),
      ...(this.approvalSeqs.length ? { approvals: [...this.approvalSeqs] } : {}),
    };
  }

  /** The price tier the attached member buys at, under the rules this sale started with. */
  private memberPriceTier(): string | undefined {
    const tier = this.member?.tier;
    if (tier === undefined) return undefined;
    const mapped = this.rules.memberPriceTiers;
    return mapped && Object.hasOwn(mapped, tier) ? mapped[tier] : tier;
  }

  private unitPriceWithoutOverride(l: CartLine): number {
    const tier = this.memberPriceTier();
    if (tier && Object.hasOwn(l.product.prices, tier)) return l.product.prices[tier]!;
    return l.product.prices[this.rules.defaultTier]!;
  }

  view(): SaleView {
    const t = this.totals();
    const member = this.member;
    return {
      saleId: this.saleId,
      status: this.status,
      currency: this.rules.currency,
      taxMode: this.rules.tax.mode,
      lines: t.lines.map((p) => ({
        lineNo: p.line.lineNo,
        productId: p.line.product.productId,
        sku: p.line.product.sku,
        name: p.line.product.name,
        names: p.line.product.names,
        qtyMilli: p.line.qtyMilli,
        unit: p.line.product.unit,
        unitPrice: p.unitPrice,
        priceTier: p.priceTier,
        discount: p.lineDiscount + p.orderShare,
        amount: p.amount,
        tax: p.tax,
        voided: false,
        priceOverridden: p.line.override !== undefined && p.line.override.reason !== 'price-embedded-barcode',
      })),
      member: member
        ? { memberId: member.memberId, name: member.name, tier: member.tier, ...tierNameOf(member), verification: member.verification }
        : null,
      itemCount: t.lines.reduce((s, p) => s + (p.line.product.unit === 'each' ? p.line.qtyMilli / 1000 : 1), 0),
      subtotal: t.subtotal,
      lineDiscounts: t.lineDiscounts,
      orderDiscount: t.orderDiscount,
      tax: t.tax,
      total: t.total,
      cashRounding: t.cashRounding,
      paid: t.paid,
      due: t.due,
      change: this.changeDue(t),
      tenders: this.tenders.map((x, index) => {
        const card = { ...(x.reference ? { reference: x.reference } : {}), ...(x.last4 ? { last4: x.last4 } : {}) };
        return { index, type: x.type, amount: x.amount, ...(x.type === 'cash' ? { tendered: x.amount } : {}), ...card };
      }),
      training: this.training,
    };
  }
}
