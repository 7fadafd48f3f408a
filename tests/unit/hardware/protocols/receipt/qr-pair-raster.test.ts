import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { QR_PAIR_MAX_WIDTH_DOTS, qrPairBitmap } from '../../../../../hardware/protocols/receipt/qr-pair-raster.ts';
import { ZBARIMG_MISSING, zbarBinary, zbarimgAvailable } from '../../../../helpers/escpos.ts';

/** Columns [from, to) of the bitmap as a PNG with a white border (zbarimg reads one code at a time, byte for byte). */
function toPng(bitmap: { width: number; height: number; data: Uint8Array }, from = 0, to = bitmap.width): Uint8Array {
  const png = new PNG({ width: bitmap.width + 32, height: bitmap.height + 32, colorType: 0 });
  png.data.fill(255);
  const rowBytes = Math.ceil(bitmap.width / 8);
  for (let y = 0; y < bitmap.height; y++)
    for (let x = from; x < to; x++)
      if (bitmap.data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7))) {
        const i = ((y + 16) * png.width + x + 16) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
  return PNG.sync.write(png, { colorType: 0 });
}

describe('two QR codes side by side', () => {
  it('are the same version, at least 6, and each at least 1.5 cm on 203 dpi paper, within 57 mm', () => {
    const { bitmap, version, moduleDots } = qrPairBitmap('A'.repeat(100), '**', 576);
    expect(bitmap.width).toBe(QR_PAIR_MAX_WIDTH_DOTS);
    expect(version).toBe(6);
    expect((17 + 4 * version) * moduleDots).toBeGreaterThanOrEqual(120); // 15 mm at 8 dots/mm
  });

  it('grow together to the version the longer one needs, and shrink their modules to stay on the paper', () => {
    const small = qrPairBitmap('x', 'y'.repeat(220), 384);
    expect(small.version).toBe(9);
    expect(small.moduleDots).toBe(3);
    expect(2 * 53 * 3 + 3 * 16).toBeLessThanOrEqual(384);
  });

  it.skipIf(!zbarimgAvailable)('both scan back', () => {
    const left = 'AB112233441020523999900000144000001540000000001234567ydXZt4LAN1UHN/j1juVcRA==:**********:3:3:1:乾電池:1:105:';
    const right = '**口罩:1:210:牛奶:1:25';
    const { bitmap } = qrPairBitmap(left, right, 384);
    // Each half on its own, read as bytes: zbarimg would otherwise guess Shift_JIS for the short right one.
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(text(zbarBinary(toPng(bitmap, 0, 192)))).toBe(left);
    expect(text(zbarBinary(toPng(bitmap, 192, 384)))).toBe(right);
  });
  it.skipIf(zbarimgAvailable)(ZBARIMG_MISSING, () => {});
});
