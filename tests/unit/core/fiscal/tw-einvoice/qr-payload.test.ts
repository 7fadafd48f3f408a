import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import QRCode from 'qrcode';
import {
  EINVOICE_QR_MAX_BYTES,
  EINVOICE_QR_MAX_VERSION,
  itemFields,
  QR_BYTES_LEVEL_L,
  qrFixedPart,
  qrPair,
  qrPairCutAt,
  type QrInvoice,
  type QrItem,
} from '../../../../../core/fiscal/tw-einvoice/qr-payload.ts';
import { parseQrKey, readVerificationField, verificationField } from '../../../../../core/fiscal/tw-einvoice/verification-field.ts';
import { fromBase64, utf8 } from '../../../../../core/ledger/bytes.ts';
import { nodeAes128Cbc } from '../../../../../platform/node-crypto.ts';

// The spec's example invoice (電子發票證明聯一維及二維條碼規格說明 v1.8, chapter 2 section 4,
// 範例 (二) UTF-8 and (三) Base64): AB11223344 of 2013-05-23, random code 9999, sales 324
// (0x144) and total 340 (0x154), consumer buyer, seller 01234567, items 乾電池 1 x 105,
// 口罩 1 x 210, 牛奶 1 x 25. The verification field ydXZt4LAN1UHN/j1juVcRA== is copied from
// the example: it was made with the MOF's key, which is not published.
const EXAMPLE: QrInvoice = {
  invoiceNumber: 'AB11223344',
  date: { year: 2013, month: 5, day: 23 },
  randomCode: '9999',
  salesAmount: 324,
  totalAmount: 340,
  buyerUbn: null,
  sellerUbn: '01234567',
};
const EXAMPLE_FIELD = 'ydXZt4LAN1UHN/j1juVcRA==';
const ITEMS: QrItem[] = [
  { name: '乾電池', quantity: '1', unitPrice: '105' },
  { name: '口罩', quantity: '1', unitPrice: '210' },
  { name: '牛奶', quantity: '1', unitPrice: '25' },
];
const FIXED = 'AB112233441020523999900000144000001540000000001234567ydXZt4LAN1UHN/j1juVcRA==';

describe('the left QR code fixed part', () => {
  it('is the spec example, 77 characters', () => {
    const fixed = qrFixedPart(EXAMPLE, EXAMPLE_FIELD);
    expect(fixed).toBe(FIXED);
    expect(fixed).toHaveLength(77);
  });

  it('writes a buyer UBN in place of 00000000, and amounts as 8 lowercase hex digits', () => {
    const fixed = qrFixedPart({ ...EXAMPLE, buyerUbn: '04595257', salesAmount: 0xabcdef, totalAmount: 0xabcdef + 1 }, EXAMPLE_FIELD);
    expect(fixed.slice(21, 37)).toBe('00abcdef00abcdf0');
    expect(fixed.slice(37, 53)).toBe('0459525701234567');
  });

  it('carries a verification field that decrypts to its own number and random code', () => {
    const key = parseQrKey('00112233445566778899aabbccddeeff');
    const fixed = qrFixedPart(EXAMPLE, verificationField(nodeAes128Cbc, key, 'AB11223344', '9999'));
    expect(readVerificationField(nodeAes128Cbc, key, fixed.slice(53))).toBe(fixed.slice(0, 10) + fixed.slice(17, 21));
  });

  it('refuses amounts and fields it cannot write', () => {
    expect(() => qrFixedPart({ ...EXAMPLE, totalAmount: -1 }, EXAMPLE_FIELD)).toThrow(/the total must be a whole amount/);
    expect(() => qrFixedPart({ ...EXAMPLE, salesAmount: 1.5 }, EXAMPLE_FIELD)).toThrow(
      expect.objectContaining({ code: 'einvoice.invalid-amount' }),
    );
    expect(() => qrFixedPart({ ...EXAMPLE, buyerUbn: '1234' }, EXAMPLE_FIELD)).toThrow(/buyer UBN must be 8 digits/);
    expect(() => qrFixedPart(EXAMPLE, 'short')).toThrow(expect.objectContaining({ code: 'einvoice.invalid-field' }));
  });
});

