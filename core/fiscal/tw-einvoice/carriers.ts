// What a buyer can give instead of taking the paper 證明聯: a carrier (載具) the invoice is
// stored on, or a donation code (愛心碼) of a charity. Formats as the MOF publishes them:
// - mobile barcode (手機條碼): "/" and 7 characters of 0-9, A-Z, ".", "+", "-";
// - citizen digital certificate (自然人憑證): 2 uppercase letters and 14 digits;
// - donation code: 3 to 7 digits.
// Mind the character class of the mobile barcode: written [0-9A-Z+-.] the "+-." is a range
// from '+' to '.', which lets ',' in. Ours lists '-' last, where it is only itself.
import { checkBuyerUbn } from './ubn.ts';

export type BuyerIdKind = 'mobile-barcode' | 'citizen-certificate' | 'donation-code';

export type BuyerIdCheck = { ok: true; kind: BuyerIdKind; value: string } | { ok: false; message: string };

export const MOBILE_BARCODE = /^\/[0-9A-Z.+-]{7}$/;
export const CITIZEN_CERTIFICATE = /^[A-Z]{2}\d{14}$/;
export const DONATION_CODE = /^\d{3,7}$/;

const RULES: Record<BuyerIdKind, { pattern: RegExp; form: string }> = {
  'mobile-barcode': {
    pattern: MOBILE_BARCODE,
    form: 'a mobile barcode is "/" and 7 characters of 0-9, A-Z, ".", "+", "-" (such as /AB.1+-C)',
  },
  'citizen-certificate': {
    pattern: CITIZEN_CERTIFICATE,
    form: 'a citizen certificate carrier is 2 uppercase letters and 14 digits (such as AB12345678901234)',
  },
  'donation-code': { pattern: DONATION_CODE, form: 'a donation code is 3 to 7 digits' },
};

/** Checks a carrier or donation code of the given kind, as scanned or typed (surrounding spaces ignored). */
export function checkBuyerId(kind: BuyerIdKind, input: string): BuyerIdCheck {
  const value = input.trim();
  const rule = RULES[kind];
  if (rule.pattern.test(value)) return { ok: true, kind, value };
  return { ok: false, message: `${rule.form}; got ${JSON.stringify(value)}` };
}

/** Which kind a scanned code is, by its form; a bare 3-7 digit number is a donation code. */
export function recogniseBuyerId(input: string): BuyerIdCheck {
  const value = input.trim();
  for (const kind of Object.keys(RULES) as BuyerIdKind[]) if (RULES[kind].pattern.test(value)) return { ok: true, kind, value };
  return { ok: false, message: `not a mobile barcode, citizen certificate carrier or donation code: ${JSON.stringify(value)}` };
}

/**
 * Who an invoice is for, as the cashier gives it at the till: a carrier the invoice is stored on
 * (the customer's mobile barcode, a citizen certificate, or the member's own carrier linked to the
 * member card), a charity's donation code, or the buyer's UBN (統一編號) for a business.
 */
export type InvoiceBuyerKind = BuyerIdKind | 'member-carrier' | 'ubn';

export interface InvoiceBuyer {
  kind: InvoiceBuyerKind;
  value: string;
}

export type InvoiceBuyerCheck = { ok: true; buyer: InvoiceBuyer } | { ok: false; message: string };

/**
 * What a typed or scanned code is, by its form: 8 digits are a UBN (checked with its check digit;
 * a donation code has at most 7), "/" and 7 characters a mobile barcode, 2 letters and 14 digits a
 * citizen certificate, 3-7 digits a donation code. Letters are taken as uppercase (a phone's
 * barcode is printed in capitals; a typed one may not be).
 */
export function recogniseInvoiceBuyer(input: string): InvoiceBuyerCheck {
  const value = input.trim().toUpperCase();
  if (/^\d{8}$/.test(value)) {
    const check = checkBuyerUbn(value);
    return check.ok ? { ok: true, buyer: { kind: 'ubn', value } } : { ok: false, message: check.message };
  }
  const id = recogniseBuyerId(value);
  if (id.ok) return { ok: true, buyer: { kind: id.kind, value: id.value } };
  return {
    ok: false,
    message: `not a mobile barcode ("/" and 7 of 0-9 A-Z . + -), citizen certificate carrier (2 letters and 14 digits), donation code (3-7 digits) or UBN (8 digits): ${JSON.stringify(input.trim())}`,
  };
}

/** Whether the invoice of this buyer is kept electronically (a carrier or a donation): then no paper 證明聯 is printed. */
export function keptElectronically(buyer: InvoiceBuyer | null | undefined): boolean {
  return buyer !== null && buyer !== undefined && buyer.kind !== 'ubn';
}
