// Exchange methods (issue #15): quoting the balance of an exchange and completing it. The return
// and the sale are written in one transaction, linked both ways, and owe one receipt (the sale's),
// which shows the returned lines, the new ones and the balance. Nothing is written before: a
// refused or abandoned exchange leaves the receipt returnable and the sale in progress as it was.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { approvalRef, authorize } from '../auth/authorize.ts';
import { signReceiptQr } from '../receipts/receipt-qr.ts';
import { openDrawerSession, requireCashSession } from '../till/cash-drawer.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { SaleTender } from './cart.ts';
import { requireInvoiceNumberAt } from './einvoice-numbers.ts';
import { afterSaleCommit, closeSaleInCommit, saleEntryBody } from './sale-handlers.ts';
import { planExchange } from './exchange-plan.ts';
import { requireSameMode } from './return-handlers.ts';
import { requireSale } from './sale-in-progress.ts';
import type { Sale } from './sale.ts';
import { assertSerialsSellable } from './serial-handlers.ts';

export type ExchangeMethod = 'exchange.quote' | 'exchange.complete';

type ExchangeRequest = Params<'exchange.quote'> & { tenders?: Params<'exchange.complete'>['tenders'] };

/** The sale in progress an exchange is made against: presented, nothing paid on it yet. */
function exchangeSale(ctx: TerminalContext): Sale {
  const s = requireSale(ctx);
  if (s.status !== 'tendering') throw new HostError('sale.not-locked', 'present the total of the new items first');
  if (s.hasTenders)
    throw new HostError('exchange.invalid', 'remove the payments taken on this sale first: the credit pays it', { reason: 'has-tenders' });
  return s;
}

function plan(ctx: TerminalContext, s: Sale, p: ExchangeRequest, exchangeId: string) {
  requireSameMode(ctx, p.originalReceiptNo);
  const pay: SaleTender[] = (p.tenders ?? []).map((t) => (t.type === 'card' ? { ...t } : { type: 'cash', amount: t.amount }));
  return planExchange(ctx, { ...p, exchangeId }, { total: s.totals().total, rules: ctx.pricingRules() }, pay);
}

async function completeExchange(ctx: TerminalContext, p: Params<'exchange.complete'>) {
  const operator = ctx.requireOperator();
  ctx.requireNoObligation();
  const s = exchangeSale(ctx);
  assertSerialsSellable(ctx, s);
  const exchangeId = ctx.newId();
  const x = plan(ctx, s, p, exchangeId);
  if (!x.settlement) throw new HostError('sale.underpaid', `the customer still pays ${x.balance}`, { remaining: x.balance });
  const { settlement } = x;
  const original = x.returned.original!;
  // The return half needs what a return needs: its approval, and one more for money back to a tender the sale did not use.
  const approval = authorize(ctx, 'return.with-receipt', 'an exchange', {
    approval: p.approval,
    subject: { originalReceiptNo: p.originalReceiptNo },
  });
  const otherTenderApproval = x.otherTender
    ? authorize(ctx, 'return.other-tender', 'a refund to a tender the sale did not use', {
        approval: p.approval,
        subject: { originalReceiptNo: p.originalReceiptNo, amount: x.otherTender, to: 'cash' },
      })
    : null;
  const { training } = s;
  const paysCash = !training && (settlement.tenders.some((t) => t.type === 'cash') || x.refunds.some((r) => r.type === 'cash'));
  const session = training ? undefined : paysCash ? requireCashSession(ctx, 'an exchange with cash') : openDrawerSession(ctx);
  const endedAt = ctx.now();
  const at = endedAt.toISOString();
  const { terminal, store } = ctx.config();
  const { signer } = ctx;
  requireInvoiceNumberAt(ctx, endedAt, training);
  const qr = (no: number, kind: 'sale' | 'return', total: number) =>
    signReceiptQr(signer, {
      terminalId: terminal.terminalId,
      receiptNo: no,
      kind,
      issuedAt: at,
      total,
      currency: store.currency,
      keyId: signer.keyId,
    });
  const returnId = ctx.newId();
  const saleNo = ctx.store.write((tx) => {
    const approvalSeq = approval ? tx.append(approval).seq : undefined;
    const otherTenderSeq = otherTenderApproval ? tx.append(otherTenderApproval).seq : undefined;
    const series = training ? 'training' : 'live';
    const returnNo = tx.nextReceiptNo(series);
    // The sale's number follows the return's in the same series: the return names it before it is written.
    const no = returnNo + 1;
    const returnBody: EntryBody<'return'> = {
      returnId,
      receiptNo: returnNo,
      currency: store.currency,
      originalSaleId: original.saleId,
      originalReceiptNo: original.receiptNo,
      lines: x.returned.lines,
      refunds: x.refunds,
      ...(x.rounding ? { rounding: x.rounding } : {}),
      total: x.returnTotal,
      tax: x.returned.tax,
      reason: p.reason,
      withReceipt: true,
      training,
      ...approvalRef(approvalSeq),
      ...(session ? { drawerSessionId: session.sessionId } : {}),
      receiptQr: qr(returnNo, 'return', x.returnTotal),
      ...(x.otherTender ? { otherTender: { amount: x.otherTender, ...approvalRef(otherTenderSeq) } } : {}),
      ...(original.salespersons ? { salespersons: original.salespersons } : {}),
      exchange: { exchangeId, saleId: s.saleId, saleReceiptNo: no },
    };
    tx.append({
      kind: 'return',
      businessDay: ctx.day(endedAt),
      startedAt: at,
      endedAt: at,
      operatorId: operator.staffId,
      body: returnBody,
    });
    if (tx.nextReceiptNo(series) !== no) throw new HostError('ledger.unavailable', 'the exchange receipt numbers are not consecutive');
    const saleBody = {
      ...saleEntryBody(ctx, s, {
        receiptNo: no,
        settlement,
        drawerSessionId: session?.sessionId,
        receiptQr: qr(no, 'sale', settlement.total),
        operatorId: operator.staffId,
        at: endedAt,
      }),
      exchange: { exchangeId, returnId, returnReceiptNo: returnNo },
    };
    tx.append({
      kind: 'sale',
      businessDay: ctx.day(endedAt),
      startedAt: s.startedAt,
      endedAt: at,
      operatorId: operator.staffId,
      body: saleBody,
    });
    // The pending-sale journal ends with the exchange, in the same commit, as for any sale.
    closeSaleInCommit(ctx, tx, no, endedAt);
    return no;
  });
  return afterSaleCommit(ctx, s, saleNo, paysCash);
}

export function createExchangeHandlers(ctx: TerminalContext): HandlersOf<ExchangeMethod> {
  return {
    async 'exchange.quote'(p) {
      const s = exchangeSale(ctx);
      const x = plan(ctx, s, p, 'quote');
      return {
        credit: x.credit,
        saleTotal: s.totals().total,
        applied: x.applied,
        balance: x.balance,
        rounding: x.rounding,
        refunds: x.refunds
          .filter((r) => r.type !== 'exchange-credit')
          .map((r) => ({ type: r.type, amount: r.amount, ...(r.last4 ? { last4: r.last4 } : {}) })),
      };
    },

    'exchange.complete': (p) => completeExchange(ctx, p),
  };
}
