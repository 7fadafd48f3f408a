// Errors the money code can raise. The code doubles as the i18n message key, so the UI can
// explain the problem to a cashier; `message` is English detail for the log.
import { TillproofError } from '../shared/errors.ts';

export type MoneyErrorCode =
  /** An amount, quantity or rate is not a safe integer (a float, NaN or beyond 2^53). */
  | 'money.not-integer'
  /** A result would leave the safe-integer range. */
  | 'money.overflow'
  | 'money.currency-mismatch'
  | 'money.unknown-currency'
  /** Text keyed or configured as an amount is not a decimal number with the currency's digits. */
  | 'money.bad-amount-text'
  | 'money.negative-amount'
  /** A percentage or tax rate outside its allowed range. */
  | 'money.invalid-rate'
  | 'money.invalid-increment'
  | 'money.invalid-weights'
  | 'money.discount-exceeds-amount'
  | 'money.unknown-tax-class'
  | 'money.invalid-tender'
  /** A card or other non-cash tender larger than what is still due: only cash may be over-tendered. */
  | 'money.tender-exceeds-due'
  | 'money.tender-after-paid'
  | 'money.insufficient-tender';

export type MoneyErrorDetails = Readonly<Record<string, string | number>>;

export class MoneyError extends TillproofError<MoneyErrorCode> {
  /** Values for the message template (amounts in minor units, currency codes, indexes). */
  declare readonly details: MoneyErrorDetails;

  constructor(code: MoneyErrorCode, message: string, details: MoneyErrorDetails = {}) {
    super(code, message, { details });
    this.name = 'MoneyError';
  }
}

/** Outcome of an operation that fails for reasons a cashier causes (tendering, keying an amount). */
export type MoneyResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: MoneyError };

export function moneyOk<T>(value: T): MoneyResult<T> {
  return { ok: true, value };
}

export function moneyFail<T>(error: MoneyError): MoneyResult<T> {
  return { ok: false, error };
}
