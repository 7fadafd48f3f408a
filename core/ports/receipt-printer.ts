// A receipt printer as the selling code needs it; hardware/printer implements it.
import type { ReceiptDocument } from '../contract/views.ts';
import type { DeviceStatusSource } from './device-status.ts';

/** Why a print failed, as the printer reported it. */
export type PrintFailureReason = 'paper-out' | 'cover-open' | 'offline' | 'timeout' | 'error';

/**
 * What a failed print may still put on paper: `none` (nothing reached the printer), `cleared`
 * (the printer confirmed it discarded the rest of the receipt), `may-print` (some or all of it
 * may have printed or may print once the printer runs again). Left out: not known, as `may-print`.
 */
export type PrintLeftover = 'none' | 'cleared' | 'may-print';

export type PrintOutcome = { ok: true } | { ok: false; reason: PrintFailureReason; detail?: string; leftover?: PrintLeftover };

export interface ReceiptPrinter {
  readonly id: string;
  /** Prints the document; resolves ok only when the bytes were written and the printer then reported no error. */
  print(document: ReceiptDocument): Promise<PrintOutcome>;
}

/** A printer that also reports status (paper, cover, online) while idle. */
export interface MonitoredReceiptPrinter extends ReceiptPrinter, DeviceStatusSource {}
