// Why an e-invoice field could not be built. The message names the field and the value's
// expected form, so whoever configured or typed it can correct it.
import { TillproofError } from '../../shared/errors.ts';

export type EInvoiceErrorCode =
  | 'einvoice.invalid-number'
  | 'einvoice.invalid-random-code'
  | 'einvoice.invalid-date'
  | 'einvoice.invalid-amount'
  | 'einvoice.invalid-ubn'
  | 'einvoice.invalid-key'
  | 'einvoice.invalid-item'
  | 'einvoice.invalid-field';

export class EInvoiceError extends TillproofError<EInvoiceErrorCode> {
  constructor(code: EInvoiceErrorCode, message: string) {
    super(code, message);
    this.name = 'EInvoiceError';
  }
}
