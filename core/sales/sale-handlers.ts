// Sale methods: ringing items up (scan or key), quantities and line voids, presenting the total,
// tenders, completing the sale with its receipt obligation, cancelling it, and voiding a completed
// one. Members, discounts and price overrides are in member-handlers.ts and discount-handlers.ts.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import { parseScan } from '../catalog/barcode.ts';
import { approvalRef, authorize, writeApproved } from '../auth/authorize.ts';
import { signReceiptQr } from '../receipts/receipt-qr.ts';
import { printObligation, receiptBody, receiptView } from '../receipts/receipt-obligation.ts';
import { openCashDrawer, openDrawerSession, refuseInTraining, requireCashSession } from '../till/cash-drawer.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { LedgerTx } from '../ports/ledger-store.ts';
import type { Settlement } from '../money/tender.ts';
import type { Sale } from './sale.ts';
import { invoiceNumbersStatus, requireInvoiceNumberAt, takeInvoiceNumber } from './einvoice-numbers.ts';
import { parseMemberToken } from './member-token.ts';
import { dischargeKeptInvoice, scannedCarrier } from './einvoice-buyer.ts';
import { attachMember, attachScannedCard } from './member-handlers.ts';
import { coverDiscounts, ensureSale, requireSale, saleChanged } from './sale-in-progress.ts';
import { lineOfScan, lineOfTypedSku, type ScannedLine } from './scan-line.ts';
import { assertSerialsSellable, scannedSerial } from './serial-handlers.ts';
import { assertGiftCardLoadsUntouched, assertGiftCardsCovered, giftCardTender, withGiftCardLoads } from '../giftcards/giftcard-handlers.ts';

export type SaleMethod =
  | 'sale.scan'
  | 'sale.addItem'
  | 'sale.setQuantity'
  | 'sale.voidLine'
  | 'sale.present'
  | 'sale.reopen'
  | 'sale.addTender'
  | 'sale.removeTender'
  | 'sale.complete'
  | 'sale.cancel'
  | 'sale.postVoid';

/** Refusals after which a typed code is tried as a SKU: not a barcode at all, or no product has it. */
const TYPED_SKU_FALLBACK: ReadonlySet<string> = new Set(['scan.invalid-barcode', 'scan.unknown-product']);

/** The number a scanned member card (or serial tag) carries: the data after a symbology identifier (a Code 128 card reads "]C0..."). */
function cardNumberOf(code: string, config: ReturnType<TerminalContext['config']>['scan']): string {
  const parsed = parseScan(code, config);
  if (!parsed.ok) return code;
  const scan = parsed.value;
  if (scan.kind === 'text') return scan.text;
  return scan.kind === 'product' ? scan.product.digits : code;
}

/** A serialized product's line waiting for its serial takes the next code the till's scanner reads; the screen must send it with sale.setSerial. */
function awaitingSerial(ctx: TerminalContext): number | undefined {
  return ctx.session.sale?.lineAwaitingSerial();
}

const serialFirst = (lineNo: number) =>
  new HostError('serial.required', `line ${lineNo} needs the serial of the piece sold first: scan it or type it in`, { lineNo });

