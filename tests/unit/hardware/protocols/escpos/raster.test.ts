import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BAND_HEIGHT, rasterImage, rowBytes, type MonoBitmap } from '../../../../../hardware/protocols/escpos/raster.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import type { ImageItem } from '../../../../../hardware/protocols/printout/printout.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import type { CommandToken } from '../../../../../hardware/protocols/escpos/tokens.ts';

function bitmap(width: number, height: number, seed = 7): MonoBitmap {
  const data = new Uint8Array(rowBytes(width) * height);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + seed) & 0xff;
  return { width, height, data };
}

/** Reassembles the rows the printer received, band after band. */
function rowsPrinted(stream: Uint8Array): Uint8Array {
  const printout = renderEscPos(stream, { kanjiEncoding: 'big5' });
  expect(printout.fault).toBeNull();
  const images = printout.items as ImageItem[];
  const out = new Uint8Array(images.reduce((n, i) => n + i.data.length, 0));
  let o = 0;
  for (const image of images) {
    out.set(image.data, o);
    o += image.data.length;
  }
  return out;
}

describe('rasterImage', () => {
  it('sends a small logo as one GS v 0 with width in bytes and height in dots', () => {
    const logo = bitmap(20, 3);
    expect([...rasterImage(logo)]).toEqual([0x1d, 0x76, 0x30, 0, 3, 0, 3, 0, ...logo.data]);
    expect([...rasterImage(logo, { scale: 'quadruple' }).slice(0, 4)]).toEqual([0x1d, 0x76, 0x30, 3]);
  });

  it('cuts a tall image into bands and the printer receives every row once, in order', () => {
    const tall = bitmap(576, 300);
    const stream = rasterImage(tall);
    const commands = tokenizeEscPos(stream, { kanjiEncoding: 'big5' }) as CommandToken[];
    expect(commands.map((c) => c.params[3]! + c.params[4]! * 256)).toEqual([
      DEFAULT_BAND_HEIGHT,
      DEFAULT_BAND_HEIGHT,
      300 - 2 * DEFAULT_BAND_HEIGHT,
    ]);
    expect(rowsPrinted(stream)).toEqual(tall.data);
  });

  it('keeps every row for any size and band height (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 64 }),
        (width, height, band) => {
          const image = bitmap(width, height, width + height);
          const stream = rasterImage(image, { bandHeight: band });
          expect(rowsPrinted(stream)).toEqual(image.data);
          expect(tokenizeEscPos(stream, { kanjiEncoding: 'big5' })).toHaveLength(Math.ceil(height / band));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a bitmap whose size and data disagree (it would shear the logo)', () => {
    const invalid = expect.objectContaining({ code: 'printer.invalid-bitmap' });
    expect(() => rasterImage({ width: 16, height: 2, data: new Uint8Array(3) })).toThrow(invalid);
    expect(() => rasterImage({ width: 0, height: 2, data: new Uint8Array(0) })).toThrow(invalid);
    expect(() => rasterImage({ width: 1025, height: 1, data: new Uint8Array(129) })).toThrow(invalid);
    expect(() => rasterImage(bitmap(8, 8), { bandHeight: 0 })).toThrow(expect.objectContaining({ code: 'printer.out-of-range' }));
  });
});
