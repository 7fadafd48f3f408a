import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestPrint, columnRuler } from '../../../../core/receipts/test-print-document.ts';
import type { ReceiptContext } from '../../../../core/receipts/receipt-document.ts';
import { displayWidth, pairLine } from '../../../../core/shared/text-width.ts';
import { receiptDocumentSchema } from '../../../../core/contract/views.ts';

const ctx = (width: number): ReceiptContext => ({
  storeName: 'Tillproof Demo 示範商店',
  address: ['No. 1, Demo Rd., Taipei'],
  taxNumber: '12345675',
  terminalId: 'DEMO-01',
  timeZone: 'Asia/Taipei',
  locale: 'zh-TW',
  width,
  minorDigits: 0,
  header: [],
  footer: [],
});

describe('the test print document', () => {
  it('has the store header, English and Chinese text, a barcode, a QR code and the printer setup', () => {
    const doc = buildTestPrint(ctx(48), { printerId: 'receipt', encoding: 'big5', paperMm: 80, at: '2026-11-20T02:00:00.000Z' });
    expect(receiptDocumentSchema.parse(doc)).toEqual(doc);
    expect(doc).toMatchObject({ receiptNo: 0, kind: 'report', training: false, width: 48 });
    const texts = doc.lines.flatMap((l) => (l.type === 'text' ? [l.text] : l.type === 'pair' ? [`${l.left} ${l.right}`] : []));
    expect(texts[0]).toBe('Tillproof Demo 示範商店');
    expect(texts).toContain('TEST PRINT - NOT A RECEIPT');
    expect(texts.some((t) => /中文/.test(t))).toBe(true);
    expect(texts).toContain('Code page big5');
    expect(texts).toContain('Width 48 columns, 80 mm');
    expect(texts).toContain('Time 2026-11-20 10:00:00');
    expect(doc.lines.find((l) => l.type === 'barcode')).toEqual({ type: 'barcode', symbology: 'CODE128', data: 'TEST-DEMO-01' });
    expect(doc.lines.find((l) => l.type === 'qr')).toMatchObject({
      type: 'qr',
      data: 'tillproof:test-print:DEMO-01:2026-11-20T02:00:00.000Z',
    });
    expect(doc.lines.at(-1)).toEqual({ type: 'cut', partial: true });
  });

  it('fits the paper at every receipt width: the ruler is exactly one line, pairs never overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 24, max: 64 }), (width) => {
        const doc = buildTestPrint(ctx(width), {
          printerId: 'receipt',
          encoding: 'gb18030',
          paperMm: null,
          at: '2026-11-20T02:00:00.000Z',
        });
        expect(columnRuler(width)).toHaveLength(width);
        expect(doc.lines).toContainEqual({ type: 'text', text: columnRuler(width) });
        for (const l of doc.lines) if (l.type === 'pair') expect(displayWidth(pairLine(l.left, l.right, width))).toBeLessThanOrEqual(width);
      }),
    );
  });
});