async function scanItem(ctx: TerminalContext, p: Params<'sale.scan'>, fromScanner = false) {
  ctx.requireOperator();
  const awaiting = awaitingSerial(ctx);
  if (awaiting !== undefined) {
    // A serial tag is read as a card is: the data after the symbology identifier (Code 128 "]C0...").
    if (fromScanner) return scannedSerial(ctx, requireSale(ctx), awaiting, cardNumberOf(p.code, ctx.config().scan));
    throw serialFirst(awaiting);
  }
  if (parseMemberToken(p.code)) {
    return attachMember(ctx, { method: 'token', token: p.code }, { source: fromScanner ? 'scanner' : 'screen', scan: true });
  }
  // A mobile barcode carrier scanned from the customer's phone names the e-invoice's buyer (issue #17).
  const carrier = scannedCarrier(ctx, p.code);
  if (carrier) return carrier;
  if (fromScanner) {
    const member = attachScannedCard(ctx, cardNumberOf(p.code, ctx.config().scan));
    if (member) return member;
  }
  const code = p.code.slice(0, 64);
  const refuse = (error: HostError): never => {
    ctx.emit('scan.received', { code, source: p.source, ok: false, errorCode: error.code });
    throw error;
  };
  const parsed = parseScan(p.code, ctx.config().scan);
  let line: ScannedLine;
  let barcode: string | undefined;
  try {
    if (!parsed.ok) throw new HostError('scan.invalid-barcode', parsed.error.message, { reason: parsed.error.code });
    const { currency, roundingMode } = ctx.pricingRules();
    const scan = parsed.value;
    line = lineOfScan(scan, { catalog: ctx.catalog, currency, roundingMode, minorDigits: ctx.minorDigits }, code);
    barcode = scan.kind === 'product' || scan.kind === 'variable-measure' ? scan.product.digits : undefined;
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    // A keyed code that is no known barcode may be an exact SKU ("1001" is too short for a barcode).
    const typed = p.source === 'manual' && TYPED_SKU_FALLBACK.has(e.code) ? lineOfTypedSku(ctx.catalog, code) : undefined;
    if (!typed) return refuse(e);
    line = typed;
  }
  // The scan reader saw a pause inside a scan just before this one: it may be the rest of it, so a
  // valid code here is not sold (one scan never becomes two items).
  if (p.afterBreak) {
    return refuse(
      new HostError('scan.split', `${code} followed an interrupted scan at once and may be its end: check the last item and scan again`, {
        code,
      }),
    );
  }
  // A sale past Pay (or a receipt still owed) refuses the item: that is a refused scan like any other.
  let s: ReturnType<typeof ensureSale>;
  try {
    s = ensureSale(ctx);
    // A weighed item rung up from a scan got its weight from the label (issue #15).
    s.addProduct(line.product, line.qtyMilli, barcode, line.fixedPrice, { source: barcode === undefined ? 'typed' : 'label' });
  } catch (e) {
    if (e instanceof HostError) return refuse(e);
    throw e;
  }
  ctx.emit('scan.received', { code, source: p.source, ok: true });
  return saleChanged(ctx, s);
}

/**
 * A scan a scanner of this till delivered to the host itself (serial or HID), never one a screen
 * sent: only here does a member card count as scanned. Not a contract method, so no screen can claim it.
 */
export function scanFromScanner(ctx: TerminalContext, scan: { code: string; source: 'hid' | 'serial' }): Promise<SaleView> {
  return scanItem(ctx, scan, true);
}

/** Completes the sale in tendering: the sale entry (with its signed receipt code) and the receipt it owes, in one step. */
async function completeSale(ctx: TerminalContext) {
  const s = requireSale(ctx);
  ctx.requireNoObligation();
  if (s.status !== 'tendering') throw new HostError('sale.not-locked', 'present the total and take payment first');
  assertSerialsSellable(ctx, s);
  const settlement = s.settle();
  // A training sale takes no real cash: no drawer session, no drawer kick, its own receipt series.
  const paysCash = !s.training && settlement.tenders.some((t) => t.type === 'cash');
  const session = s.training ? undefined : paysCash ? requireCashSession(ctx, 'taking cash') : openDrawerSession(ctx);
  const endedAt = ctx.now();
  const { terminal, store } = ctx.config();
  const operatorId = ctx.requireOperator().staffId;
  const { signer } = ctx;
  requireInvoiceNumberAt(ctx, endedAt, s.training);
  const receiptNo = ctx.store.write((tx) => {
    // A gift card pays only what it still has, read in the transaction that spends it.
    if (!s.training) assertGiftCardsCovered(ctx, s.takenTenders());
    const no = tx.nextReceiptNo(s.training ? 'training' : 'live');
    const receiptQr = signReceiptQr(signer, {
      terminalId: terminal.terminalId,
      receiptNo: no,
      kind: 'sale',
      issuedAt: endedAt.toISOString(),
      total: settlement.total,
      currency: store.currency,
      keyId: signer.keyId,
    });
    const body = saleEntryBody(ctx, s, {
      receiptNo: no,
      settlement,
      drawerSessionId: session?.sessionId,
      receiptQr,
      operatorId,
      at: endedAt,
    });
    tx.append({ kind: 'sale', businessDay: ctx.day(endedAt), startedAt: s.startedAt, endedAt: endedAt.toISOString(), operatorId, body });
    closeSaleInCommit(ctx, tx, no, endedAt);
    return no;
  });
  return afterSaleCommit(ctx, s, receiptNo, paysCash);
}

