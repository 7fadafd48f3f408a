import type { ReceiptDocument, ReceiptLine } from '../contract/views.ts';
import { localTime, type ReceiptContext } from './receipt-document.ts';

// The test print from the settings screen: the store header as on a receipt, English and
// Chinese text (the printer's code page and two-column CJK), a barcode and a QR code, and
// what the printer is set up as. The preview and the printer get this same document.

export interface TestPrintSetup {
  printerId: string;
  /** The printer's text encoding (code page), e.g. "big5", "gb18030", "ascii". */
  encoding: string;
  /** Paper width in mm when the printer is configured; null for the built-in printer. */
  paperMm: number | null;
  at: string;
}

export function buildTestPrint(ctx: ReceiptContext, setup: TestPrintSetup): ReceiptDocument {
  const w = ctx.width;
  const lines: ReceiptLine[] = [
    { type: 'text', text: ctx.storeName, align: 'center', bold: true, size: 'double' },
    ...ctx.address.map((a): ReceiptLine => ({ type: 'text', text: a, align: 'center' })),
    ...(ctx.taxNumber ? [{ type: 'text', text: ctx.taxNumber, align: 'center' } satisfies ReceiptLine] : []),
    { type: 'rule' },
    { type: 'text', text: 'TEST PRINT - NOT A RECEIPT', align: 'center', bold: true },
    { type: 'text', text: '測試列印 非收據 / 测试打印 非收据', align: 'center' },
    { type: 'rule' },
    { type: 'pair', left: 'Printer', right: setup.printerId },
    { type: 'pair', left: 'Width', right: `${w} columns${setup.paperMm ? `, ${setup.paperMm} mm` : ''}` },
    { type: 'pair', left: 'Code page', right: setup.encoding },
    { type: 'pair', left: 'Terminal', right: ctx.terminalId },
    { type: 'pair', left: 'Time', right: localTime(setup.at, ctx.timeZone) },
    { type: 'rule' },
    { type: 'text', text: 'English: The quick brown fox 0123456789' },
    { type: 'text', text: '中文:烏龍茶 鳳梨酥 牛肉麵 / 乌龙茶 凤梨酥' },
    { type: 'pair', left: 'Oolong tea 烏龍茶', right: '25' },
    // A full line of columns shows where the paper ends: the last digit is the last column.
    { type: 'text', text: columnRuler(w) },
    { type: 'rule', char: '=' },
    { type: 'barcode', symbology: 'CODE128', data: `TEST-${ctx.terminalId}`.slice(0, 40) },
    { type: 'qr', data: `tillproof:test-print:${ctx.terminalId}:${setup.at}`, size: 5 },
    { type: 'feed', lines: 3 },
    { type: 'cut', partial: true },
  ];
  return { receiptNo: 0, kind: 'report', copyNo: 0, training: false, width: w, lines };
}

/** "1234567890" repeated to exactly `width` columns. */
export function columnRuler(width: number): string {
  let s = '';
  for (let i = 1; i <= width; i++) s += String(i % 10);
  return s;
}
