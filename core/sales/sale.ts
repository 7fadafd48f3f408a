import type { Product } from '../catalog/product.ts';
import type { SaleBody } from '../ledger/bodies.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { BP_PER_WHOLE, discountAmount, type Discount } from '../money/discount.ts';
import type { Settlement } from '../money/tender.ts';
import { MoneyError } from '../money/errors.ts';
import type { DiscountLevel } from './discount-limit.ts';
import type { AttachedMember, CartLine, LineWeight, SaleFacts, SaleSalesperson, SaleTender, SaleTotals } from './cart.ts';
import { priceLines, unitPriceOf, type OrderDiscount, type PricingRules } from './sale-pricing.ts';
import { assertTendersFit, changeDue, settleSale, tenderState } from './sale-tenders.ts';
import { saleBody } from './sale-body.ts';
import { saleView } from './sale-view.ts';
import type { InvoiceBuyer } from '../fiscal/tw-einvoice/carriers.ts';

function moneyToHost(e: unknown, code: 'discount.invalid' | 'price.invalid' | 'tender.invalid'): never {
  if (e instanceof MoneyError) throw new HostError(code, e.message, { reason: e.code });
  throw e;
}

/**
 * A sale being rung up: its lines, discounts, member and tenders, and the rules for changing them.
 * The price math is in sale-pricing.ts (tier prices, discounts, tax) and sale-tenders.ts (cash
 * rounding, change). The terminal keeps one sale at a time (core/terminal) and turns it into a
 * ledger `sale` entry on completion (sale-body.ts).
 */
export class Sale {
  readonly saleId: string;
  readonly startedAt: string;
  readonly training: boolean;
  private readonly rules: PricingRules;
  private lines: CartLine[] = [];
  private nextLineNo = 1;
  private member: AttachedMember | null = null;
  private orderDiscount: OrderDiscount | null = null;
  private tenders: SaleTender[] = [];
  private approvalSeqs: number[] = [];
  /** Who served the customer (issue #14); null: the cashier who completes the sale. */
  private salespersons: SaleSalesperson[] | null = null;
  /** Who the e-invoice is for (issue #17): a carrier, donation code or buyer UBN; null: a consumer taking the paper. */
  private invoiceBuyer: InvoiceBuyer | null = null;
  /** The item list prints under the 證明聯 (asked for; always with a buyer UBN). */
  private invoiceItemDetails = false;
  /** The sale's total discount a manager has approved (or a holder of the permission gave): what an approval covers. */
  private approvedDiscount: DiscountLevel = { amount: 0, shareBp: 0 };
  status: 'open' | 'tendering' = 'open';
  /** Once the total has been presented the customer and tier may not change. */
  private customerLocked = false;
  /** When this sale was taken up again after the till restarted mid-sale (sale-journal.ts). */
  resumedAt: string | null = null;
  /** How many of the tenders (the first ones) were taken before that restart: removing one is a manager's decision. */
  resumedTenders = 0;

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

  /** The tenders taken so far, as a ledger body names them. */
  takenTenders(): SaleTender[] {
    return this.tenders.map((t) => ({ ...t }));
  }

  get attachedMember(): AttachedMember | null {
    return this.member;
  }

  get einvoiceBuyer(): { buyer: InvoiceBuyer | null; itemDetails: boolean } {
    return {
      buyer: this.invoiceBuyer ? { ...this.invoiceBuyer } : null,
      itemDetails: this.invoiceItemDetails || this.invoiceBuyer?.kind === 'ubn',
    };
  }

