import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskEmail, maskName, maskPhone, normalizeEmail, normalizePhone } from '../../../../core/sales/member-contact.ts';

describe('a mobile number as the customer gives it', () => {
  it('is kept as ten digits starting 09, whatever the spacing or country code', () => {
    for (const typed of [
      '0912345678',
      '0912-345-678',
      '0912 345 678',
      '+886 912 345 678',
      '886912345678',
      '(0912)345.678',
      '０９１２３４５６７８',
    ])
      expect(normalizePhone(typed)).toBe('0912345678');
  });

  it('is refused when it is not a Taiwan mobile number', () => {
    for (const typed of ['', '02-2345-6789', '091234567', '09123456789', '+1 912 345 6789', '0912abc678', '+886 0912345678'])
      expect(normalizePhone(typed)).toBeNull();
  });
});

describe('an e-mail address', () => {
  it('keeps the local part and lowers the domain', () => {
    expect(normalizeEmail('  Mei.Chen@Example.COM ')).toBe('Mei.Chen@example.com');
  });

  it('is refused without a domain with a dot, with spaces or two @', () => {
    for (const typed of [
      'mei',
      'mei@',
      '@example.com',
      'mei@example',
      'mei chen@example.com',
      'a@b@example.com',
      `${'a'.repeat(65)}@example.com`,
    ])
      expect(normalizeEmail(typed)).toBeNull();
  });
});

describe('masking', () => {
  it('shows the first two and last three digits of a phone', () => {
    expect(maskPhone('0912345678')).toBe('09**-***-678');
  });

  it('shows the first and last character of a name, each word of a Latin one', () => {
    expect(maskName('陳小明')).toBe('陳*明');
    expect(maskName('歐陽小明')).toBe('歐**明');
    expect(maskName('王明')).toBe('王*');
    expect(maskName('明')).toBe('*');
    expect(maskName('John Smith')).toBe('J**n S***h');
    expect(maskName('𠮷野家')).toBe('𠮷*家');
  });

  it('shows the first character and the domain of an e-mail', () => {
    expect(maskEmail('mei.chen@example.com')).toBe('m***@example.com');
  });

  it('never shows the middle digits of any mobile number (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^09\d{8}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toMatch(/^09\*\*-\*\*\*-\d{3}$/);
        expect(masked.replace(/\D/g, '')).toBe(`09${phone.slice(-3)}`);
      }),
      { seed: 15, numRuns: 200 },
    );
  });
});
