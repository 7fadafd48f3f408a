import { describe, expect, it } from 'vitest';
import { barcodeContent } from '../../../../../core/fiscal/tw-einvoice/barcode-content.ts';
import { parsePeriodCode } from '../../../../../core/fiscal/tw-einvoice/roc-calendar.ts';

describe('the Code 39 barcode of the 證明聯', () => {
  it('is period + number + random code: the spec example', () => {
    // 電子發票證明聯一維及二維條碼規格說明 v1.8, chapter 1 section 3 (一維條碼範例):
    // period 104年03-04月, number UZ17690872, random code 0122 -> *10404UZ176908720122*.
    const content = barcodeContent({ rocYear: 104, startMonth: 3, endMonth: 4 }, 'UZ17690872', '0122');
    expect(content).toBe('10404UZ176908720122');
    expect(content).toHaveLength(19);
  });

  it('refuses a number or random code of the wrong form', () => {
    const p = parsePeriodCode('11402');
    expect(() => barcodeContent(p, 'UZ1769087', '0122')).toThrow(expect.objectContaining({ code: 'einvoice.invalid-number' }));
    expect(() => barcodeContent(p, 'UZ17690872', '122')).toThrow(expect.objectContaining({ code: 'einvoice.invalid-random-code' }));
  });
});
