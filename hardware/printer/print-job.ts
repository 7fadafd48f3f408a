// One receipt on its way to the printer. "Printed" means: the job's bytes were written, and the
// printer then confirmed it had printed all of them with no fault, the way its command set
// confirms (the driver's StatusProtocol). A fault reported mid-job (paper out, cover open, the
// link lost) stops the job between chunks at once.
import type { PrintFailureReason, PrintOutcome } from '../../core/ports/receipt-printer.ts';
import type { DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import type { SupervisedLink } from '../transports/supervised-link.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';
import { FAILURE_TEXT, printFailure, printFailureOf } from './print-failure.ts';
import { settle, type Settled, type StatusProtocol, type WrittenJob } from './status-protocol.ts';

/** What a print job uses of the driver. */
export interface PrintJobContext {
  readonly id: string;
  readonly log: DeviceLog;
  readonly link: SupervisedLink;
  readonly protocol: StatusProtocol;
  /** Whether the printer's status confirms the job (printer-status), or written counts as printed (write-only). */
  readonly confirm: boolean;
  ensureConnected(): Promise<boolean>;
  offlineDetail(): string;
  onFault(listener: (reason: PrintFailureReason) => void): () => void;
  printing(on: boolean): void;
}

/** Sends a whole job and waits for the printer's word on it. Runs inside the driver's queue. */
export async function printJob(ctx: PrintJobContext, job: Uint8Array): Promise<PrintOutcome> {
  let chunks: Uint8Array[];
  try {
    chunks = ctx.protocol.frame(job, ctx.confirm);
  } catch (e) {
    ctx.log.error(`printer ${ctx.id}: refusing a malformed job`, { error: errorWithCode(e) });
    return printFailure('error', `malformed job (not sent): ${errorWithCode(e)}`, 'none');
  }
  if (!(await ctx.ensureConnected())) return printFailure('offline', ctx.offlineDetail(), 'none');
  if (ctx.confirm) {
    const refusal = refusalBeforePrinting(await settle(ctx.protocol.query()));
    if (refusal) return refusal;
  }
  ctx.printing(true);
  const watch = watchFaults(ctx, chunks.length);
  try {
    ctx.protocol.jobStarting(ctx.confirm);
    const stopped = await writeChunks(ctx, chunks, watch);
    if (stopped) return stopped;
    if (!ctx.confirm) return { ok: true };
    return await ctx.protocol.confirm(watch);
  } finally {
    watch.stop();
    ctx.printing(false);
  }
}

/** A printer that cannot print now gets nothing: the receipt fails before a byte is sent. */
function refusalBeforePrinting(before: Settled<PrinterStatus>): PrintOutcome | null {
  if (!before.ok) return printFailure('offline', `the printer does not answer: ${errorWithCode(before.error)}`, 'none');
  const reason = printFailureOf(before.value);
  return reason ? printFailure(reason, `${FAILURE_TEXT[reason]} before printing; nothing was sent`, 'none') : null;
}

interface FaultWatch extends WrittenJob {
  /** Chunks written so far (counted as each write starts). */
  sent: number;
  stop(): void;
}

/** Listens for the first fault while the job is on its way. */
function watchFaults(ctx: PrintJobContext, chunks: number): FaultWatch {
  let fault: PrintFailureReason | null = null;
  let faultSeen: () => void = () => {};
  const faulted = new Promise<void>((resolve) => (faultSeen = resolve));
  const stop = ctx.onFault((reason) => {
    fault ??= reason;
    faultSeen();
  });
  const watch: FaultWatch = {
    faulted,
    sent: 0,
    fault: () => fault,
    abandon: (reason) => abandonJob(ctx, reason, watch.sent, watch.sent >= chunks),
    stop,
  };
  return watch;
}

/**
 * The printer stopped mid-job: send no more of it. A printer that confirms clearing its buffer
 * prints nothing more of this receipt; the cut then ends the stub it already printed. Otherwise
 * the rest prints once the printer runs again: a job that reached the printer whole ends with
 * its own cut, a part of one gets a cut so the stub comes out on its own.
 */
async function abandonJob(ctx: PrintJobContext, reason: PrintFailureReason, sent: number, whole: boolean): Promise<PrintOutcome> {
  const what = `${FAILURE_TEXT[reason]} while printing`;
  if (sent === 0) return printFailure(reason, what, 'none');
  if (reason === 'offline') return printFailure(reason, `${what}; what reached the printer may still print`, 'may-print');
  const cleared = await ctx.protocol.clearBuffer().catch(() => false);
  if (cleared || !whole) await ctx.link.write(ctx.protocol.abandonedJobEnd).catch(() => undefined);
  if (cleared) return printFailure(reason, `${what}; the printer cleared the rest of the receipt`, 'cleared');
  return printFailure(reason, `${what}; the rest of the receipt prints when the printer runs again`, 'may-print');
}

/** Writes the chunks one by one; returns the failure that stopped them, or null when all are written. */
async function writeChunks(ctx: PrintJobContext, chunks: Uint8Array[], watch: FaultWatch): Promise<PrintOutcome | null> {
  for (const chunk of chunks) {
    let fault = watch.fault();
    if (fault) return await watch.abandon(fault);
    const first = await Promise.race([
      settle(ctx.link.write(chunk)).then((r) => ({ kind: 'written' as const, r })),
      watch.faulted.then(() => ({ kind: 'fault' as const })),
    ]);
    watch.sent++;
    if (first.kind === 'written' && !first.r.ok) {
      const what = ctx.link.transport.jobOriented ? 'the job was not accepted' : 'connection lost while printing';
      return printFailure('offline', `${what}: ${errorWithCode(first.r.error)}`, 'may-print');
    }
    fault = watch.fault();
    if (fault) return await watch.abandon(fault);
    // Let replies that arrived meanwhile (an ASB saying paper out) be read before the next chunk.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return null;
}
