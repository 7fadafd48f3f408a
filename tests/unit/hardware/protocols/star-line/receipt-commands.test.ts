import { describe, expect, it } from 'vitest';
import { starLineReceiptCommands } from '../../../../../hardware/protocols/star-line/receipt-commands.ts';
import { readFileSync } from 'node:fs';
import { starBarcode, starDrawerKick } from '../../../../../hardware/protocols/star-line/commands.ts';
import { ReceiptEncoder } from '../../../../../hardware/protocols/receipt/receipt-encoder.ts';
import { StarLineTokenizer } from '../../../../../hardware/protocols/star-line/tokenizer.ts';
import { StarLineRenderer } from '../../../../../hardware/protocols/star-line/render.ts';
import type { Printout, BarcodeItem } from '../../../../../hardware/protocols/printout/printout.ts';
import type { ReceiptDocument } from '../../../../../core/contract/views.ts';

/** What an emulated Star printer on `paperDots`-dot paper prints for a receipt with one barcode. */
function printed(data: string, paperDots: number): Printout {
  const encoder = new ReceiptEncoder({ commandSet: 'star', encoding: 'ascii', columns: paperDots === 384 ? 32 : 48, paperDots });
  const document: ReceiptDocument = {
    receiptNo: 1,
    kind: 'sale',
    copyNo: 0,
    training: false,
    width: 48,
    lines: [{ type: 'barcode', symbology: 'CODE128', data }, { type: 'cut' }],
  };
  const renderer = new StarLineRenderer({ paperWidthDots: paperDots });
  for (const token of new StarLineTokenizer().push(encoder.encode(document))) renderer.apply(token);
  return renderer.finish();
}

const barcodes = (printout: Printout): BarcodeItem[] => printout.items.filter((i): i is BarcodeItem => i.kind === 'barcode');
const dots = (b: BarcodeItem): number => (11 * (b.text.length + 2) + 13) * b.moduleWidth;

describe('starLineReceiptCommands', () => {
  it('prints ASCII text only, no Kanji set-up and no logo', () => {
    expect(starLineReceiptCommands.textEncoding('gb18030')).toBe('ascii');
    expect(starLineReceiptCommands.kanjiSetup('shift_jis')).toBeNull();
    expect(starLineReceiptCommands.logo({ width: 8, height: 1, data: Uint8Array.of(0xff) })).toBeNull();
  });

  it('kicks the drawer the same way when the printer is stopped', () => {
    const pulse = { pin: 2 as const, onMs: 100, offMs: 200 };
    expect(starLineReceiptCommands.drawerKick(pulse, true)).toEqual(starDrawerKick(pulse));
  });

  it('keeps a receipt barcode inside the paper: the terminal id of the Linux sample fits with 2-dot modules on 80 mm', () => {
    const terminalId = (
      JSON.parse(readFileSync(new URL('../../../../../build/config-samples/linux.json', import.meta.url), 'utf8')) as {
        terminal: { terminalId: string };
      }
    ).terminal.terminalId;
    const printout = printed(`${terminalId}-1`, 576);
    expect(printout.warnings).toEqual([]);
    const [barcode] = barcodes(printout);
    expect(barcode).toMatchObject({ text: `${terminalId}-1`, moduleWidth: 2 });
    expect(dots(barcode!)).toBeLessThanOrEqual(576);
  });

  it('keeps 3-dot modules where they fit, and prints the data as text when no module fits', () => {
    expect(barcodes(printed('T1-42', 576))[0]).toMatchObject({ moduleWidth: 3 });
    const tooLong = printed('X'.repeat(40), 384);
    expect(barcodes(tooLong)).toEqual([]);
    expect(tooLong.warnings).toEqual([]);
    expect(tooLong.items.some((i) => i.kind === 'line' && i.runs.some((r) => r.text.includes('X'.repeat(30))))).toBe(true);
  });

  it("escapes '%', which Star CODE128 reads as the start of a function code", () => {
    expect(String.fromCharCode(...starBarcode('CODE128', 'A%1', 60))).toContain('A%01\x1e');
    expect(barcodes(printed('A%1', 576))[0]).toMatchObject({ text: 'A%1' });
  });
});

describe('the e-invoice on a Star printer', () => {
  it('prints the Code 39 data as text, and the QR pair as two QR codes one under the other (no raster images)', () => {
    expect(starLineReceiptCommands.barcode('CODE39', '10404UZ176908720122', 60, 384)).toEqual({ text: '10404UZ176908720122' });
    const doc: ReceiptDocument = {
      receiptNo: 1,
      kind: 'sale',
      copyNo: 0,
      training: false,
      width: 32,
      lines: [{ type: 'qr-pair', left: 'L'.repeat(90), right: '**' }],
    };
    const job = new ReceiptEncoder({ commandSet: 'star', encoding: 'ascii', columns: 32, paperDots: 384 }).encode(doc);
    const renderer = new StarLineRenderer({ paperWidthDots: 384 });
    for (const token of new StarLineTokenizer().push(job)) renderer.apply(token);
    const qrs = renderer.finish().items.filter((i) => i.kind === 'qr');
    expect(qrs.map((q) => (q.kind === 'qr' ? q.text : ''))).toEqual(['L'.repeat(90), '**']);
  });
});
