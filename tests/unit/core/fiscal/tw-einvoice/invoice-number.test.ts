import { describe, expect, it } from 'vitest';
import {
  assertInvoiceNumber,
  assertRandomCode,
  isInvoiceNumber,
  printedInvoiceNumber,
  randomCodeFrom,
} from '../../../../../core/fiscal/tw-einvoice/invoice-number.ts';

describe('invoice number', () => {
  it('is two uppercase letters and eight digits', () => {
    expect(isInvoiceNumber('AB11223344')).toBe(true);
    for (const bad of ['ab11223344', 'AB1122334', 'AB112233445', 'A111223344', 'AB-11223344', ' AB11223344'])
      expect(isInvoiceNumber(bad), bad).toBe(false);
  });

  it('prints with a hyphen after the track, as on the 證明聯', () => {
    expect(printedInvoiceNumber('AB11223344')).toBe('AB-11223344');
  });

  it('names the expected form when refused', () => {
    expect(() => assertInvoiceNumber('ab11223344')).toThrow(/2 uppercase letters and 8 digits/);
    expect(() => assertRandomCode('12a4')).toThrow(expect.objectContaining({ code: 'einvoice.invalid-random-code' }));
  });

  it('draws random codes 0000-9999 from random bytes, skipping values that would favour low codes', () => {
    const bytes = [
      [0xff, 0xff], // 65535: above 59999, drawn again
      [0x00, 0x07], // 7
    ];
    let i = 0;
    expect(randomCodeFrom(() => Uint8Array.from(bytes[i++]!))).toBe('0007');
    expect(i).toBe(2);
    expect(randomCodeFrom(() => Uint8Array.from([0xea, 0x5f]))).toBe('9999'); // 59999
  });
});
