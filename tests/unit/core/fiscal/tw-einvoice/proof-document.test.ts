import { describe, expect, it } from 'vitest';
import { buildProofDocument, PROOF_WIDTH, proofCodes, type ProofContext } from '../../../../../core/fiscal/tw-einvoice/proof-document.ts';
import { parseQrKey } from '../../../../../core/fiscal/tw-einvoice/verification-field.ts';
import { renderReceiptText } from '../../../../../core/receipts/receipt-document.ts';
import { nodeAes128Cbc } from '../../../../../platform/node-crypto.ts';

const CTX: ProofContext = {
  storeName: '茶館',
  timeZone: 'Asia/Taipei',
  sellerUbn: '04595257',
  qrKey: parseQrKey('00112233445566778899aabbccddeeff'),
  cipher: nodeAes128Cbc,
  encoding: 'utf-8',
  receiptNo: 3,
};
const INVOICE = {
  invoiceNumber: 'AB11223344',
  randomCode: '9999',
  // 23:59:59 on 30 June in Taipei (15:59:59 UTC): the last second of period 05-06.
  issuedAt: '2025-06-30T15:59:59Z',
  salesAmount: 324,
  totalAmount: 340,
  buyerUbn: null,
  items: [{ name: '乾電池', quantity: '1', unitPrice: '105' }],
};

describe('the 電子發票證明聯 document', () => {
  it('has the spec layout for a consumer: no buyer, no 格式 25', () => {
    const doc = buildProofDocument(INVOICE, CTX);
    expect(doc.width).toBe(PROOF_WIDTH);
    const text = renderReceiptText(doc);
    expect(text.split('\n').slice(0, 7)).toEqual([
      expect.stringContaining('茶館'),
      expect.stringContaining('電子發票證明聯'),
      expect.stringContaining('114年05-06月'),
      expect.stringContaining('AB-11223344'),
      '2025-06-30 23:59:59',
      expect.stringMatching(/^隨機碼 9999 +總計 340$/),
      expect.stringMatching(/^賣方 04595257 *$/),
    ]);
    expect(text).not.toContain('格式 25');
    expect(doc.lines).toContainEqual({ type: 'barcode', symbology: 'CODE39', data: '11406AB112233449999' });
    const codes = proofCodes(INVOICE, CTX);
    expect(doc.lines).toContainEqual({ type: 'qr-pair', left: codes.left, right: codes.right });
    expect(codes.left.slice(10, 17)).toBe('1140630');
  });

  it('prints the buyer UBN with 格式 25, and marks a reprint', () => {
    const doc = buildProofDocument({ ...INVOICE, buyerUbn: '10000004' }, { ...CTX, reprint: true });
    const text = renderReceiptText(doc);
    expect(text).toMatch(/2025-06-30 23:59:59 +格式 25/);
    expect(text).toMatch(/賣方 04595257 +買方 10000004/);
    expect(text).toContain('補印');
    expect(doc.copyNo).toBe(1);
    expect(proofCodes({ ...INVOICE, buyerUbn: '10000004' }, CTX).left.slice(37, 45)).toBe('10000004');
  });
});
