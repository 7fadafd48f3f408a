// Return methods: finding the sale by its receipt (number or signed QR code), quoting what a return
// gives back, and completing it with its own receipt obligation.
import type { ReceiptRecord } from '../receipts/receipt-record.ts';
import { HostError } from '../contract/errors.ts';
import type { Params, Result } from '../contract/methods.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { approvalRef, authorize } from '../auth/authorize.ts';
import { receiptQrPayload, signReceiptQr, verifyReceiptQr } from '../receipts/receipt-qr.ts';
import { printObligation, receiptBody } from '../receipts/receipt-obligation.ts';
import { openCashDrawer, openDrawerSession, requireCashSession } from '../till/cash-drawer.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { planReturn } from './return-plan.ts';

export type ReturnMethod = 'return.lookup' | 'return.quote' | 'return.complete';

/** The receipt number a lookup names; a QR code must be this terminal's, signed with its key. */
function lookedUpReceiptNo(ctx: TerminalContext, p: Params<'return.lookup'>): number {
  if (!('qr' in p)) return p.receiptNo;
  const check = verifyReceiptQr(ctx.crypto, ctx.signer.publicKey, null, p.qr);
  if (!check.ok) throw new HostError('return.not-found', check.message, { reason: check.reason });
  const { terminalId } = check.claim;
  if (terminalId !== ctx.config().terminal.terminalId) {
    throw new HostError('return.not-found', `receipt from terminal ${terminalId}: return it there, or without a receipt`);
  }
  return check.claim.receiptNo;
}

/** Training receipts are returned only in training, real ones only for real: neither may pay out the other's money. */
export function requireSameMode(ctx: TerminalContext, receiptNo: number | undefined): void {
  if (receiptNo === undefined) return;
  const record = ctx.store.receipt(receiptNo);
  if (!record || record.training === ctx.session.training) return;
  throw record.training
    ? new HostError('return.invalid', `receipt ${receiptNo} is a training receipt: it was never a real sale`)
    : new HostError('training.not-real', `training mode cannot return real receipt ${receiptNo}`);
}

function lookupResult(ctx: TerminalContext, record: ReceiptRecord, body: EntryBody<'sale'>): Result<'return.lookup'> {
  const returned = ctx.store.returnedQuantities(record.receiptNo);
  const returnable = (lineNo: number, qtyMilli: number) => (record.status === 'post-voided' ? 0 : qtyMilli - (returned.get(lineNo) ?? 0));
  return {
    receiptNo: record.receiptNo,
    saleId: record.documentId,
    endedAt: record.endedAt,
    currency: body.currency,
    total: body.total,
    status: record.status,
    lines: body.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      name: l.name,
      names: ctx.catalog.byId(l.productId)?.names ?? {},
      qtyMilli: l.qtyMilli,
      returnableMilli: returnable(l.lineNo, l.qtyMilli),
      amount: l.amount,
      unit: ctx.catalog.byId(l.productId)?.unit ?? 'each',
      ...(l.serial ? { serial: l.serial.value } : {}),
    })),
    tenders: body.tenders.map((t) => ({ type: t.type, amount: t.amount })),
  };
}

async function completeReturn(ctx: TerminalContext, p: Params<'return.complete'>) {
  const operator = ctx.requireOperator();
  ctx.requireNoObligation();
  ctx.requireNoSale();
  requireSameMode(ctx, p.originalReceiptNo);
  const { original, lines, tax, refunds, rounding, total, otherTender } = planReturn(ctx, p);
  const approval =
    p.originalReceiptNo !== undefined
      ? authorize(ctx, 'return.with-receipt', 'a return', { approval: p.approval, subject: { originalReceiptNo: p.originalReceiptNo } })
      : authorize(ctx, 'return.without-receipt', 'a return without a receipt', {
          approval: p.approval,
          subject: { lines: p.lines.length },
        });
  const otherTenderApproval = otherTender
    ? authorize(ctx, 'return.other-tender', 'a refund to a tender the sale did not use', {
        approval: p.approval,
        subject: { originalReceiptNo: p.originalReceiptNo ?? null, amount: otherTender, to: 'cash' },
      })
    : null;
  const { training } = ctx.session;
  const paysCash = !training && refunds.some((r) => r.type === 'cash');
  const session = training ? undefined : paysCash ? requireCashSession(ctx, 'paying a refund in cash') : openDrawerSession(ctx);
  const endedAt = ctx.now();
  const at = endedAt.toISOString();
  const returnId = ctx.newId();
  const { terminal, store } = ctx.config();
  const { signer } = ctx;
  const receiptNo = ctx.store.write((tx) => {
    const approvalSeq = approval ? tx.append(approval).seq : undefined;
    const otherTenderSeq = otherTenderApproval ? tx.append(otherTenderApproval).seq : undefined;
    const no = tx.nextReceiptNo(training ? 'training' : 'live');
    const receiptQr = signReceiptQr(signer, {
      terminalId: terminal.terminalId,
      receiptNo: no,
      kind: 'return',
      issuedAt: at,
      total,
      currency: store.currency,
      keyId: signer.keyId,
    });
    const body: EntryBody<'return'> = {
      returnId,
      receiptNo: no,
      currency: store.currency,
      ...(original ? { originalSaleId: original.saleId, originalReceiptNo: original.receiptNo } : {}),
      lines,
      refunds,
      ...(rounding ? { rounding } : {}),
      total,
      tax,
      reason: p.reason,
      withReceipt: original !== undefined,
      training,
      ...approvalRef(approvalSeq),
      ...(session ? { drawerSessionId: session.sessionId } : {}),
      receiptQr,
      ...(otherTender ? { otherTender: { amount: otherTender, ...approvalRef(otherTenderSeq) } } : {}),
      ...(original?.salespersons ? { salespersons: original.salespersons } : {}),
    };
    tx.append({ kind: 'return', businessDay: ctx.day(endedAt), startedAt: at, endedAt: at, operatorId: operator.staffId, body });
    return no;
  });
  if (paysCash) await openCashDrawer(ctx);
  return printObligation(ctx, receiptNo);
}

export function createReturnHandlers(ctx: TerminalContext): HandlersOf<ReturnMethod> {
  return {
    async 'return.lookup'(p) {
      ctx.requireOperator();
      const receiptNo = lookedUpReceiptNo(ctx, p);
      const record = ctx.store.receipt(receiptNo);
      if (!record || record.kind !== 'sale') throw new HostError('return.not-found', `there is no sale receipt ${receiptNo}`);
      requireSameMode(ctx, receiptNo);
      const body = receiptBody(ctx, record, 'sale');
      if ('qr' in p && body.receiptQr !== receiptQrPayload(p.qr))
        throw new HostError('return.not-found', 'this receipt code does not match the sale on record');
      return lookupResult(ctx, record, body);
    },

    async 'return.quote'(p) {
      ctx.requireOperator();
      requireSameMode(ctx, p.originalReceiptNo);
      const { refunds, rounding, total } = planReturn(ctx, p);
      return {
        total,
        rounding: rounding ?? 0,
        refunds: refunds.map((r) => ({ type: r.type, amount: r.amount, ...(r.last4 ? { last4: r.last4 } : {}) })),
      };
    },

    'return.complete': (p) => completeReturn(ctx, p),
  };
}
