// Why a print failed, in the words the till logs and shows to IT.
import type { PrintFailureReason, PrintLeftover, PrintOutcome } from '../../core/ports/receipt-printer.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';

/** Why a printer in this status cannot print, or null when it can. */
export function printFailureOf(status: PrinterStatus): PrintFailureReason | null {
  if (status.paperOut) return 'paper-out';
  if (status.coverOpen) return 'cover-open';
  if (status.error) return 'error';
  if (!status.online) return 'offline';
  return null;
}

export const FAILURE_TEXT: Record<PrintFailureReason, string> = {
  'paper-out': 'paper out',
  'cover-open': 'cover open',
  offline: 'offline',
  timeout: 'the printer did not finish in time',
  error: 'printer error',
};

export function printFailure(reason: PrintFailureReason, detail?: string, leftover?: PrintLeftover): PrintOutcome {
  return { ok: false, reason, ...(detail ? { detail } : {}), ...(leftover ? { leftover } : {}) };
}
