// A member's contact details at the till (issue #15): checking what a customer gives when they
// join, and masking what a search or a member card shows. Searching members is a fishing tool
// (find a VIP, borrow their tier), so the till shows `09**-***-678` and `陳*明` unless the
// operator may see contact data.

/** A Taiwan mobile number as the till keeps it: ten digits starting 09. */
const TW_MOBILE = /^09\d{8}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The mobile number in its kept form (`0912345678`), or null when it is not a Taiwan mobile
 * number. Spaces, dashes, dots and brackets are dropped; `+886 912...` and `886912...` become `0912...`.
 */
export function normalizePhone(input: string): string | null {
  const digits = input.normalize('NFKC').replace(/[\s\-.()]/g, '');
  const local = digits.replace(/^\+?886(?=9)/, '0');
  return TW_MOBILE.test(local) ? local : null;
}

/** The e-mail address trimmed with its domain in lower case, or null when it is not one (or longer than HQ's members keep, 200). */
export function normalizeEmail(input: string): string | null {
  const value = input.normalize('NFKC').trim();
  if (value.length > 200 || !EMAIL.test(value)) return null;
  const at = value.lastIndexOf('@');
  return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
}

/** `0912345678` -> `09**-***-678`: the first two and last three digits. */
export function maskPhone(phone: string): string {
  if (phone.length < 6) return '*'.repeat(phone.length);
  return `${phone.slice(0, 2)}**-***-${phone.slice(-3)}`;
}

function maskWord(word: string): string {
  const chars = [...word];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `陳小明` -> `陳*明`, `王明` -> `王*`, `John Smith` -> `J**n S***h`: first and last character of each word. */
export function maskName(name: string): string {
  return name.trim().split(/\s+/).map(maskWord).join(' ');
}

/** `mei.chen@example.com` -> `m***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
