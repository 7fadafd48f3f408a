import { checkInvoiceNumber, checkUbn, migDate, migTime } from './fields.ts';
import { CONSUMER_UBN } from './invoice-message.ts';
import { EInvoiceError, leaf, optionalLeaf, xmlDocument } from './xml.ts';

// The three flat messages that take back what was uploaded: F0501 voids an invoice in its own
// period (作廢), F0701 cancels one (註銷: the invoice is to be issued again), G0501 voids an
// allowance (作廢折讓). Each names the document, its date, buyer and seller, when and why.

export const F0501_NAMESPACE = 'urn:GEINV:eInvoiceMessage:F0501:4.1';
export const F0701_NAMESPACE = 'urn:GEINV:eInvoiceMessage:F0701:4.1';
export const G0501_NAMESPACE = 'urn:GEINV:eInvoiceMessage:G0501:4.1';

interface Withdrawal {
  readonly sellerUbn: string;
  /** null: a consumer (written as 0000000000). */
  readonly buyerUbn: string | null;
  /** When it was voided or cancelled, UTC ISO-8601. */
  readonly at: string;
  /** Why, as the operator gave it (at most 20 characters). */
  readonly reason: string;
  readonly remark?: string;
}

export interface InvoiceVoid extends Withdrawal {
  readonly invoiceNumber: string;
  /** When the invoice was issued, UTC ISO-8601. */
  readonly invoiceIssuedAt: string;
}

export type InvoiceCancel = InvoiceVoid;

export interface AllowanceVoid extends Withdrawal {
  readonly allowanceNumber: string;
  readonly allowanceIssuedAt: string;
  /** 1: issued by the buyer, 2: by the seller (a till's 折讓 is the seller's). */
  readonly allowanceType: '1' | '2';
}

function parties(w: Withdrawal) {
  checkUbn(w.sellerUbn, 'SellerId');
  if (w.buyerUbn !== null) checkUbn(w.buyerUbn, 'BuyerId');
  return [leaf('BuyerId', w.buyerUbn ?? CONSUMER_UBN), leaf('SellerId', w.sellerUbn)];
}

/** F0501: an invoice voided in its own period. */
export function invoiceVoidXml(v: InvoiceVoid): string {
  checkInvoiceNumber(v.invoiceNumber, 'CancelInvoiceNumber');
  return xmlDocument('CancelInvoice', F0501_NAMESPACE, [
    leaf('CancelInvoiceNumber', v.invoiceNumber),
    leaf('InvoiceDate', migDate(v.invoiceIssuedAt, 'invoiceIssuedAt')),
    ...parties(v),
    leaf('CancelDate', migDate(v.at, 'at')),
    leaf('CancelTime', migTime(v.at, 'at')),
    leaf('CancelReason', v.reason),
    optionalLeaf('Remark', v.remark),
  ]);
}

/** F0701: an invoice cancelled (註銷), to be issued again. */
export function invoiceCancelXml(c: InvoiceCancel): string {
  checkInvoiceNumber(c.invoiceNumber, 'VoidInvoiceNumber');
  return xmlDocument('VoidInvoice', F0701_NAMESPACE, [
    leaf('VoidInvoiceNumber', c.invoiceNumber),
    leaf('InvoiceDate', migDate(c.invoiceIssuedAt, 'invoiceIssuedAt')),
    ...parties(c),
    leaf('VoidDate', migDate(c.at, 'at')),
    leaf('VoidTime', migTime(c.at, 'at')),
    leaf('VoidReason', c.reason),
    optionalLeaf('Remark', c.remark),
  ]);
}

/** G0501: an allowance voided. */
export function allowanceVoidXml(v: AllowanceVoid): string {
  if (!/^[0-9A-Za-z-]{1,16}$/.test(v.allowanceNumber))
    throw new EInvoiceError('einvoice.invalid-input', `allowance number "${v.allowanceNumber}" is not 1 to 16 letters or digits`, {
      field: 'CancelAllowanceNumber',
    });
  return xmlDocument('CancelAllowance', G0501_NAMESPACE, [
    leaf('CancelAllowanceNumber', v.allowanceNumber),
    leaf('AllowanceType', v.allowanceType),
    leaf('AllowanceDate', migDate(v.allowanceIssuedAt, 'allowanceIssuedAt')),
    ...parties(v),
    leaf('CancelDate', migDate(v.at, 'at')),
    leaf('CancelTime', migTime(v.at, 'at')),
    leaf('CancelReason', v.reason),
    optionalLeaf('Remark', v.remark),
  ]);
}
