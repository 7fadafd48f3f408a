import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReceiptDocument } from '../../../../core/contract/index.ts';
import { displayWidth, pairLine, wrapToWidth } from '../../../../core/shared/text-width.ts';
import { layoutReceipt, pairText, previewText, rowColumns, segmentsOf } from '../../../../renderer/receipt/receipt-layout.ts';

const doc = (width: number, lines: ReceiptDocument['lines']): ReceiptDocument => ({
  receiptNo: 7,
  kind: 'sale',
  copyNo: 0,
  training: false,
  width,
  lines,
});

describe('receipt preview layout', () => {
  it('lays out text, pairs, rules, barcodes and QR codes at the document width', () => {
    const rows = layoutReceipt(
      doc(32, [
        { type: 'text', text: 'Tillproof Demo', align: 'center', bold: true },
        { type: 'rule' },
        { type: 'pair', left: 'Green tea', right: '25' },
        { type: 'rule', char: '=' },
        { type: 'barcode', symbology: 'CODE128', data: 'DEMO-01-7' },
        { type: 'qr', data: 'TPR1;T=DEMO-01', size: 5 },
        { type: 'feed', lines: 3 },
        { type: 'cut', partial: true },
      ]),
    );
    expect(previewText(rows)).toEqual([
      '         Tillproof Demo',
      '-'.repeat(32),
      'Green tea' + ' '.repeat(21) + '25',
      '='.repeat(32),
      '[CODE128 DEMO-01-7]',
      '[QR]',
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['text', 'text', 'text', 'text', 'barcode', 'qr', 'feed', 'cut']);
    expect(rows[0]).toMatchObject({ bold: true, double: false });
  });

  it('counts CJK characters two columns wide, like the printer', () => {
    const [row] = layoutReceipt(doc(32, [{ type: 'pair', left: '茶裏王綠茶 600ml', right: '$25' }]));
    expect(row!.kind).toBe('text');
    expect(rowColumns(row!)).toBe(32);
    expect(row!.kind === 'text' && row!.text).toBe('茶裏王綠茶 600ml' + ' '.repeat(32 - 16 - 3) + '$25');
    expect(row!.kind === 'text' && row!.segments).toEqual([
      { text: '茶裏王綠茶', columns: 10, wide: true },
      { text: ' 600ml' + ' '.repeat(13) + '$25', columns: 22, wide: false },
    ]);
  });

  it('centres and wraps CJK text by columns, never splitting a character', () => {
    const rows = layoutReceipt(doc(10, [{ type: 'text', text: '歡迎光臨示範商店謝謝', align: 'center' }]));
    expect(previewText(rows)).toEqual(['歡迎光臨示', '範商店謝謝']);
    expect(rows.every((r) => rowColumns(r) <= 10)).toBe(true);
    const centred = layoutReceipt(doc(12, [{ type: 'text', text: '收據', align: 'center' }]));
    expect(previewText(centred)).toEqual(['    收據']);
    const right = layoutReceipt(doc(12, [{ type: 'text', text: 'abc', align: 'right' }]));
    expect(previewText(right)).toEqual(['         abc']);
  });

  it('double-size text has half as many columns and counts double', () => {
    const rows = layoutReceipt(doc(20, [{ type: 'text', text: 'ABCDEFGHIJKLMN', size: 'double' }]));
    expect(previewText(rows)).toEqual(['ABCDEFGHIJ', 'KLMN']);
    expect(rowColumns(rows[0]!)).toBe(20);
    const cjk = layoutReceipt(doc(20, [{ type: 'text', text: '示範商店', size: 'double', align: 'center' }]));
    expect(previewText(cjk)).toEqual([' 示範商店']);
    expect(rowColumns(cjk[0]!)).toBe(18);
  });

  it('cuts the left of a pair that does not fit and keeps the amount', () => {
    expect(pairText('A very long product name indeed', '1,234', 16)).toBe('A very lon 1,234');
    expect(displayWidth(pairText('一二三四五六七八九十', '99', 12))).toBeLessThanOrEqual(12);
  });

  it('property: pair lines match the printer driver’s layout exactly', () => {
    const text = fc.string({ unit: fc.constantFrom(...'abcXYZ 0123$.,-收據茶王綠ＡＢ'), maxLength: 40 });
    fc.assert(
      fc.property(
        text,
        fc.string({ unit: fc.constantFrom(...'0123456789$.,-'), minLength: 1, maxLength: 12 }),
        fc.integer({ min: 24, max: 64 }),
        (left, right, width) => {
          expect(pairText(left, right, width)).toBe(pairLine(left, right, width));
        },
      ),
    );
  });

  it('property: no text row is wider than the paper', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab c1 收據茶王綠'), maxLength: 120 });
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 24, max: 64 }),
        fc.constantFrom('left', 'center', 'right') as fc.Arbitrary<'left' | 'center' | 'right'>,
        fc.boolean(),
        (t, width, align, double) => {
          const rows = layoutReceipt(doc(width, [{ type: 'text', text: t, align, ...(double ? { size: 'double' as const } : {}) }]));
          for (const r of rows) expect(rowColumns(r)).toBeLessThanOrEqual(width + (double ? 1 : 0));
        },
      ),
    );
  });

  it('splits runs of narrow and wide characters', () => {
    expect(segmentsOf('ab收據cd')).toEqual([
      { text: 'ab', columns: 2, wide: false },
      { text: '收據', columns: 4, wide: true },
      { text: 'cd', columns: 2, wide: false },
    ]);
    expect(segmentsOf('')).toEqual([]);
    expect(segmentsOf('收', 2)).toEqual([{ text: '收', columns: 4, wide: true }]);
  });
});

describe('shared column layout (core/shared/text-width)', () => {
  it('wraps by columns and always makes progress, even when a wide character is wider than the line', () => {
    expect(wrapToWidth('牛肉麵 Beef noodles', 8)).toEqual(['牛肉麵', 'Beef', 'noodles']);
    expect(wrapToWidth('茶', 1)).toEqual(['茶']);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (text, width) => {
        const parts = wrapToWidth(text, width);
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the e-invoice QR pair in the preview', () => {
  it('shows both codes, one under the other', () => {
    const doc: ReceiptDocument = {
      receiptNo: 1,
      kind: 'sale',
      copyNo: 0,
      training: false,
      width: 32,
      lines: [{ type: 'qr-pair', left: 'L', right: '**' }],
    };
    expect(layoutReceipt(doc)).toEqual([
      { kind: 'qr', data: 'L', size: 3 },
      { kind: 'qr', data: '**', size: 3 },
    ]);
  });
});
