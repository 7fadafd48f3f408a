// A receipt owed to the customer: how it reads now (the view every screen shows) and printing it,
// which alone discharges the obligation on a confirmed print. Electronic receipts and copies are
// in receipt-handlers.ts.
import type { ReceiptPrinter } from '../ports/receipt-printer.ts';
import type { ReceiptRecord } from './receipt-record.ts';
import type { ReceiptView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { entryOf, type EntryBody } from '../ledger/bodies.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { ReceiptPrinting } from '../terminal/terminal-session.ts';
import { buildReturnReceipt, buildSaleReceipt } from './receipt-document.ts';
import { receiptQrForCustomer } from './receipt-qr.ts';
import { withExchange } from './exchange-receipt.ts';
import { printOutcome } from './print-outcome.ts';
import { saleProofDocument } from './einvoice-proof.ts';
import { errorMessage } from '../shared/errors.ts';

/** The ledger body of a sale or return receipt. */
export function receiptBody<K extends 'sale' | 'return'>(
  ctx: Pick<TerminalContext, 'store'>,
  record: ReceiptRecord,
  kind: K,
): EntryBody<K> {
  const entry = entryOf(ctx.store.entry(record.seq), kind);
  if (!entry) throw new HostError('receipt.not-found', `receipt ${record.receiptNo} has no ledger entry`);
  return entry.body;
}

function receiptContent(
  ctx: TerminalContext,
  record: ReceiptRecord,
  copyNo: number,
  reissue = false,
): Pick<ReceiptView, 'document' | 'qr' | 'change' | 'memberEmail'> {
  const operatorName = record.operatorId ? (ctx.staff.byId(record.operatorId)?.name ?? record.operatorId) : null;
  if (record.kind === 'return') {
    const body = receiptBody(ctx, record, 'return');
    const qr = receiptQrForCustomer(body.receiptQr ?? '', ctx.config().hq?.url);
    const document = buildReturnReceipt(body, { endedAt: record.endedAt, operatorName, qr, copyNo, reissue }, ctx.receiptContext());
    return { document, qr, change: 0, memberEmail: false };
  }
  const body = receiptBody(ctx, record, 'sale');
  // With HQ the code is a link to the readable receipt HQ serves; without, the bare signed payload
  // (the customer display shows the receipt itself).
  const qr = receiptQrForCustomer(body.receiptQr ?? '', ctx.config().hq?.url);
  const member = body.member ? ctx.members.byId(body.member.memberId) : undefined;
  const postVoided = record.status === 'post-voided';
  const meta = { endedAt: record.endedAt, operatorName, qr, copyNo, postVoided, reissue, ...(member ? { memberName: member.name } : {}) };
  return {
    // An e-invoice sale's receipt is its 證明聯 (issue #17).
    document: saleProofDocument(ctx, body, record.endedAt, copyNo) ?? saleDocument(ctx, body, meta),
    qr,
    change: body.tenders.reduce((s, t) => s + (t.change ?? 0), 0),
    memberEmail: Boolean(member?.email) && ctx.config().receipt.emailEnabled,
  };
}

/** A sale's receipt; an exchange's shows its return too (issue #15). */
function saleDocument(ctx: TerminalContext, body: EntryBody<'sale'>, meta: Parameters<typeof buildSaleReceipt>[1]) {
  const rc = ctx.receiptContext();
  const document = buildSaleReceipt(body, meta, rc);
  const ret = body.exchange ? ctx.store.receipt(body.exchange.returnReceiptNo) : undefined;
  return ret ? withExchange(document, body, receiptBody(ctx, ret, 'return'), rc) : document;
}

/**
 * A print of this owed original started before the till (re)started and was never confirmed in
 * the ledger: it may be in the customer's hand (it printed, then recording it failed on a full
 * disk, or the till stopped mid-print).
 */
function startedBeforeRestart(ctx: TerminalContext, record: ReceiptRecord, printing: ReceiptPrinting | undefined): boolean {
  return record.dischargedSeq === null && printing === undefined && ctx.store.printStarted(record.receiptNo) !== undefined;
}

function receiptStatus(ctx: TerminalContext, record: ReceiptRecord, printing: ReceiptPrinting | undefined): ReceiptView['status'] {
  if (record.dischargedSeq !== null) return record.channel === 'electronic' ? 'electronic' : 'printed';
  if (printing?.printing) return 'printing';
  if (printing?.printedOn !== undefined) return 'failed';
  return printing?.failure || record.printFailures > 0 || startedBeforeRestart(ctx, record, printing) ? 'failed' : 'pending';
}

/**
 * Whether an earlier attempt at this owed original may have put it, or part of it, on paper (or
 * may still, once the printer runs again). Then the next print says it replaces any earlier one,
 * so the customer never holds two unmarked originals. Attempts before a restart are not known
 * in detail: any of them counts, and so does a print that started and was never confirmed.
 */
function mayHavePrinted(ctx: TerminalContext, record: ReceiptRecord, printing: ReceiptPrinting | undefined): boolean {
  if (record.dischargedSeq !== null) return false;
  if (startedBeforeRestart(ctx, record, printing)) return true;
  return Boolean(printing?.mayHavePrinted) || record.printFailures > (printing?.failures ?? 0);
}

/** The failure reason of a receipt that printed but is not yet recorded as given. */
const NOT_RECORDED = 'not-recorded';

/** Why a receipt is still owed: the print failed, it printed and recording that failed, or a print before a restart was never confirmed. */
function failureOf(
  ctx: TerminalContext,
  record: ReceiptRecord,
  printing: ReceiptPrinting | undefined,
): NonNullable<ReceiptView['failure']> {
  if (printing?.printedOn !== undefined)
    return { reason: NOT_RECORDED, detail: 'printed; the till could not record it yet', printerId: printing.printedOn };
  const started = printing === undefined ? ctx.store.printStarted(record.receiptNo) : undefined;
  if (started && record.printFailures === 0) {
    return {
      reason: 'unconfirmed',
      detail:
        "it started printing before the till restarted and was never confirmed: it may be in the customer's hand; a new print says it replaces it",
      printerId: started.printerId,
    };
  }
  return printing?.failure ?? { reason: 'error', detail: 'the last print attempt failed before a restart' };
}

/** A receipt as the screens show it; `copyNo` above 0 renders a marked copy. */
export function receiptView(ctx: TerminalContext, receiptNo: number, copyNo = 0): ReceiptView {
  const record = ctx.store.receipt(receiptNo);
  if (!record) throw new HostError('receipt.not-found', `there is no receipt ${receiptNo} on this terminal`, { receiptNo });
  const printing = ctx.session.receipts.get(receiptNo);
  const status = receiptStatus(ctx, record, printing);
  const reissue = copyNo === 0 && mayHavePrinted(ctx, record, printing);
  const { document, qr, change, memberEmail } = receiptContent(ctx, record, copyNo, reissue);
  return {
    receiptNo,
    documentId: record.documentId,
    kind: record.kind,
    status,
    failure: status === 'failed' ? failureOf(ctx, record, printing) : null,
    printers: ctx.printers.map((p) => p.id),
    qr,
    total: record.total,
    change,
    document,
    memberEmail,
  };
}

/** The printer a cashier chose by id; the primary when none is named. */
export function printerFor(ctx: TerminalContext, printerId: string | undefined): ReceiptPrinter {
  if (printerId === undefined) return ctx.printer;
  const chosen = ctx.printers.find((p) => p.id === printerId);
  if (!chosen) {
    throw new HostError('receipt.unknown-printer', `this till has no receipt printer "${printerId}"`, {
      printerId,
      printers: ctx.printers.map((p) => p.id),
    });
  }
  return chosen;
}

/**
 * Records that the original printed (receipt-issued), which discharges the obligation. When that
 * write fails (a full disk) the customer still holds the original: the till remembers the print,
 * records it at the next attempt instead of printing again, and tells the cashier exactly that.
 */
export function recordPrinted(ctx: TerminalContext, receiptNo: number, printerId: string): ReceiptView {
  const { receipts } = ctx.session;
  const record = ctx.store.receipt(receiptNo);
  if (!record) throw new HostError('receipt.not-found', `there is no receipt ${receiptNo} on this terminal`, { receiptNo });
  const issued = { saleId: record.documentId, receiptNo, printerId, channel: 'printed' as const, copyNo: 0, forEntry: record.kind };
  let failure: unknown;
  // Once more straight away: a write that failed on a busy or briefly full disk often goes through.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      ctx.store.write((tx) => tx.append(ctx.draft('receipt-issued', issued)));
      receipts.delete(receiptNo);
      const after = receiptView(ctx, receiptNo);
      ctx.emit('receipt.changed', after);
      return after;
    } catch (e) {
      failure = e;
    }
  }
  receipts.set(receiptNo, { ...(receipts.get(receiptNo) ?? { printing: false, failure: null }), printedOn: printerId });
  ctx.emit('receipt.changed', receiptView(ctx, receiptNo));
  const why = errorMessage(failure).slice(0, 300);
  throw new HostError(
    'receipt.not-recorded',
    `receipt ${receiptNo} printed on ${printerId} and its sale is recorded, but recording the receipt failed (${why}); do not give another one`,
    { receiptNo, printerId },
  );
}

