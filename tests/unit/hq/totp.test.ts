// TOTP as authenticator apps compute it: the RFC 6238 test vectors (SHA-1), the ±1 step window,
// and a step never accepted twice.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from '../../../hq/totp.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890", 8 digits.
const SEED = Buffer.from('12345678901234567890', 'ascii');
const SEED_BASE32 = base32Encode(SEED);
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s the 8-digit code is %s, and the 6-digit code its last six digits', (seconds, code) => {
    expect(hotp(SEED, totpStep(seconds * 1000), 8)).toBe(code);
    expect(totpCode(SEED_BASE32, seconds * 1000)).toBe(code.slice(2));
  });

  it('RFC 4226 appendix D: the HOTP values of counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEED, i))).toEqual(expected);
  });

  it('base32 round-trips and matches RFC 4648 examples', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
    expect(SEED_BASE32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(() => base32Decode('MZ1W')).toThrow(/base32/);
  });

  it('accepts the code of the step before, now and after, not two steps away', () => {
    const now = 1_234_567_890_000;
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(matchTotp(SEED_BASE32, totpCode(SEED_BASE32, now + d * 30_000), now, 0)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(SEED_BASE32, totpCode(SEED_BASE32, now + d * 30_000), now, 0)).toBeNull();
  });

  it('never accepts a step at or before the last one used (a replayed code)', () => {
    const now = 1_234_567_890_000;
    const step = totpStep(now);
    const code = totpCode(SEED_BASE32, now);
    expect(matchTotp(SEED_BASE32, code, now, step - 1)).toBe(step);
    expect(matchTotp(SEED_BASE32, code, now, step)).toBeNull();
    expect(matchTotp(SEED_BASE32, totpCode(SEED_BASE32, now - 30_000), now, step)).toBeNull();
  });

  it('refuses anything but six digits', () => {
    const now = 1_234_567_890_000;
    const code = totpCode(SEED_BASE32, now);
    for (const bad of ['', `${code}0`, code.slice(1), ` ${code}`, 'abcdef']) expect(matchTotp(SEED_BASE32, bad, now, 0)).toBeNull();
  });

  it('the otpauth URI carries the secret, issuer and parameters apps expect', () => {
    const uri = new URL(otpauthUri('Tillproof HQ', 'ann@example.com', SEED_BASE32));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.href.split('?')[0]!)).toBe('otpauth://totp/Tillproof HQ:ann@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: SEED_BASE32,
      issuer: 'Tillproof HQ',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
