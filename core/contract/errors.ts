import { z } from 'zod';
import { TillproofError } from '../shared/errors.ts';

/**
 * Every error the host may return. The UI shows `messageKey` through i18n; `message` is the
 * English text for logs and the CLI. Never a stack trace on a cashier's screen.
 */
export const ERROR_CODES = [
  'payload.invalid',
  'payload.too-large',
  'method.unknown',
  'auth.required',
  'auth.bad-credentials',
  'auth.locked-out',
  'auth.not-a-badge',
  'permission.denied',
  'approval.required',
  'approval.denied',
  'sale.none-open',
  'sale.obligation-open',
  'sale.locked',
  /** Another operator signing in over an open sale who may not take it over (not a supervisor or manager, or the till is not locked). */
  'sale.takeover-denied',
  'sale.not-locked',
  'sale.line-not-found',
  'sale.empty',
  'sale.underpaid',
  'sale.has-tenders',
  /** sale.recall of a sale that is not on hold at this till (recalled already, or never held here). */
  'sale.not-held',
  'einvoice.no-numbers',
  /** sale.setInvoiceBuyer: not a carrier, donation code or valid UBN, or the till has no e-invoice profile (issue #17). */
  'einvoice.invalid-buyer',
  /** receipt.reprint of an e-invoice's 證明聯 without a reason, or of an invoice kept on a carrier or donated (no paper is printed for it). */
  'einvoice.reprint-refused',
  'scan.invalid-barcode',
  'scan.unknown-product',
  'scan.ambiguous',
  'scan.split',
  'scan.weight-on-piece-item',
  'scan.label-zero-price',
  'scan.label-zero-weight',
  /** sale.weigh (issue #15): no scale configured, it cannot be read, or its weight cannot be sold. */
  'scale.none',
  'scale.offline',
  'scale.unstable',
  'scale.under-zero',
  'scale.over-capacity',
  'scale.no-weight',
  'scale.piece-item',
  'catalog.not-found',
  'member.token-invalid',
  'member.token-expired',
  'member.not-found',
  'member.token-used',
  'member.codes-locked',
  'member.none',
  /** Too many member searches by this operator lately (members.search): searching is not a way to browse members. */
  'member.search-limit',
  /** A member with this phone number already joined at this till. */
  'member.exists',
  'discount.invalid',
  'price.invalid',
  'tender.invalid',
  'receipt.not-found',
  'receipt.no-obligation',
  'receipt.print-failed',
  'receipt.unknown-printer',
  'receipt.not-recorded',
  /** A serialized product's line is waiting for its serial (issue #14). */
  'serial.required',
  'serial.invalid',
  /** This till's ledger shows the serial sold and not returned. */
  'serial.sold',
  /** A return names a serial the sale (or, without a receipt, this till) did not sell. */
  'serial.not-sold',
  /** Not a gift card number (12 to 32 digits). */
  'giftcard.invalid',
  /** The card has less left than asked for (details.balance: what it can still pay). */
  'giftcard.insufficient',
  /** This till knows no balance for the card: issued elsewhere and not yet known here (issue #15). */
  'giftcard.unknown',
  /** The card is already on this sale (one line per card). */
  'giftcard.on-sale',
  /** A gift card line takes no quantity, discount or price change. */
  'giftcard.line-fixed',
  /** A gift card cannot pay for a gift card. */
  'giftcard.pays-giftcard',
  /** The card has moved since the sale that loaded it: that sale cannot be voided or its line returned. */
  'giftcard.used',
  'return.not-found',
  'return.exceeds-sold',
  'return.invalid',
  /** An exchange that cannot be completed as asked (nothing returned, no new items, tenders on the sale): details.reason. */
  'exchange.invalid',
  'void.invalid',
  'drawer.failed',
  'till.no-session',
  'till.session-open',
  'till.bad-count',
  /** A Z report refused while sales are on hold at the till (issue #15): details.held lists them. */
  'till.sales-held',
  'till.not-ready',
  'report.nothing-to-close',
  'loss.case-not-found',
  'staff.read-only',
  'staff.exists',
  'staff.not-found',
  'staff.not-locked',
  /** The till already has staff (or takes them from HQ): the first administrator is created only on an empty till. */
  'staff.first-start-over',
  'ledger.disk-full',
  'ledger.day-sealed',
  'ledger.unavailable',
  /** The till's ledger or master data failed its check: nothing is sold until IT fixes it. */
  'ledger.integrity-failed',
  'training.not-real',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const hostErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  messageKey: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type HostErrorShape = z.infer<typeof hostErrorSchema>;

/** Thrown by host handlers; serialised to the caller as a HostErrorShape. */
export class HostError extends TillproofError<ErrorCode> {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details ? { details } : {});
    this.name = 'HostError';
  }

  toShape(): HostErrorShape {
    return { code: this.code, messageKey: `error.${this.code}`, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
