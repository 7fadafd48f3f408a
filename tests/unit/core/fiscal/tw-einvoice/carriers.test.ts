import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CITIZEN_CERTIFICATE,
  checkBuyerId,
  DONATION_CODE,
  MOBILE_BARCODE,
  recogniseBuyerId,
} from '../../../../../core/fiscal/tw-einvoice/carriers.ts';

const ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.+-'];
const mobileBarcode = fc.array(fc.constantFrom(...ALPHABET), { minLength: 7, maxLength: 7 }).map((cs) => '/' + cs.join(''));
/** The regex found in many tutorials: "+-." is the range '+' (2B) to '.' (2E), so ',' (2C) gets in. */
const WRONG_MOBILE_BARCODE = /^\/[0-9A-Z+-.]{7}$/;

describe('mobile barcode carrier', () => {
  it('accepts "/" and any 7 of 0-9 A-Z . + -', () => {
    fc.assert(
      fc.property(mobileBarcode, (code) => {
        expect(checkBuyerId('mobile-barcode', code)).toEqual({ ok: true, kind: 'mobile-barcode', value: code });
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it('refuses a ",": the well-known wrong regex accepts it', () => {
    fc.assert(
      fc.property(mobileBarcode, fc.integer({ min: 1, max: 7 }), (code, at) => {
        const withComma = code.slice(0, at) + ',' + code.slice(at + 1);
        expect(WRONG_MOBILE_BARCODE.test(withComma)).toBe(true);
        expect(MOBILE_BARCODE.test(withComma)).toBe(false);
        expect(checkBuyerId('mobile-barcode', withComma).ok).toBe(false);
      }),
      { seed: 44, numRuns: 300 },
    );
  });

  it('refuses any other character, lowercase, and the wrong length', () => {
    const other = fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !ALPHABET.includes(c));
    fc.assert(
      fc.property(mobileBarcode, fc.integer({ min: 1, max: 7 }), other, (code, at, c) => {
        expect(MOBILE_BARCODE.test(code.slice(0, at) + c + code.slice(at + 1))).toBe(false);
      }),
      { seed: 45, numRuns: 500 },
    );
    for (const bad of ['/abc1234', '/ABC123', '/ABC12345', 'ABC12345', '//ABC123'])
      expect(checkBuyerId('mobile-barcode', bad), bad).toEqual({ ok: false, message: expect.stringContaining('"/" and 7 characters') });
  });

  it('ignores the spaces around a typed code', () => {
    expect(checkBuyerId('mobile-barcode', ' /AB.1+-C \n')).toEqual({ ok: true, kind: 'mobile-barcode', value: '/AB.1+-C' });
  });
});

describe('citizen certificate carrier and donation code', () => {
  it('takes 2 uppercase letters and 14 digits as a certificate', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2}\d{14}$/), (c) => {
        expect(CITIZEN_CERTIFICATE.test(c)).toBe(true);
      }),
      { seed: 16, numRuns: 200 },
    );
    for (const bad of ['ab12345678901234', 'AB1234567890123', 'AB123456789012345', 'A112345678901234'])
      expect(checkBuyerId('citizen-certificate', bad).ok, bad).toBe(false);
  });

  it('takes 3 to 7 digits as a donation code, and nothing else', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,10}$/), (d) => {
        expect(DONATION_CODE.test(d)).toBe(d.length >= 3 && d.length <= 7);
      }),
      { seed: 37, numRuns: 300 },
    );
    expect(checkBuyerId('donation-code', '12a4')).toEqual({ ok: false, message: expect.stringContaining('3 to 7 digits') });
  });

  it('recognises which a scanned code is', () => {
    expect(recogniseBuyerId('/AB.1+-C')).toMatchObject({ ok: true, kind: 'mobile-barcode' });
    expect(recogniseBuyerId('AB12345678901234')).toMatchObject({ ok: true, kind: 'citizen-certificate' });
    expect(recogniseBuyerId('8455')).toMatchObject({ ok: true, kind: 'donation-code' });
    expect(recogniseBuyerId('/AB,1+-C')).toEqual({ ok: false, message: expect.stringContaining('not a mobile barcode') });
  });
});
