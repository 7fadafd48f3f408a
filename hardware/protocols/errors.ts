// Errors from the byte builders. A bad parameter is a programming or configuration error
// (a drawer pulse typed in seconds, a barcode with letters): fail before anything is sent.

import { TillproofError } from '../../core/shared/errors.ts';

export type PrinterCommandErrorCode =
  | 'printer.out-of-range'
  | 'printer.invalid-barcode-data'
  | 'printer.qr-data-too-long'
  | 'printer.invalid-bitmap'
  | 'printer.bad-status-reply'
  | 'printer.unsupported-locale';

export class PrinterCommandError extends TillproofError<PrinterCommandErrorCode> {
  constructor(code: PrinterCommandErrorCode, message: string) {
    super(code, message);
    this.name = 'PrinterCommandError';
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function assertIntInRange(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PrinterCommandError('printer.out-of-range', `${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
