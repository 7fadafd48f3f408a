// What a buyer can give instead of taking the paper 證明聯: a carrier (載具) the invoice is
// stored on, or a donation code (愛心碼) of a charity. Formats as the MOF publishes them:
// - mobile barcode (手機條碼): "/" and 7 characters of 0-9, A-Z, ".", "+", "-";
// - citizen digital certificate (自然人憑證): 2 uppercase letters and 14 digits;
// - donation code: 3 to 7 digits.
// Mind the character class of the mobile barcode: written [0-9A-Z+-.] the "+-." is a range
// from '+' to '.', which lets ',' in. Ours lists '-' last, where it is only itself.

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
