import { checkInvoiceNumber, checkUbn, migDate, migDecimal, migInteger, migTime } from './fields.ts';
import { EInvoiceError, leaf, optionalLeaf, parent, xmlDocument, type XmlElement } from './xml.ts';

// F0401 (平台存證開立發票): one issued invoice, to a consumer (B2C: buyer 0000000000) or to a
// buyer who gave a UBN. Field order and rules follow the MIG 4.1 field table as docs/einvoice.md
// sums it up; the schema in schemas/F0401.xsd checks the result before HQ writes it.

export const F0401_NAMESPACE = 'urn:GEINV:eInvoiceMessage:F0401:4.1';

/** The business issuing the invoices (the store's registered name and UBN). */
export interface SellerParty {
  readonly ubn: string;
  readonly name: string;
  readonly address?: string;
  readonly personInCharge?: string;
  readonly telephoneNumber?: string;
  readonly emailAddress?: string;
}

/** A buyer who gave a UBN (統一編號) at the till; `name` is the company name, or the UBN when none was given. */
export interface BuyerParty {
  readonly ubn: string;
  readonly name: string;
}

/** How the consumer gets the invoice: a printed 證明聯, a carrier (載具), or donated (愛心碼). */
export type BuyerIdentification =
  | { readonly kind: 'print' }
  | { readonly kind: 'carrier'; readonly carrierType: string; readonly carrierId1: string; readonly carrierId2?: string }
  | { readonly kind: 'donation'; readonly npoban: string };

/** Mobile barcode (手機條碼) and citizen digital certificate (自然人憑證) carrier types. */
export const MOBILE_BARCODE_CARRIER = '3J0002';
export const CITIZEN_CERTIFICATE_CARRIER = 'CQ0001';

export type LineTaxType = 'taxable' | 'exempt';

export interface InvoiceLine {
  readonly description: string;
  readonly quantity: number;
  readonly unit?: string;
  readonly unitPrice: number;
  /** NT$: tax included on a consumer invoice, before tax when the buyer gave a UBN (as the MIG wants). */
  readonly amount: number;
  readonly taxType: LineTaxType;
  readonly remark?: string;
}

export interface InvoiceIssue {
  readonly invoiceNumber: string;
  /** When the invoice was issued, UTC ISO-8601; written as the Taiwan date and time. */
  readonly issuedAt: string;
  readonly seller: SellerParty;
  /** null: a consumer (B2C). */
  readonly buyer: BuyerParty | null;
  readonly identification: BuyerIdentification;
  /** The 4-digit random code printed on the 證明聯. */
  readonly randomNumber: string;
  readonly lines: readonly InvoiceLine[];
  /** Business tax in NT$; always 0 for a consumer (the amounts include it). */
  readonly taxAmount: number;
  /** The tax rate in basis points; 500 (5 %) unless told. */
  readonly taxRateBasisPoints?: number;
  readonly mainRemark?: string;
  /** 07 general (一般稅額), 08 special (特種稅額). */
  readonly invoiceType?: '07' | '08';
}

export const CONSUMER_UBN = '0000000000';
/** The buyer name written for a consumer: MIG 4.1 wants a name; consumers give none. */
export const CONSUMER_NAME = '消費者';

const TAX_CODE: Readonly<Record<LineTaxType, string>> = { taxable: '1', exempt: '3' };

function invalid(message: string, field: string): never {
  throw new EInvoiceError('einvoice.invalid-input', message, { field });
}

function checkIdentification(issue: InvoiceIssue): void {
  const id = issue.identification;
  if (id.kind === 'donation') {
    if (issue.buyer) invalid('an invoice with a buyer UBN cannot be donated', 'NPOBAN');
    if (!/^\d{3,7}$/.test(id.npoban)) invalid(`donation code "${id.npoban}" is not 3 to 7 digits`, 'NPOBAN');
  }
  if (id.kind === 'carrier') {
    if (id.carrierType === MOBILE_BARCODE_CARRIER && !/^\/[0-9A-Z.+-]{7}$/.test(id.carrierId1))
      invalid(`mobile barcode "${id.carrierId1}" is not "/" and 7 of 0-9 A-Z . + -`, 'CarrierId1');
    if (id.carrierType === CITIZEN_CERTIFICATE_CARRIER && !/^[A-Z]{2}\d{14}$/.test(id.carrierId1))
      invalid(`citizen certificate carrier "${id.carrierId1}" is not 2 letters and 14 digits`, 'CarrierId1');
  }
}

