import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertUbn, checkBuyerUbn, checkUbn, ubnChecksum } from '../../../../../core/fiscal/tw-einvoice/ubn.ts';

/** The checksum written the other way round, as the MOF describes it: products, their digits, the 7-special. */
function reference(ubn: string, divisor: number): boolean {
  if (!/^\d{8}$/.test(ubn)) return false;
  const products = [...ubn].map((c, i) => Number(c) * [1, 2, 1, 2, 1, 2, 4, 1][i]!);
  const sums = products.map((p) =>
    String(p)
      .split('')
      .reduce((s, d) => s + Number(d), 0),
  );
  const total = sums.reduce((s, x) => s + x, 0);
  if (total % divisor === 0) return true;
  // 7th digit 7: 28 -> 10 -> 1 + 0 = 1, or 0: try the sum with 1 in place of 10 and with 0.
  return ubn[6] === '7' && ((total - 10 + 1) % divisor === 0 || (total - 10) % divisor === 0);
}

const eightDigits = fc.stringMatching(/^\d{8}$/);

describe('UBN checksum', () => {
  it('accepts the MOF example 04595257 under both rules', () => {
    expect(ubnChecksum('04595257')).toBe(40);
    expect(checkUbn('04595257', 10)).toEqual({ ok: true });
    expect(checkUbn('04595257')).toEqual({ ok: true });
  });

  it('counts a 7th digit of 7 either way: 10000078 sums to 19, valid as 19 + 1', () => {
    expect(ubnChecksum('10000078')).toBe(19);
    expect(checkUbn('10000078', 10)).toEqual({ ok: true });
    expect(checkUbn('10000077', 10).ok).toBe(false); // 18, or 19: neither
  });

  it('accepts numbers only the 2023 rule allows (sum divisible by 5, not 10)', () => {
    expect(ubnChecksum('10000004')).toBe(5);
    expect(checkUbn('10000004')).toEqual({ ok: true });
    expect(checkUbn('10000004', 10).ok).toBe(false);
    // and the 7-special under the new rule: 10000073 sums to 14, 14 + 1 = 15
    expect(checkUbn('10000073')).toEqual({ ok: true });
  });

  it('agrees with the reference on any 8 digits, under both rules', () => {
    fc.assert(
      fc.property(eightDigits, (u) => {
        expect(checkUbn(u, 10).ok).toBe(reference(u, 10));
        expect(checkUbn(u, 5).ok).toBe(reference(u, 5));
      }),
      { seed: 2023, numRuns: 2000 },
    );
  });

  it('keeps every number valid under the old rule valid under the new one', () => {
    const validOld = fc.stringMatching(/^\d{7}$/).map((seven) => {
      for (let d = 0; d <= 9; d++) if (reference(seven + d, 10)) return seven + d;
      return null;
    });
    fc.assert(
      fc.property(validOld, (u) => {
        if (u === null) return;
        expect(checkUbn(u, 10).ok).toBe(true);
        expect(checkUbn(u).ok).toBe(true);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('finds a valid 8th digit for any 7 digits under the new rule (the last weight is 1)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), (seven) => {
        expect([...'0123456789'].some((d) => checkUbn(seven + d).ok)).toBe(true);
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('refuses what is not 8 digits, with the reason', () => {
    for (const bad of ['0459525', '045952570', '0459525a', ' 04595257', '０４５９５２５７'])
      expect(checkUbn(bad)).toEqual({ ok: false, message: expect.stringContaining('8 digits') });
    expect(checkUbn('04595258')).toEqual({ ok: false, message: expect.stringContaining('check digits do not add up') });
    expect(() => assertUbn('04595258', 'seller UBN')).toThrow(/^seller UBN: 04595258 is not a valid UBN/);
  });

  it('does not take 00000000 as a buyer: it is what the QR code writes for none', () => {
    expect(checkUbn('00000000').ok).toBe(true);
    expect(checkBuyerUbn('00000000')).toEqual({ ok: false, message: expect.stringContaining('leave the buyer UBN empty') });
    expect(checkBuyerUbn('04595257')).toEqual({ ok: true });
  });
});
