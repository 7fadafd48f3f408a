// The 統一編號 (UBN, Unified Business Number) of a business: 8 digits with a checksum. Each digit
// is multiplied by 1,2,1,2,1,2,4,1, the digits of each product are added up, and the sum must be
// divisible by 5. Until 2023 it had to be divisible by 10; the MOF widened the rule to 5 because
// the numbers meeting the old one were running out (new UBNs are issued under the new rule), and
// every number valid under the old rule is valid under the new one. When the 7th digit is 7, its
// product 28 gives 2+8 = 10, which counts as 1 or as 0: the number is valid if either sum is.
import { EInvoiceError } from './errors.ts';

const WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1] as const;
/** The MOF's divisor since 2023 (10 before). */
export const UBN_DIVISOR = 5;

export type UbnCheck = { ok: true } | { ok: false; message: string };

function digitSum(n: number): number {
  return Math.floor(n / 10) + (n % 10);
}

/** The checksum sum, with the 7th digit's product counted as its digit sum (28 -> 10). */
export function ubnChecksum(ubn: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += digitSum(Number(ubn[i]) * WEIGHTS[i]!);
  return sum;
}

/** Whether `ubn` is a valid UBN under the rule in force (divisor 5; pass 10 for the pre-2023 rule). */
export function checkUbn(ubn: string, divisor: 5 | 10 = UBN_DIVISOR): UbnCheck {
  if (!/^\d{8}$/.test(ubn)) return { ok: false, message: `a UBN (統一編號) is 8 digits, got ${JSON.stringify(ubn)}` };
  const sum = ubnChecksum(ubn);
  if (sum % divisor === 0 || (ubn[6] === '7' && (sum + 1) % divisor === 0)) return { ok: true };
  return { ok: false, message: `${ubn} is not a valid UBN (統一編號): its check digits do not add up; check the number with the buyer` };
}

/** Throws unless `ubn` is a valid UBN; `what` names the field in the message. */
export function assertUbn(ubn: string, what: string): void {
  const check = checkUbn(ubn);
  if (!check.ok) throw new EInvoiceError('einvoice.invalid-ubn', `${what}: ${check.message}`);
}

/** A buyer's UBN as typed at the till: valid, and not 00000000 (which the QR code uses for "no buyer"). */
export function checkBuyerUbn(ubn: string): UbnCheck {
  if (ubn === '00000000') return { ok: false, message: '00000000 is not a business: leave the buyer UBN empty for a consumer' };
  return checkUbn(ubn);
}
