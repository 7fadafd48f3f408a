import type { Hmac } from '../ports/crypto.ts';

// A member app shows a QR code "TPM1.<memberId>.<code>", where <code> is a 6-digit RFC 6238
// (TOTP, HMAC-SHA1) code over the member's secret. Scanning it proves the member is present:
// only then does the member's tier price apply. A screenshot stops working within a minute.

export const MEMBER_TOKEN_PREFIX = 'TPM1';
const TOKEN = /^TPM1\.([A-Za-z0-9._-]{1,64})\.(\d{6})$/;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/=+$/, '').replace(/\s+/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32 secret');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  return new Uint8Array(out);
}

/** RFC 4226 HOTP value for a counter, 6 digits. */
export function hotp(hmac: Hmac, secret: Uint8Array, counter: number): string {
  const msg = new Uint8Array(8);
  let c = counter;
  for (let i = 7; i >= 0; i--) {
    msg[i] = c & 0xff;
    c = Math.floor(c / 256);
  }
  const mac = hmac.hmac('sha1', secret, msg);
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

export function totpCounter(unixSeconds: number, stepSeconds: number): number {
  return Math.floor(unixSeconds / stepSeconds);
}

/** What a member app would display now. */
export function memberToken(hmac: Hmac, memberId: string, secretBase32: string, now: Date, stepSeconds = 30): string {
  return `${MEMBER_TOKEN_PREFIX}.${memberId}.${hotp(hmac, base32Decode(secretBase32), totpCounter(now.getTime() / 1000, stepSeconds))}`;
}

export function parseMemberToken(text: string): { memberId: string; code: string } | null {
  const m = TOKEN.exec(text.trim());
  return m ? { memberId: m[1]!, code: m[2]! } : null;
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/**
 * Valid within `skewSteps` of now; 'expired' when it matches an older step within
 * `expiredLookbackSteps` (a screenshot, or a phone left on the counter); 'invalid' otherwise.
 */
/** The check, and for a valid or expired code the time step it belongs to (what "used once" is about). */
export interface CodeMatch {
  check: TokenCheck;
  step?: number;
}

/** As checkMemberCode, naming the time step the code matched. */
export function matchMemberCode(
  hmac: Hmac,
  secretBase32: string,
  code: string,
  now: Date,
  options: { stepSeconds: number; skewSteps: number; expiredLookbackSteps: number },
): CodeMatch {
  const secret = base32Decode(secretBase32);
  const counter = totpCounter(now.getTime() / 1000, options.stepSeconds);
  for (let d = -options.skewSteps; d <= options.skewSteps; d++)
    if (hotp(hmac, secret, counter + d) === code) return { check: 'valid', step: counter + d };
  for (let d = options.skewSteps + 1; d <= options.expiredLookbackSteps; d++)
    if (hotp(hmac, secret, counter - d) === code) return { check: 'expired', step: counter - d };
  return { check: 'invalid' };
}

export function checkMemberCode(
  hmac: Hmac,
  secretBase32: string,
  code: string,
  now: Date,
  options: { stepSeconds: number; skewSteps: number; expiredLookbackSteps: number },
): TokenCheck {
  return matchMemberCode(hmac, secretBase32, code, now, options).check;
}