describe('the item fields across the two codes', () => {
  it('matches the spec UTF-8 example, cut after the first item', () => {
    const pair = qrPairCutAt(FIXED, ITEMS, 3, utf8('乾電池:1:105:').length, { encoding: 'utf-8' });
    expect(pair.left).toBe(`${FIXED}:**********:3:3:1:乾電池:1:105:`);
    expect(pair.right).toBe('**口罩:1:210:牛奶:1:25');
  });

  it('matches the spec Base64 example, cut after the first name', () => {
    const pair = qrPairCutAt(FIXED, ITEMS, 3, utf8('乾電池').length, { encoding: 'base64' });
    expect(pair.left).toBe(`${FIXED}:**********:3:3:2:5Lm+6Zu75rGg`);
    expect(pair.right).toBe('**OjE6MTA1OuWPo+e9qToxOjIxMDrniZvlpbY6MToyNQ==');
  });

  it('fills the left code with whole items first: with room for one item the cut is the spec example', () => {
    const left = `${FIXED}:**********:3:3:1:乾電池:1:105:`;
    const pair = qrPair(FIXED, ITEMS, { encoding: 'utf-8', maxBytes: utf8(left).length });
    expect(pair).toEqual({ left, right: '**口罩:1:210:牛奶:1:25', recordedItems: 3, totalItems: 3 });
    expect(qrPair(FIXED, ITEMS, { encoding: 'utf-8' })).toEqual({
      left: `${FIXED}:**********:3:3:1:乾電池:1:105:口罩:1:210:牛奶:1:25`,
      right: '**',
      recordedItems: 3,
      totalItems: 3,
    });
  });

  it('cuts Base64 at a multiple of 3 bytes, so the two parts also read as one text', () => {
    const pair = qrPair(FIXED, ITEMS, { encoding: 'base64', maxBytes: 115 });
    const leftB64 = pair.left.slice(`${FIXED}:**********:3:3:2:`.length);
    expect(leftB64).not.toContain('=');
    expect(new TextDecoder().decode(fromBase64(leftB64 + pair.right.slice(2)))).toBe('乾電池:1:105:口罩:1:210:牛奶:1:25');
  });

  it('refuses a UTF-8 cut inside a character', () => {
    expect(() => qrPairCutAt(FIXED, ITEMS, 3, 1, { encoding: 'utf-8' })).toThrow(/would split a character/);
  });

  it('keeps a ":" in a name from splitting the fields', () => {
    expect(itemFields({ name: '咖啡:大杯\n', quantity: '2', unitPrice: '60' })).toBe('咖啡：大杯:2:60');
    expect(() => itemFields({ name: ' ', quantity: '1', unitPrice: '1' })).toThrow(/item name is empty/);
    expect(() => itemFields({ name: 'x', quantity: '-1', unitPrice: '1' })).toThrow(/quantity of "x"/);
  });

  const item = fc.record({
    name: fc
      .string({ minLength: 1, maxLength: 24, unit: fc.constantFrom(...'乾電池口罩牛奶咖啡茶AbcXyz 0-9:'.split('')) })
      .filter((s) => s.trim() !== ''),
    quantity: fc.stringMatching(/^[1-9]\d{0,2}(\.\d{1,3})?$/),
    unitPrice: fc.stringMatching(/^-?[1-9]\d{0,5}$/),
  });

  it('for any items: both codes fit, and together they hold the first recorded items exactly', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.constantFrom('utf-8' as const, 'base64' as const), (items, encoding) => {
        const pair = qrPair(FIXED, items, { encoding });
        expect(utf8(pair.left).length).toBeLessThanOrEqual(EINVOICE_QR_MAX_BYTES);
        expect(utf8(pair.right).length).toBeLessThanOrEqual(EINVOICE_QR_MAX_BYTES);
        expect(pair.totalItems).toBe(items.length);
        const head = `${FIXED}:**********:${pair.recordedItems}:${items.length}:${encoding === 'utf-8' ? 1 : 2}:`;
        expect(pair.left.startsWith(head)).toBe(true);
        expect(pair.right.startsWith('**')).toBe(true);
        const l = pair.left.slice(head.length);
        const r = pair.right.slice(2);
        const text = encoding === 'utf-8' ? l + r : new TextDecoder().decode(Uint8Array.from([...fromBase64(l), ...fromBase64(r)]));
        expect(text).toBe(items.slice(0, pair.recordedItems).map(itemFields).join(':'));
        // An item left out is one that would not have fitted: a short list is recorded whole.
        if (utf8(items.map(itemFields).join(':')).length * (encoding === 'base64' ? 4 / 3 : 1) < 100)
          expect(pair.recordedItems).toBe(items.length);
      }),
      { seed: 1020523, numRuns: 300 },
    );
  });

  it('prints within QR version 9 at level L: the capacity table agrees with the QR encoder', () => {
    for (const [version, bytes] of Object.entries(QR_BYTES_LEVEL_L)) {
      const data = new Uint8Array(bytes).fill(0x41 + 0x80); // bytes outside alphanumeric mode
      expect(() => QRCode.create([{ data, mode: 'byte' }], { version: Number(version), errorCorrectionLevel: 'L' })).not.toThrow();
      const over = new Uint8Array(bytes + 1).fill(0xc1);
      expect(() => QRCode.create([{ data: over, mode: 'byte' }], { version: Number(version), errorCorrectionLevel: 'L' })).toThrow();
    }
    expect(EINVOICE_QR_MAX_BYTES).toBe(QR_BYTES_LEVEL_L[EINVOICE_QR_MAX_VERSION]);
  });
});

describe('a sale of many lines', () => {
  it('records as many of a thousand items as fit and counts all of them', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ name: `茶${i}`, quantity: '1', unitPrice: '35' }));
    for (const encoding of ['utf-8', 'base64'] as const) {
      const pair = qrPair(FIXED, many, { encoding });
      expect(pair.totalItems).toBe(1000);
      expect(pair.recordedItems).toBeGreaterThan(10);
      expect(pair.left).toContain(`:${pair.recordedItems}:1000:`);
      expect(utf8(pair.left).length).toBeLessThanOrEqual(EINVOICE_QR_MAX_BYTES);
      expect(utf8(pair.right).length).toBeLessThanOrEqual(EINVOICE_QR_MAX_BYTES);
      // One more item would not have fitted, wherever the codes were cut between whole items.
      const n = pair.recordedItems + 1;
      const fields = many.slice(0, n).map(itemFields);
      const total = utf8(fields.join(':')).length;
      for (let k = 0; k <= n; k++) {
        const cut =
          k === n
            ? total
            : utf8(
                fields
                  .slice(0, k)
                  .map((f) => f + ':')
                  .join(''),
              ).length;
        const at = encoding === 'base64' && cut < total ? cut - (cut % 3) : cut;
        const more = qrPairCutAt(FIXED, many, n, at, { encoding });
        expect(Math.max(utf8(more.left).length, utf8(more.right).length)).toBeGreaterThan(EINVOICE_QR_MAX_BYTES);
      }
    }
  });
});