/**
 * The `sale` entry's body, as a sale and an exchange's sale both write it inside their commit: the
 * lines with the value they load onto gift cards, the signed receipt code, the salespersons, and the
 * e-invoice number (taken here, gap-free) with the buyer the customer named.
 */
export function saleEntryBody(
  ctx: TerminalContext,
  s: Sale,
  o: { receiptNo: number; settlement: Settlement; drawerSessionId: string | undefined; receiptQr: string; operatorId: string; at: Date },
) {
  const invoice = takeInvoiceNumber(ctx, o.at, s.training);
  const { buyer: invoiceBuyer, itemDetails } = s.einvoiceBuyer;
  return {
    ...withGiftCardLoads(ctx, s.toBody(o.receiptNo, o.settlement, o.drawerSessionId), s.giftCardLines()),
    receiptQr: o.receiptQr,
    salespersons: s.salespersonsOr(o.operatorId),
    ...(invoice
      ? { einvoice: { ...invoice, ...(invoiceBuyer ? { buyer: invoiceBuyer } : {}), ...(itemDetails ? { itemDetails } : {}) } }
      : {}),
  };
}

/** In the sale entry's own commit: the pending-sale journal ends, and the receipt's first print is noted. */
export function closeSaleInCommit(ctx: TerminalContext, tx: LedgerTx, receiptNo: number, at: Date): void {
  // The pending-sale journal ends with the sale entry, in the same commit: never both, never neither.
  tx.keepSaleInProgress(null);
  // The receipt's first print is noted in the same commit (one flush less before paper): a
  // restart from here on, printed or not, makes the next print a marked reissue, never a
  // second original (docs/architecture.md#durability-tiers).
  tx.notePrintStarted({ receiptNo, printerId: ctx.printer.id, startedAt: at.toISOString() });
}

/** After a sale's commit: the screen, the invoice numbers left, the drawer, then the receipt it owes. */
export async function afterSaleCommit(ctx: TerminalContext, s: Sale, receiptNo: number, paysCash: boolean) {
  // The print note is this run's own: the print below is the original, not a reissue.
  ctx.session.receipts.set(receiptNo, { printing: false, failure: null });
  ctx.session.sale = null;
  saleChanged(ctx);
  // The status bar follows the numbers left: a warning below the threshold, an error at none.
  const numbers = invoiceNumbersStatus(ctx);
  if (numbers) ctx.emit('device.status', numbers);
  if (paysCash) await openCashDrawer(ctx);
  // An invoice kept on a carrier or donated owes no paper: the obligation is met electronically.
  const kept = s.training ? null : dischargeKeptInvoice(ctx, receiptNo, s.einvoiceBuyer.buyer ?? undefined);
  return kept ?? printObligation(ctx, receiptNo);
}

