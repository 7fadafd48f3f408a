// Receipt methods: print an owed receipt (on another printer if the first failed), give it
// electronically instead, a marked copy of one already given, and the receipt as the screens show it.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import { approvalRef, authorize, writeApproved } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { printerFor, printObligation, receiptBody, receiptView, recordPrinted } from './receipt-obligation.ts';
import { printOutcome } from './print-outcome.ts';
import type { ReceiptRecord } from './receipt-record.ts';
import { keptElectronically } from '../fiscal/tw-einvoice/carriers.ts';

export type ReceiptMethod = 'receipt.print' | 'receipt.electronic' | 'receipt.reprint' | 'receipt.get';

/** Where an e-receipt goes: the screen's QR code, or the e-mail of the member on the sale. */
function electronicDestination(ctx: TerminalContext, receiptNo: number, sendTo: Params<'receipt.electronic'>['sendTo']): string {
  if (sendTo !== 'member-email') return 'screen-qr';
  const record = ctx.store.receipt(receiptNo)!;
  const body = record.kind === 'sale' ? receiptBody(ctx, record, 'sale') : null;
  const member = body?.member ? ctx.members.byId(body.member.memberId) : undefined;
  if (!ctx.config().receipt.emailEnabled || !member?.email) {
    throw new HostError('receipt.no-obligation', 'no e-mail on file for this sale: show the receipt QR on screen instead');
  }
  return `member-email:${member.memberId}`;
}

/**
 * A 證明聯 is reprinted (補印) only with a reason, which the receipt-reprinted entry keeps; an
 * invoice kept on a carrier or donated never had paper, so none is printed for it (issue #17).
 */
function refuseInvoiceReprint(ctx: TerminalContext, record: ReceiptRecord, reason: string | undefined): void {
  const invoice = record.kind === 'sale' ? receiptBody(ctx, record, 'sale').einvoice : undefined;
  if (!invoice) return;
  if (keptElectronically(invoice.buyer)) {
    throw new HostError(
      'einvoice.reprint-refused',
      `e-invoice ${invoice.number} is kept on the buyer's carrier or donated: no paper 證明聯 is printed for it`,
      { receiptNo: record.receiptNo },
    );
  }
  if (!reason)
    throw new HostError('einvoice.reprint-refused', `say why e-invoice ${invoice.number} is reprinted (補印)`, {
      receiptNo: record.receiptNo,
    });
}

export function createReceiptHandlers(ctx: TerminalContext): HandlersOf<ReceiptMethod> {
  const { store } = ctx;
  return {
    async 'receipt.print'(p) {
      ctx.requireOperator();
      const open = store.openObligations().find((o) => o.receiptNo === p.receiptNo);
      if (!open)
        throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} was already given to the customer: use reprint for a copy`);
      return printObligation(ctx, p.receiptNo, printerFor(ctx, p.printerId));
    },

    async 'receipt.electronic'(p) {
      ctx.requireOperator();
      const open = store.openObligations().find((o) => o.receiptNo === p.receiptNo);
      if (!open) throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} was already given to the customer`);
      // The paper original already printed (only its record is missing): that is what gets recorded, not a second receipt.
      const printedOn = ctx.session.receipts.get(p.receiptNo)?.printedOn;
      if (printedOn !== undefined) return recordPrinted(ctx, p.receiptNo, printedOn);
      const view = receiptView(ctx, p.receiptNo);
      if (view.status === 'printing')
        throw new HostError('receipt.print-failed', 'the receipt is printing right now; wait for the printer to answer');
      const destination = electronicDestination(ctx, p.receiptNo, p.sendTo);
      const issued = { saleId: view.documentId, receiptNo: p.receiptNo, copyNo: 0, forEntry: view.kind };
      store.write((tx) =>
        tx.append(ctx.draft('receipt-issued', { ...issued, channel: 'electronic', electronicReason: p.reason, destination })),
      );
      ctx.session.receipts.delete(p.receiptNo);
      const after = receiptView(ctx, p.receiptNo);
      ctx.emit('receipt.changed', after);
      return after;
    },

    async 'receipt.reprint'(p) {
      ctx.requireOperator();
      const record = store.receipt(p.receiptNo);
      if (!record) throw new HostError('receipt.not-found', `there is no receipt ${p.receiptNo}`);
      if (record.dischargedSeq === null)
        throw new HostError('receipt.no-obligation', `receipt ${p.receiptNo} has not been issued yet: print it first`);
      refuseInvoiceReprint(ctx, record, p.reason);
      const target = printerFor(ctx, p.printerId);
      const copyNo = record.copies + 1;
      const free = copyNo <= ctx.config().approvals.freeReprints;
      const subject = { receiptNo: p.receiptNo, copyNo };
      const approval = free ? null : authorize(ctx, 'receipt.reprint', `copy ${copyNo} of a receipt`, { approval: p.approval, subject });
      const view = receiptView(ctx, p.receiptNo, copyNo);
      const outcome = await printOutcome(target, view.document);
      if (!outcome.ok) {
        throw new HostError('receipt.print-failed', `the copy did not print: ${outcome.reason}`, {
          reason: outcome.reason,
          printerId: target.id,
        });
      }
      writeApproved(ctx, approval, (approvalSeq) => [
        ctx.draft('receipt-reprinted', {
          saleId: record.documentId,
          receiptNo: p.receiptNo,
          copyNo,
          printerId: target.id,
          ...approvalRef(approvalSeq),
          ...(p.reason ? { reason: p.reason } : {}),
        }),
      ]);
      return view;
    },

    async 'receipt.get'(p) {
      ctx.requireOperator();
      return receiptView(ctx, p.receiptNo);
    },
  };
}
