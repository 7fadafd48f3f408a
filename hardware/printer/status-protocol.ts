// How the receipt printer driver asks its printer for status and learns that a receipt has
// printed. Each command set does it its own way (escpos-status-protocol.ts: DLE EOT, GS r and
// ASB; star-status-protocol.ts: ESC ACK SOH, ASB and the ETB counter); the driver picks one
// when it is built and never asks which it has.
import type { PrintFailureReason, PrintOutcome } from '../../core/ports/receipt-printer.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
export const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** What a status protocol uses of the driver. */
export interface StatusLink {
  isConnected(): boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** The printer reported this status (so it is answering). */
  reported(status: PrinterStatus): void;
  /** A status request went unanswered. */
  noAnswer(): void;
  /** The printer's last reported status; null when not known. */
  lastStatus(): PrinterStatus | null;
  warn(message: string): void;
}

export interface StatusTiming {
  /** How long a status request may take before the printer counts as not answering. */
  statusReplyMs: number;
  /** How long one receipt may take to print. */
  jobTimeoutMs: number;
}

/** A job whose bytes are all written, waiting for the printer to confirm it. */
export interface WrittenJob {
  /** Settles when a fault (paper out, cover open, the link lost) stops the job. */
  readonly faulted: Promise<void>;
  /** The first fault since the job started, if any. */
  fault(): PrintFailureReason | null;
  /**
   * Gives the job up for `reason`: clears the rest from the printer where it can, ends what was
   * printed with a cut, and returns the failure with what may still come out (`leftover`).
   */
  abandon(reason: PrintFailureReason): Promise<PrintOutcome>;
}

export interface StatusProtocol {
  /** The job as written: chunks ending on command boundaries, or one piece. Throws on a malformed job (nothing is sent). */
  frame(job: Uint8Array, confirm: boolean): Uint8Array[];
  /** Sent after a job stopped mid-way, so the stub the printer holds comes out cut once it runs again. */
  readonly abandonedJobEnd: Uint8Array;
  /** Asks a stopped printer to discard what it still holds; true only when it confirmed. */
  clearBuffer(): Promise<boolean>;
  /** Turns Automatic Status Back on (sent when the link comes up). */
  asbOn(): Uint8Array;
  /** Bytes the printer sent. */
  receive(bytes: Uint8Array): void;
  /** Asks for the status now; rejects when the printer does not answer in time or the link fails. */
  query(): Promise<PrinterStatus>;
  /** A job is about to be written. */
  jobStarting(confirm: boolean): void;
  /** After the whole job is written: resolves once the printer confirms it printed, or says why not. */
  confirm(job: WrittenJob): Promise<PrintOutcome>;
  /** A new link: bytes and requests from before it are void. */
  linkUp(): void;
  /** The link is gone: requests still waiting fail. */
  failWaiters(): void;
}
