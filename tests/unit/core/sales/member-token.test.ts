import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import {
  checkMemberCode,
  hotp,
  matchMemberCode,
  memberToken,
  parseMemberToken,
  base32Decode,
} from '../../../../core/sales/member-token.ts';

const hmac = { hmac: (alg: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array) => createHmac(alg, key).update(data).digest() };
// RFC 6238 appendix B secret "12345678901234567890" in base32.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const options = { stepSeconds: 30, skewSteps: 1, expiredLookbackSteps: 120 };

describe('member codes (RFC 4226 / 6238)', () => {
  it('matches the RFC test vectors', () => {
    const key = base32Decode(SECRET);
    // RFC 4226 appendix D, counters 0 and 1 (6 digits).
    expect(hotp(hmac, key, 0)).toBe('755224');
    expect(hotp(hmac, key, 1)).toBe('287082');
    // RFC 6238: T = 59 s -> 94287082 (8 digits), whose last 6 are 287082.
    expect(memberToken(hmac, 'M-1', SECRET, new Date(59_000))).toBe('TPM1.M-1.287082');
    // T = 1111111109 -> 07081804
    expect(memberToken(hmac, 'M-1', SECRET, new Date(1_111_111_109_000))).toBe('TPM1.M-1.081804');
  });

  it('accepts the code on screen now and half a minute either side; an old screenshot is "expired"', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const { code } = parseMemberToken(memberToken(hmac, 'M-1', SECRET, at))!;
    expect(checkMemberCode(hmac, SECRET, code, at, options)).toBe('valid');
    expect(checkMemberCode(hmac, SECRET, code, new Date(at.getTime() + 30_000), options)).toBe('valid');
    expect(checkMemberCode(hmac, SECRET, code, new Date(at.getTime() + 10 * 60_000), options)).toBe('expired');
    expect(checkMemberCode(hmac, SECRET, code, new Date(at.getTime() + 3 * 3600_000), options)).toBe('invalid');
    expect(checkMemberCode(hmac, 'JBSWY3DPEHPK3PXP', code, at, options)).toBe('invalid');
  });

  it('names the time step a code belongs to, whenever it is checked: what "used once" is about', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const step = Math.floor(at.getTime() / 1000 / 30);
    const { code } = parseMemberToken(memberToken(hmac, 'M-1', SECRET, at))!;
    expect(matchMemberCode(hmac, SECRET, code, at, options)).toEqual({ check: 'valid', step });
    expect(matchMemberCode(hmac, SECRET, code, new Date(at.getTime() + 30_000), options)).toEqual({ check: 'valid', step });
    expect(matchMemberCode(hmac, SECRET, code, new Date(at.getTime() + 10 * 60_000), options)).toEqual({ check: 'expired', step });
    expect(matchMemberCode(hmac, SECRET, '000000', at, options).check).not.toBe('valid');
  });

  it('parses only well-formed member codes', () => {
    expect(parseMemberToken('TPM1.M-1001.123456')).toEqual({ memberId: 'M-1001', code: '123456' });
    for (const bad of ['TPM1.M-1001.12345', 'TPM2.M.123456', '4710000000001', 'TPM1..123456', 'TPM1.M 1.123456'])
      expect(parseMemberToken(bad)).toBeNull();
  });
});
