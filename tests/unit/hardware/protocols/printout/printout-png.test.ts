import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { printoutToPng } from '../../../../../hardware/protocols/printout/printout-png.ts';
import { renderEscPos, type RenderOptions } from '../../../../../hardware/protocols/escpos/render.ts';
import { align, characterSize, cut, feedLines, initialize, lineFeed } from '../../../../../hardware/protocols/escpos/commands.ts';
import { encodePrintText } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { code128, ean13 } from '../../../../../hardware/protocols/escpos/barcode.ts';
import { qrCode } from '../../../../../hardware/protocols/escpos/qr-code.ts';
import { rasterImage } from '../../../../../hardware/protocols/escpos/raster.ts';
import { ZBARIMG_MISSING, bytes, zbarBinary, zbarSymbols, zbarimgAvailable } from '../../../../helpers/escpos.ts';

const BIG5: RenderOptions = { kanjiEncoding: 'big5' };
const png = (stream: Uint8Array, options: RenderOptions = BIG5): Uint8Array => printoutToPng(renderEscPos(stream, options));

function receiptWith(...symbols: Uint8Array[]): Uint8Array {
  return bytes(
    initialize(),
    align('center'),
    characterSize(2, 2),
    encodePrintText('茶館 Tea House', 'big5'),
    lineFeed(),
    characterSize(1, 1),
    encodePrintText('Oolong tea x2  NT$36', 'big5'),
    lineFeed(),
    ...symbols,
    feedLines(3),
    cut(),
  );
}

// Without zbarimg these tests are skipped, and the skipped suite's name says why.
describe.skipIf(!zbarimgAvailable)(
  zbarimgAvailable ? 'PNG symbols decode with zbarimg' : `PNG symbols decode with zbarimg: SKIPPED, ${ZBARIMG_MISSING}`,
  () => {
    it('the receipt QR code scans back to exactly the bytes sent', () => {
      const link = 'https://verify.tillproof.example/r/T01-000123?sig=MEUCIQDx3f0-_Z9';
      const decoded = zbarBinary(png(receiptWith(qrCode(link, { moduleSize: 4, errorLevel: 'M' }))));
      expect(Buffer.from(decoded).toString('utf8')).toBe(link);
    });

    it('a QR code with Chinese UTF-8 text scans back, at module sizes 3-8 and every error level', () => {
      const text = 'Tillproof 收據 T01-000123 烏龍茶 NT$36';
      for (const [moduleSize, errorLevel] of [
        [3, 'L'],
        [4, 'M'],
        [6, 'Q'],
        [8, 'H'],
      ] as const) {
        const decoded = zbarBinary(png(receiptWith(qrCode(text, { moduleSize, errorLevel }))));
        expect(Buffer.from(decoded).toString('utf8')).toBe(text);
      }
    });

    it('a long signed payload (800 bytes, level L) still scans', () => {
      const payload = `TP1.${'A1b2C3d4'.repeat(100)}`;
      expect(Buffer.from(zbarBinary(png(qrCode(payload, { moduleSize: 3, errorLevel: 'L' })))).toString('utf8')).toBe(payload);
    });

    it('a left-aligned QR code on 58 mm paper keeps its quiet zone and scans', () => {
      const stream = bytes(align('left'), qrCode('58mm', { moduleSize: 3 }));
      expect(Buffer.from(zbarBinary(png(stream, { kanjiEncoding: 'gb18030', paperWidthDots: 384 }))).toString('utf8')).toBe('58mm');
    });

    it('EAN-13 and CODE128 bars are real and scan to the printed numbers', () => {
      const symbols = zbarSymbols(png(receiptWith(code128('T01-000123{A}'), lineFeed(), ean13('471234567890'))));
      expect(symbols.sort()).toEqual(['CODE-128:T01-000123{A}', 'EAN-13:4712345678900']);
    });

    it('finds no symbol in a receipt without one (the decoder is not guessing)', () => {
      expect(zbarSymbols(png(receiptWith()))).toEqual([]);
    });
  },
);

describe('printoutToPng', () => {
  it('is one pixel per printer dot: 576-dot paper plus a 16-pixel margin each side', () => {
    const image = PNG.sync.read(Buffer.from(png(receiptWith())));
    expect(image.width).toBe(576 + 32);
    const narrow = PNG.sync.read(Buffer.from(png(receiptWith(), { kanjiEncoding: 'big5', paperWidthDots: 384 })));
    expect(narrow.width).toBe(384 + 32);
  });

  it('draws a raster image dot for dot where the printer would put it', () => {
    // A 16x4 checker of 4x1 blocks, left aligned, as the first item.
    const data = Uint8Array.of(0xf0, 0xf0, 0x0f, 0x0f, 0xf0, 0xf0, 0x0f, 0x0f);
    const image = PNG.sync.read(Buffer.from(png(rasterImage({ width: 16, height: 4, data }))));
    const black = (x: number, y: number): boolean => image.data[(y * image.width + x) * 4] === 0;
    for (let y = 0; y < 4; y++) {
      const row: boolean[] = [];
      for (let x = 0; x < 16; x++) row.push(black(16 + x, 16 + y));
      const bits = ((data[y * 2]! << 8) | data[y * 2 + 1]!).toString(2).padStart(16, '0');
      expect(row.map((b) => (b ? '1' : '0')).join('')).toBe(bits);
    }
    expect(black(16 + 16, 16)).toBe(false);
  });

  it('grows with the receipt: more lines, taller paper', () => {
    const short = PNG.sync.read(Buffer.from(png(bytes(encodePrintText('one', 'big5'), lineFeed()))));
    const long = PNG.sync.read(Buffer.from(png(bytes(encodePrintText('one', 'big5'), lineFeed(), feedLines(10)))));
    expect(long.height - short.height).toBe(300);
  });
});
