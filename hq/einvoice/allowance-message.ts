import { checkInvoiceNumber, checkUbn, migDate, migDecimal, migInteger } from './fields.ts';
import { CONSUMER_NAME, CONSUMER_UBN, type BuyerParty, type LineTaxType, type SellerParty } from './invoice-message.ts';
import { EInvoiceError, leaf, optionalLeaf, parent, xmlDocument } from './xml.ts';

// G0401 (折讓證明單): an allowance against earlier invoices, possibly of an earlier period: each
// line names the original invoice, its date and line, what is given back and the tax on it.

export const G0401_NAMESPACE = 'urn:GEINV:eInvoiceMessage:G0401:4.1';

export interface AllowanceLine {
  readonly originalInvoiceNumber: string;
  /** When the original invoice was issued, UTC ISO-8601. */
  readonly originalInvoiceIssuedAt: string;
  /** The original invoice's line number (1-based), when known. */
  readonly originalSequenceNumber?: number;
  readonly originalDescription: string;
  readonly quantity: number;
  readonly unit?: string;
  readonly unitPrice: number;
  /** NT$ given back, before tax. */
  readonly amount: number;
  /** NT$ of tax given back on this line. */
  readonly tax: number;
  readonly taxType: LineTaxType;
}

export interface AllowanceIssue {
  /** The allowance's own number (at most 16 letters or digits), unique for the seller. */
  readonly allowanceNumber: string;
  readonly issuedAt: string;
  readonly seller: SellerParty;
  readonly buyer: BuyerParty | null;
  /** 1: issued by the buyer, 2: by the seller. */
  readonly allowanceType: '1' | '2';
  readonly lines: readonly AllowanceLine[];
}

/** The G0401 XML of an allowance: the totals are the lines' sums. */
export function allowanceXml(a: AllowanceIssue): string {
  if (!/^[0-9A-Za-z-]{1,16}$/.test(a.allowanceNumber))
    throw new EInvoiceError('einvoice.invalid-input', `allowance number "${a.allowanceNumber}" is not 1 to 16 letters or digits`, {
      field: 'AllowanceNumber',
    });
  checkUbn(a.seller.ubn, 'Seller.Identifier');
  if (a.buyer) checkUbn(a.buyer.ubn, 'Buyer.Identifier');
  if (a.lines.length === 0) throw new EInvoiceError('einvoice.invalid-input', 'an allowance needs at least one line', { field: 'Details' });
  const details = a.lines.map((l, i) => {
    const at = `line ${i + 1}`;
    checkInvoiceNumber(l.originalInvoiceNumber, `${at} OriginalInvoiceNumber`);
    return parent('ProductItem', [
      leaf('OriginalInvoiceDate', migDate(l.originalInvoiceIssuedAt, `${at} originalInvoiceIssuedAt`)),
      leaf('OriginalInvoiceNumber', l.originalInvoiceNumber),
      l.originalSequenceNumber === undefined ? null : leaf('OriginalSequenceNumber', String(l.originalSequenceNumber).padStart(3, '0')),
      leaf('OriginalDescription', l.originalDescription, `${at} OriginalDescription`),
      leaf('Quantity', migDecimal(l.quantity, `${at} Quantity`)),
      optionalLeaf('Unit', l.unit, `${at} Unit`),
      leaf('UnitPrice', migDecimal(l.unitPrice, `${at} UnitPrice`)),
      leaf('Amount', migInteger(l.amount, `${at} Amount`)),
      leaf('Tax', migInteger(l.tax, `${at} Tax`)),
      leaf('AllowanceSequenceNumber', String(i + 1).padStart(3, '0')),
      leaf('TaxType', l.taxType === 'taxable' ? '1' : '3'),
    ]);
  });
  const tax = a.lines.reduce((s, l) => s + l.tax, 0);
  const total = a.lines.reduce((s, l) => s + l.amount, 0);
  return xmlDocument('Allowance', G0401_NAMESPACE, [
    parent('Main', [
      leaf('AllowanceNumber', a.allowanceNumber),
      leaf('AllowanceDate', migDate(a.issuedAt, 'issuedAt')),
      parent('Seller', [
        leaf('Identifier', a.seller.ubn, 'Seller.Identifier'),
        leaf('Name', a.seller.name, 'Seller.Name'),
        optionalLeaf('Address', a.seller.address, 'Seller.Address'),
      ]),
      parent('Buyer', [
        leaf('Identifier', a.buyer?.ubn ?? CONSUMER_UBN, 'Buyer.Identifier'),
        leaf('Name', a.buyer?.name ?? CONSUMER_NAME, 'Buyer.Name'),
      ]),
      leaf('AllowanceType', a.allowanceType),
    ]),
    parent('Details', details),
    parent('Amount', [leaf('TaxAmount', migInteger(tax, 'TaxAmount')), leaf('TotalAmount', migInteger(total, 'TotalAmount'))]),
  ]);
}
