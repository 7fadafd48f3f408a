// The Code 39 barcode of the 證明聯 (spec chapter 1): period (5) + invoice number (10) +
// random code (4), 19 characters, which a prize counter scans to check a winning invoice.
import { assertInvoiceNumber, assertRandomCode } from './invoice-number.ts';
import { periodCode, type InvoicePeriod } from './roc-calendar.ts';

export function barcodeContent(period: InvoicePeriod, invoiceNumber: string, randomCode: string): string {
  assertInvoiceNumber(invoiceNumber);
  assertRandomCode(randomCode);
  return `${periodCode(period)}${invoiceNumber}${randomCode}`;
}
