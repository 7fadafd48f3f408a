// Serials at the till (issue #14): after a serialized product is added its line waits for the
// piece's serial. A serial read by a scanner this till drives is taken as it is; one the screen
// sends is typed as far as the host can know (a keyboard-wedge scan types too), so it needs the
// approval of someone allowed to. Either way a serial this till's ledger shows sold and not
// returned is refused.
import type { Params } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { authorize, writeApproved } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { Sale } from './sale.ts';
import { requireSale, saleChanged } from './sale-in-progress.ts';
import { normalizeSerial, refusalToSell } from './serial.ts';

/** The serial as recorded, refused when it is none or this till has it sold and not returned. */
export function sellableSerial(ctx: TerminalContext, raw: string): string {
  const check = normalizeSerial(raw);
  if (!check.ok) throw new HostError('serial.invalid', check.message);
  const state = ctx.store.serialState(check.serial);
  const refusal = refusalToSell(check.serial, state);
  if (refusal) throw new HostError('serial.sold', refusal, { serial: check.serial, receiptNo: state?.receiptNo, seq: state?.seq });
  return check.serial;
}

/** A scanner of this till read `code` while line `lineNo` waited for its serial: the serial, taken as scanned. */
export function scannedSerial(ctx: TerminalContext, s: Sale, lineNo: number, code: string): SaleView {
  s.setSerial(lineNo, { value: sellableSerial(ctx, code), entry: 'scanned' });
  return saleChanged(ctx, s);
}

/** The serial the screen sent (typed, or a keyboard-wedge scan): approved, or by someone allowed to type serials. */
function typedSerial(ctx: TerminalContext, p: Params<'sale.setSerial'>): SaleView {
  const s = requireSale(ctx);
  const serial = sellableSerial(ctx, p.serial);
  const line = s.view().lines.find((l) => l.lineNo === p.lineNo);
  if (!line) throw new HostError('sale.line-not-found', `line ${p.lineNo} is not on this sale`, { lineNo: p.lineNo });
  const subject = { saleId: s.saleId, lineNo: p.lineNo, productId: line.productId, serial };
  // Checked before asking for the approval: a refused serial leaves no approval behind.
  s.checkSerial(p.lineNo, serial);
  const approval = authorize(ctx, 'sale.serial-typed', 'type in a serial', { approval: p.approval, subject });
  const approvalSeq = approval ? writeApproved(ctx, approval, () => []) : undefined;
  s.setSerial(p.lineNo, { value: serial, entry: 'typed', ...(approvalSeq ? { approvalSeq } : {}) });
  if (approvalSeq) s.noteApproval(approvalSeq);
  return saleChanged(ctx, s);
}

/** Refuses a sale whose serials are missing or were sold meanwhile; called when the sale completes. */
export function assertSerialsSellable(ctx: TerminalContext, s: Sale): void {
  const awaiting = s.lineAwaitingSerial();
  if (awaiting !== undefined)
    throw new HostError('serial.required', `line ${awaiting} needs the serial of the piece sold`, { lineNo: awaiting });
  for (const l of s.view().lines) if (l.serial) sellableSerial(ctx, l.serial);
}

export function createSerialHandlers(ctx: TerminalContext): HandlersOf<'sale.setSerial'> {
  return {
    async 'sale.setSerial'(p) {
      ctx.requireOperator();
      return typedSerial(ctx, p);
    },
  };
}