/** The F0401 XML of an issued invoice; refuses input the MIG rules forbid, before the schema sees it. */
export function invoiceXml(issue: InvoiceIssue): string {
  checkInvoiceNumber(issue.invoiceNumber, 'InvoiceNumber');
  checkUbn(issue.seller.ubn, 'Seller.Identifier');
  if (issue.buyer) checkUbn(issue.buyer.ubn, 'Buyer.Identifier');
  if (!/^\d{4}$/.test(issue.randomNumber)) invalid(`random number "${issue.randomNumber}" is not 4 digits`, 'RandomNumber');
  if (issue.lines.length === 0) invalid('an invoice needs at least one line', 'Details');
  checkIdentification(issue);
  if (!issue.buyer && issue.taxAmount !== 0) invalid('a consumer invoice carries tax 0: its amounts include the tax', 'Amount.TaxAmount');
  const types = new Set(issue.lines.map((l) => l.taxType));
  if (issue.buyer && types.size > 1) invalid('an invoice with a buyer UBN cannot mix taxable and exempt lines', 'Amount.TaxType');

  const id = issue.identification;
  const sum = (t: LineTaxType) => issue.lines.filter((l) => l.taxType === t).reduce((s, l) => s + l.amount, 0);
  const sales = sum('taxable');
  const exempt = sum('exempt');
  const total = sales + exempt + issue.taxAmount;
  const bp = issue.taxRateBasisPoints ?? 500;
  const headerTax = types.size > 1 ? '9' : TAX_CODE[[...types][0]!];
  const seller = issue.seller;

  const main: (XmlElement | null)[] = [
    leaf('InvoiceNumber', issue.invoiceNumber),
    leaf('InvoiceDate', migDate(issue.issuedAt, 'issuedAt')),
    leaf('InvoiceTime', migTime(issue.issuedAt, 'issuedAt')),
    parent('Seller', [
      leaf('Identifier', seller.ubn, 'Seller.Identifier'),
      leaf('Name', seller.name, 'Seller.Name'),
      optionalLeaf('Address', seller.address, 'Seller.Address'),
      optionalLeaf('PersonInCharge', seller.personInCharge, 'Seller.PersonInCharge'),
      optionalLeaf('TelephoneNumber', seller.telephoneNumber, 'Seller.TelephoneNumber'),
      optionalLeaf('EmailAddress', seller.emailAddress, 'Seller.EmailAddress'),
    ]),
    parent('Buyer', [
      leaf('Identifier', issue.buyer?.ubn ?? CONSUMER_UBN, 'Buyer.Identifier'),
      leaf('Name', issue.buyer?.name ?? CONSUMER_NAME, 'Buyer.Name'),
    ]),
    optionalLeaf('MainRemark', issue.mainRemark),
    leaf('InvoiceType', issue.invoiceType ?? '07'),
    leaf('DonateMark', id.kind === 'donation' ? '1' : '0'),
    ...(id.kind === 'carrier'
      ? [leaf('CarrierType', id.carrierType), leaf('CarrierId1', id.carrierId1), leaf('CarrierId2', id.carrierId2 ?? id.carrierId1)]
      : []),
    // A buyer with a UBN always gets the paper 證明聯; a carrier or a donation never does.
    leaf('PrintMark', issue.buyer || id.kind === 'print' ? 'Y' : 'N'),
    id.kind === 'donation' ? leaf('NPOBAN', id.npoban) : null,
    leaf('RandomNumber', issue.randomNumber),
  ];
  const details = issue.lines.map((l, i) =>
    parent('ProductItem', [
      leaf('Description', l.description, `line ${i + 1} Description`),
      leaf('Quantity', migDecimal(l.quantity, `line ${i + 1} Quantity`)),
      optionalLeaf('Unit', l.unit, `line ${i + 1} Unit`),
      leaf('UnitPrice', migDecimal(l.unitPrice, `line ${i + 1} UnitPrice`)),
      leaf('TaxType', TAX_CODE[l.taxType]),
      leaf('Amount', migInteger(l.amount, `line ${i + 1} Amount`)),
      leaf('SequenceNumber', String(i + 1).padStart(3, '0')),
      optionalLeaf('Remark', l.remark, `line ${i + 1} Remark`),
    ]),
  );
  const amount = [
    leaf('SalesAmount', migInteger(sales, 'SalesAmount')),
    leaf('FreeTaxSalesAmount', migInteger(exempt, 'FreeTaxSalesAmount')),
    leaf('ZeroTaxSalesAmount', '0'),
    leaf('TaxType', headerTax),
    leaf('TaxRate', migDecimal(bp / 10_000, 'TaxRate')),
    leaf('TaxAmount', migInteger(issue.taxAmount, 'TaxAmount')),
    leaf('TotalAmount', migInteger(total, 'TotalAmount')),
  ];
  return xmlDocument('Invoice', F0401_NAMESPACE, [parent('Main', main), parent('Details', details), parent('Amount', amount)]);
}