/** Voids a completed sale whose receipt was given: the cash goes back from the drawer open now. */
async function postVoid(ctx: TerminalContext, p: Params<'sale.postVoid'>) {
  ctx.requireOperator();
  const record = ctx.store.receipt(p.receiptNo);
  if (!record || record.kind !== 'sale') throw new HostError('receipt.not-found', `there is no sale receipt ${p.receiptNo}`);
  if (record.status === 'post-voided') throw new HostError('void.invalid', `receipt ${p.receiptNo} is already voided`);
  if (record.returnedTotal > 0) throw new HostError('void.invalid', `receipt ${p.receiptNo} has returns against it: use a return instead`);
  if (record.dischargedSeq === null) throw new HostError('void.invalid', `give the customer receipt ${p.receiptNo} first`);
  if (record.training) throw new HostError('void.invalid', `receipt ${p.receiptNo} is a training receipt: it was never a real sale`);
  refuseInTraining(ctx, 'void a real sale');
  const sold = receiptBody(ctx, record, 'sale');
  assertGiftCardLoadsUntouched(ctx, sold, record.seq);
  const paysCash = sold.tenders.some((t) => t.type === 'cash');
  // Not the sale's own drawer, which may be counted and closed by now.
  const session = paysCash ? requireCashSession(ctx, 'paying back a voided sale in cash') : openDrawerSession(ctx);
  const approval = authorize(ctx, 'sale.post-void', 'void a completed sale', { approval: p.approval, subject: { receiptNo: p.receiptNo } });
  writeApproved(ctx, approval, (approvalSeq) => [
    ctx.draft('void', {
      scope: 'post-void',
      saleId: record.documentId,
      receiptNo: p.receiptNo,
      amount: record.total,
      reason: p.reason,
      ...approvalRef(approvalSeq),
      drawerSessionId: session?.sessionId ?? null,
    }),
  ]);
  if (paysCash) await openCashDrawer(ctx);
  return receiptView(ctx, p.receiptNo);
}

const wholeItemsOnly = () => new HostError('payload.invalid', 'items sold by the piece take whole quantities');

/** A new quantity for a line. */
function setQuantity(ctx: TerminalContext, p: Params<'sale.setQuantity'>) {
  const s = requireSale(ctx);
  const line = s.view().lines.find((l) => l.lineNo === p.lineNo);
  if (!line) throw new HostError('sale.line-not-found', `line ${p.lineNo} is not on this sale`);
  if (line.unit === 'each' && p.qtyMilli % 1000 !== 0) throw wholeItemsOnly();
  // Taking items off a sale is a (partial) line void: permission checked and logged.
  const reducing = p.qtyMilli < line.qtyMilli;
  const subject = { lineNo: p.lineNo, from: line.qtyMilli, to: p.qtyMilli };
  const approval = reducing ? authorize(ctx, 'sale.void-line', 'reduce a quantity', { approval: p.approval, subject }) : null;
  const cover = coverDiscounts(ctx, s, p.lineNo, { qtyMilli: p.qtyMilli }, p.approval, 'a quantity change');
  const removed = line.amount - Math.round((line.amount * p.qtyMilli) / line.qtyMilli);
  s.setQuantity(p.lineNo, p.qtyMilli);
  if (reducing) {
    const reason = `quantity ${line.qtyMilli / 1000} -> ${p.qtyMilli / 1000}`;
    writeApproved(ctx, approval, (approvalSeq) => [
      ctx.draft(
        'void',
        { scope: 'line', saleId: s.saleId, lineNo: p.lineNo, amount: removed, reason, ...approvalRef(approvalSeq) },
        s.startedAt,
      ),
    ]);
  }
  cover.commit();
  return saleChanged(ctx, s);
}

/**
 * Takes a payment off the sale. A payment taken before a restart is named in the sale-resumed
 * entry: taking it off is a manager's decision, as ending the sale is (issue #12).
 */
function removeTender(ctx: TerminalContext, p: Params<'sale.removeTender'>) {
  const s = requireSale(ctx);
  const taken = p.index < s.resumedTenders ? s.takenTenders()[p.index] : undefined;
  if (taken) {
    const subject = { saleId: s.saleId, tender: p.index, type: taken.type, amount: taken.amount, reference: taken.reference ?? null };
    const approval = authorize(ctx, 'sale.post-void', 'remove a payment taken before a restart', { approval: p.approval, subject });
    if (approval) writeApproved(ctx, approval, () => []);
  }
  s.removeTender(p.index);
  return saleChanged(ctx, s);
}