/**
 * Notes that the first print of an owed original starts now, unless an earlier one was noted.
 * Returns why it could not (a full disk): then nothing is printed, since a print the till could
 * not account for after a restart could become a second original.
 */
function noteFirstPrint(ctx: TerminalContext, receiptNo: number, printerId: string): string | null {
  if (ctx.store.printStarted(receiptNo)) return null;
  try {
    ctx.store.write((tx) => tx.notePrintStarted({ receiptNo, printerId, startedAt: ctx.now().toISOString() }));
    return null;
  } catch (e) {
    return `nothing was printed: the till could not note the print first (${errorMessage(e).slice(0, 300)})`;
  }
}

/** Prints a receipt that still owes the customer (on the primary unless told otherwise): discharges the obligation only on success. */
export async function printObligation(ctx: TerminalContext, receiptNo: number, target: ReceiptPrinter = ctx.printer): Promise<ReceiptView> {
  const { receipts } = ctx.session;
  const printing = receipts.get(receiptNo) ?? { printing: false, failure: null };
  // A print noted before the restart may be on paper: this session carries that on, whatever happens next.
  if (!receipts.has(receiptNo) && ctx.store.printStarted(receiptNo)) printing.mayHavePrinted = true;
  if (printing.printing) return receiptView(ctx, receiptNo);
  // The original already printed and only its record is missing: record it, never print a second original.
  if (printing.printedOn !== undefined) return recordPrinted(ctx, receiptNo, printing.printedOn);
  // Written ahead of the paper: a restart after this print (confirmed or not) marks any new print as a reissue.
  const unnoted = noteFirstPrint(ctx, receiptNo, target.id);
  if (unnoted) {
    printing.failure = { reason: 'error', detail: unnoted, printerId: target.id };
    receipts.set(receiptNo, printing);
    const after = receiptView(ctx, receiptNo);
    ctx.emit('receipt.changed', after);
    return after;
  }
  printing.printing = true;
  printing.failure = null;
  receipts.set(receiptNo, printing);
  const view = receiptView(ctx, receiptNo);
  ctx.emit('receipt.changed', view);
  const outcome = await printOutcome(target, view.document);
  printing.printing = false;
  if (outcome.ok) return recordPrinted(ctx, receiptNo, target.id);
  printing.failure = { reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail } : {}), printerId: target.id };
  const detail = outcome.detail ? { detail: outcome.detail.slice(0, 500) } : {};
  const receipt = { saleId: view.documentId, receiptNo, printerId: target.id };
  printing.failures = (printing.failures ?? 0) + 1;
  if (outcome.leftover !== 'none' && outcome.leftover !== 'cleared') printing.mayHavePrinted = true;
  try {
    ctx.store.write((tx) => tx.append(ctx.draft('receipt-print-failed', { ...receipt, reason: outcome.reason, ...detail })));
  } catch {
    // Not recording the failed attempt (a full disk) changes nothing owed: the receipt stays owed and the screen says it did not print.
  }
  const after = receiptView(ctx, receiptNo);
  ctx.emit('receipt.changed', after);
  return after;
}