  /** Who the e-invoice is for, and whether its items print; until the sale completes. */
  setInvoiceBuyer(buyer: InvoiceBuyer | null, itemDetails: boolean): void {
    this.invoiceBuyer = buyer ? { ...buyer } : null;
    this.invoiceItemDetails = itemDetails;
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

  /** Puts back what a step changed when it failed before anything reached the ledger (same sale). */
  restore(snapshot: SaleSnapshot): void {
    const s = structuredClone(snapshot);
    this.lines = s.lines;
    this.nextLineNo = s.nextLineNo;
    this.member = s.member;
    this.orderDiscount = s.orderDiscount;
    this.tenders = s.tenders;
    this.approvalSeqs = s.approvalSeqs;
    this.approvedDiscount = s.approvedDiscount;
    this.status = s.status;
    this.customerLocked = s.customerLocked;
    this.salespersons = s.salespersons ?? null;
    this.invoiceBuyer = s.invoiceBuyer ?? null;
    this.invoiceItemDetails = s.invoiceItemDetails ?? false;
  }

  /** Adds an item; scanning the same each-item again adds to the last line instead of a new one. */
  addProduct(product: Product, qtyMilli: number, barcode?: string, fixedPrice?: number, weight?: LineWeight): number {
    this.assertOpen();
    if (!Object.hasOwn(product.prices, this.rules.defaultTier) && fixedPrice === undefined) {
      throw new HostError('price.invalid', `${product.sku} has no ${this.rules.defaultTier} price`, { sku: product.sku });
    }
    // A product whose tax class the store does not define cannot be priced: refused here, before it is on the sale.
    if (!this.rules.tax.classes.some((c) => c.id === product.taxClass)) {
      const message = `${product.sku} has tax class "${product.taxClass}", which this store does not define: the manager must fix the catalog`;
      throw new HostError('price.invalid', message, { sku: product.sku, taxClass: product.taxClass });
    }
    // A serialized product is one piece per line, each with its own serial (issue #14).
    if (product.serialized && qtyMilli !== 1000)
      throw new HostError('serial.required', `${product.sku} is sold one piece at a time, each with its serial`, { sku: product.sku });
    const last = this.lines.at(-1);
    const sameAsLast =
      !product.serialized && last && !last.voided && last.product.productId === product.productId && !last.discount && !last.override;
    if (fixedPrice === undefined && product.unit === 'each' && last && sameAsLast) {
      last.qtyMilli += qtyMilli;
      return last.lineNo;
    }
    // Within one sale a product keeps the prices it had when first scanned, even if HQ changed
    // them since: the customer is never charged two prices for the same item on one receipt.
    const earlier = this.lines.find((x) => x.product.productId === product.productId);
    const priced = earlier ? { ...structuredClone(product), prices: structuredClone(earlier.product.prices) } : structuredClone(product);
    const line: CartLine = {
      lineNo: this.nextLineNo++,
      product: priced,
      qtyMilli,
      voided: false,
      ...(barcode ? { barcode } : {}),
      ...(weight && product.unit === 'kg' ? { weight: { ...weight } } : {}),
    };
    // A variable-price label (GS1 20-29 with price) fixes the line amount as printed on the label.
    if (fixedPrice !== undefined) line.override = { unitPrice: fixedPrice, reason: 'price-embedded-barcode' };
    this.lines.push(line);
    return line.lineNo;
  }

  /**
   * Sells or tops up a gift card on this sale (issue #15): a line of `amount` that no discount,
   * member price or tax reaches; the card is loaded only when the sale commits. One line per card.
   */
  addGiftCard(card: { cardRef: string; last4: string }, amount: number): number {
    this.assertOpen();
    if (this.lines.some((l) => !l.voided && l.giftCard?.cardRef === card.cardRef))
      throw new HostError('giftcard.on-sale', `gift card ${card.last4} is already on this sale`, { last4: card.last4 });
    const product: Product = {
      productId: 'giftcard',
      sku: 'GIFTCARD',
      name: `Gift card ****${card.last4}`,
      names: { en: `Gift card ****${card.last4}`, 'zh-TW': `禮物卡 ****${card.last4}`, 'zh-CN': `礼品卡 ****${card.last4}` },
      department: 'giftcards',
      taxClass: 'giftcard',
      unit: 'each',
      prices: { [this.rules.defaultTier]: amount },
      barcodes: [],
      active: true,
    };
    const lineNo = this.nextLineNo++;
    this.lines.push({ lineNo, product, qtyMilli: 1000, voided: false, giftCard: { ...card } });
    return lineNo;
  }

  /** The cards this sale loads, for the tender check: a gift card cannot pay for a gift card. */
  giftCardLines(): CartLine[] {
    return this.lines.filter((l) => !l.voided && l.giftCard);
  }

  private refuseOnGiftCard(lineNo: number, what: string): void {
    if (this.line(lineNo).giftCard)
      throw new HostError('giftcard.line-fixed', `a gift card line takes no ${what}: void it and sell the card again`, { lineNo });
  }

  setQuantity(lineNo: number, qtyMilli: number): { before: number } {
    this.assertOpen();
    this.refuseOnGiftCard(lineNo, 'quantity');
    if (this.line(lineNo).product.serialized && qtyMilli !== 1000)
      throw new HostError('serial.required', 'a serialized item is one piece per line: add the next piece with its own serial', { lineNo });
    this.discountLevelAfter(lineNo, { qtyMilli });
    const l = this.line(lineNo);
    const before = l.qtyMilli;
    l.qtyMilli = qtyMilli;
    // A weight changed by hand is a typed weight, whatever it was read from (issue #15).
    if (l.weight && qtyMilli !== before) l.weight = { source: 'typed' };
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
    this.refuseOnGiftCard(lineNo, 'discount');
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
    this.refuseOnGiftCard(lineNo, 'other price');
    this.discountLevelAfter(lineNo, { unitPrice });
    const l = this.line(lineNo);
    const original = unitPriceOf(l, this.rules, this.member).unitPrice;
    l.override = { unitPrice, reason, ...(approvalSeq ? { approvalSeq } : {}) };
    return { originalUnitPrice: original };
  }

  /** The first line of a serialized product still waiting for its serial, if any. */
  lineAwaitingSerial(): number | undefined {
    return this.lines.find((l) => !l.voided && l.product.serialized && !l.serial)?.lineNo;
  }

  /** The line already holding `serial` on this sale, if any. */
  lineWithSerial(serial: string): number | undefined {
    return this.lines.find((l) => !l.voided && l.serial?.value === serial)?.lineNo;
  }

  /** Whether line `lineNo` may take `serial` (a serialized product's open line, no other line holding it); changes nothing. */
  checkSerial(lineNo: number, serial: string): void {
    this.assertOpen();
    const l = this.line(lineNo);
    if (!l.product.serialized) throw new HostError('serial.invalid', `${l.product.sku} is not a serialized product`, { lineNo });
    const other = this.lineWithSerial(serial);
    if (other !== undefined && other !== lineNo)
      throw new HostError('serial.sold', `serial ${serial} is already on line ${other} of this sale`, { serial, lineNo: other });
  }

  /** Gives a serialized product's line its serial (checked against the ledger by the caller: serial-handlers.ts). */
  setSerial(lineNo: number, serial: NonNullable<CartLine['serial']>): void {
    this.checkSerial(lineNo, serial.value);
    this.line(lineNo).serial = { ...serial };
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

  /** Takes the member off: their prices no longer apply. Only while the customer is not locked (before the total is presented). */
  detachMember(): void {
    if (this.customerLocked)
      throw new HostError(
        'sale.locked',
        'the customer and price tier were locked when the total was presented; void the sale to change them',
      );
    this.member = null;
  }

  /** Names who served the customer; changeable until a payment is taken. */
  setSalespersons(list: SaleSalesperson[]): void {
    if (this.tenders.length) throw new HostError('sale.has-tenders', 'the salesperson is chosen before payment: remove the tenders first');
    this.salespersons = list.map((p) => ({ ...p }));
  }

  /** The salespersons the sale entry records: those chosen, or the cashier alone. */
  salespersonsOr(cashierId: string): Array<{ staffId: string; shareBp: number }> {
    return this.salespersons?.map((p) => ({ staffId: p.staffId, shareBp: p.shareBp })) ?? [{ staffId: cashierId, shareBp: 10_000 }];
  }

  /** Shows the customer the total: customer and tier lock, items lock until reopened. */
  present(): void {
    if (this.activeLines === 0) throw new HostError('sale.empty', 'scan at least one item first');
    const awaiting = this.lineAwaitingSerial();
    if (awaiting !== undefined)
      throw new HostError('serial.required', `line ${awaiting} needs the serial of the piece sold`, { lineNo: awaiting });
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
    assertTendersFit(this.totals().total, next, this.rules);
    this.tenders = next;
  }

  removeTender(index: number): SaleTender {
    const t = this.tenders[index];
    if (!t) throw new HostError('tender.invalid', `there is no tender ${index}`);
    this.tenders = this.tenders.filter((_, i) => i !== index);
    if (index < this.resumedTenders) this.resumedTenders -= 1;
    return t;
  }

  totals(): SaleTotals {
    const priced = priceLines(this.lines, this.orderDiscount, this.rules, this.member);
    return { ...priced, ...tenderState(priced.total, this.tenders, this.rules) };
  }

  /** Settles the tenders; throws sale.underpaid while anything is left to pay. */
  settle(): Settlement {
    return settleSale(this.totals().total, this.tenders, this.rules);
  }

  /** The ledger body of the completed sale. */
  toBody(receiptNo: number, settlement: Settlement, drawerSessionId?: string): SaleBody {
    return saleBody(this.facts(), this.totals(), receiptNo, settlement, drawerSessionId);
  }

  view(): SaleView {
    const t = this.totals();
    return saleView(this.facts(), t, changeDue(t, this.tenders, this.rules));
  }

  /**
   * A held sale taken up again (issue #15) is charged today's prices: each line whose product
   * `current` gives other prices than it had when scanned takes the new ones (lines with a price
   * override or a price from the label keep it). Returns the lines whose unit price changed. If
   * the new prices would leave a discount taking off more than it applies to, nothing changes.
   */
  reprice(current: (productId: string) => Product | undefined): Array<{ lineNo: number; sku: string; from: number; to: number }> {
    const before = structuredClone(this.lines);
    const changed: Array<{ lineNo: number; sku: string; from: number; to: number }> = [];
    for (const l of this.lines) {
      const now = current(l.product.productId);
      if (l.voided || l.override || l.giftCard || !now || !Object.hasOwn(now.prices, this.rules.defaultTier)) continue;
      const from = unitPriceOf(l, this.rules, this.member).unitPrice;
      l.product = { ...l.product, prices: structuredClone(now.prices) };
      const to = unitPriceOf(l, this.rules, this.member).unitPrice;
      if (from !== to) changed.push({ lineNo: l.lineNo, sku: l.product.sku, from, to });
    }
    try {
      this.totals();
      return changed;
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      this.lines = before;
      return [];
    }
  }

  /** Everything the sale holds, for the pending-sale journal (sale-journal.ts): restore() takes it back. */
  snapshot(): SaleSnapshot {
    return structuredClone(this.fields());
  }

  /**
   * The sale's state as JSON text (what the pending-sale journal keeps): written straight from
   * the live fields, so no copy of them is made first.
   */
  snapshotJson(): string {
    return JSON.stringify(this.fields());
  }

  private fields(): SaleSnapshot {
    return {
      saleId: this.saleId,
      startedAt: this.startedAt,
      training: this.training,
      rules: this.rules,
      lines: this.lines,
      nextLineNo: this.nextLineNo,
      member: this.member,
      orderDiscount: this.orderDiscount,
      tenders: this.tenders,
      approvalSeqs: this.approvalSeqs,
      approvedDiscount: this.approvedDiscount,
      status: this.status,
      customerLocked: this.customerLocked,
      salespersons: this.salespersons,
      invoiceBuyer: this.invoiceBuyer,
      invoiceItemDetails: this.invoiceItemDetails,
    };
  }

  /** The sale a snapshot was taken of; its totals and tenders are checked as when they were rung up. */
  static restore(s: SaleSnapshot): Sale {
    const sale = new Sale(s.saleId, s.startedAt, structuredClone(s.rules), s.training);
    sale.lines = structuredClone(s.lines);
    sale.nextLineNo = s.nextLineNo;
    sale.member = structuredClone(s.member);
    sale.orderDiscount = structuredClone(s.orderDiscount);
    sale.approvalSeqs = [...s.approvalSeqs];
    sale.approvedDiscount = { ...s.approvedDiscount };
    sale.status = s.status;
    sale.customerLocked = s.customerLocked;
    sale.salespersons = structuredClone(s.salespersons ?? null);
    sale.invoiceBuyer = s.invoiceBuyer ? { ...s.invoiceBuyer } : null;
    sale.invoiceItemDetails = s.invoiceItemDetails ?? false;
    // Throws (tender.invalid, discount.invalid...) if the lines, discounts and tenders do not add up.
    try {
      assertTendersFit(sale.totals().total, s.tenders, sale.rules);
    } catch (e) {
      moneyToHost(e, 'tender.invalid');
    }
    sale.tenders = structuredClone(s.tenders);
    return sale;
  }

  private facts(): SaleFacts {
    return {
      saleId: this.saleId,
      status: this.status,
      training: this.training,
      rules: this.rules,
      member: this.member,
      tenders: this.tenders,
      approvalSeqs: this.approvalSeqs,
      resumedAt: this.resumedAt,
      salespersons: this.salespersons,
      invoiceBuyer: this.invoiceBuyer,
      invoiceItemDetails: this.invoiceItemDetails,
    };
  }
}

/** A sale as the pending-sale journal keeps it. */
export interface SaleSnapshot {
  saleId: string;
  startedAt: string;
  training: boolean;
  rules: PricingRules;
  lines: CartLine[];
  nextLineNo: number;
  member: AttachedMember | null;
  orderDiscount: OrderDiscount | null;
  tenders: SaleTender[];
  approvalSeqs: number[];
  approvedDiscount: DiscountLevel;
  status: 'open' | 'tendering';
  customerLocked: boolean;
  /** Absent in snapshots from before salespersons were chosen. */
  salespersons?: SaleSalesperson[] | null;
  /** Absent in snapshots from before buyers were given (issue #17). */
  invoiceBuyer?: InvoiceBuyer | null;
  invoiceItemDetails?: boolean;
}