/** Voids a line before tender, approved and logged with what it removed. */
function voidLine(ctx: TerminalContext, p: Params<'sale.voidLine'>) {
  const s = requireSale(ctx);
  const approval = authorize(ctx, 'sale.void-line', 'void a line', { approval: p.approval, subject: { lineNo: p.lineNo } });
  const cover = coverDiscounts(ctx, s, p.lineNo, { voided: true }, p.approval, 'voiding a line');
  const { amount } = s.voidLine(p.lineNo);
  writeApproved(ctx, approval, (approvalSeq) => [
    ctx.draft(
      'void',
      { scope: 'line', saleId: s.saleId, lineNo: p.lineNo, amount, reason: p.reason, ...approvalRef(approvalSeq) },
      s.startedAt,
    ),
  ]);
  cover.commit();
  return saleChanged(ctx, s);
}

export function createSaleHandlers(ctx: TerminalContext): HandlersOf<SaleMethod> {
  return {
    'sale.scan': (p) => scanItem(ctx, p),

    async 'sale.addItem'(p) {
      ctx.requireOperator();
      const product = ctx.catalog.byId(p.productId);
      if (!product || !product.active) throw new HostError('catalog.not-found', `no product ${p.productId}`);
      const qty = p.qtyMilli ?? 1000;
      if (product.unit === 'each' && qty % 1000 !== 0) throw wholeItemsOnly();
      const awaiting = awaitingSerial(ctx);
      if (awaiting !== undefined) throw serialFirst(awaiting);
      const s = ensureSale(ctx);
      // A weight sent by the screen was typed, not read from the scale: the line says so (issue #15).
      s.addProduct(product, qty, undefined, undefined, { source: 'typed' });
      return saleChanged(ctx, s);
    },

    'sale.setQuantity': async (p) => setQuantity(ctx, p),

    'sale.voidLine': async (p) => voidLine(ctx, p),

    async 'sale.present'() {
      const s = requireSale(ctx);
      s.present();
      return saleChanged(ctx, s);
    },

    async 'sale.reopen'(p) {
      const s = requireSale(ctx);
      const approval = authorize(ctx, 'sale.reopen', 'reopen a presented sale', { approval: p.approval, subject: { saleId: s.saleId } });
      s.reopen();
      if (approval) s.noteApproval(writeApproved(ctx, approval, () => [])!);
      return saleChanged(ctx, s);
    },

    async 'sale.addTender'(p) {
      const s = requireSale(ctx);
      // Said before the customer hands over money, not at Complete after change may have been given.
      if (p.type === 'cash' && !s.training) requireCashSession(ctx, 'taking cash');
      s.addTender(
        p.type === 'card'
          ? { type: 'card', amount: p.amount, reference: p.reference, last4: p.last4 }
          : p.type === 'giftcard'
            ? giftCardTender(ctx, p.cardNumber, p.amount, s.takenTenders())
            : { type: 'cash', amount: p.amount },
      );
      return saleChanged(ctx, s);
    },

    'sale.removeTender': async (p) => removeTender(ctx, p),

    'sale.complete': () => completeSale(ctx),

    async 'sale.cancel'(p) {
      const s = requireSale(ctx);
      // A sale resumed after a restart may be ended with its tenders: a manager's decision, and the
      // tenders given back are named in the void (issue #12).
      const paid = s.hasTenders;
      if (paid && !s.resumedAt)
        throw new HostError('sale.has-tenders', 'remove the tenders (refund any card payment on the card terminal) before cancelling');
      const subject = { saleId: s.saleId };
      // Closing a sale with nothing on it takes nothing from anyone: no approval (a refused first scan must not block sign-out).
      const approval = paid
        ? authorize(ctx, 'sale.post-void', 'end a paid sale interrupted by a restart', { approval: p.approval, subject })
        : s.activeLines === 0
          ? null
          : authorize(ctx, 'sale.cancel', 'cancel a sale', { approval: p.approval, subject });
      const amount = s.totals().total;
      const tendersReturned = paid ? { tendersReturned: s.takenTenders() } : {};
      writeApproved(ctx, approval, (approvalSeq) => [
        ctx.draft(
          'void',
          { scope: 'sale', saleId: s.saleId, amount, reason: p.reason, ...approvalRef(approvalSeq), ...tendersReturned },
          s.startedAt,
        ),
      ]);
      ctx.session.sale = null;
      saleChanged(ctx);
      return { ok: true };
    },

    'sale.postVoid': (p) => postVoid(ctx, p),
  };
}
