// Raster images (logos, signatures) with GS v 0, cut into horizontal bands. One GS v 0 for a
// whole logo can exceed the printer's receive buffer or its per-command height limit; the
// printer then drops or garbles the image. Bands of a bounded size print one after another
// with no gap, because GS v 0 advances the paper by exactly the band height.
import { PrinterCommandError, assertIntInRange } from '../errors.ts';

/** A 1-bit image: rows top to bottom, ceil(width / 8) bytes per row, most significant bit leftmost, 1 = black. */
export interface MonoBitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export type RasterScale = 'normal' | 'double-width' | 'double-height' | 'quadruple';

export interface RasterOptions {
  /** Rows per GS v 0 command, 1-2303. */
  bandHeight?: number;
  scale?: RasterScale;
}

const SCALE_BYTE: Record<RasterScale, number> = { normal: 0, 'double-width': 1, 'double-height': 2, quadruple: 3 };

/** 128 bytes = 1024 dots, wider than any receipt printer head. */
export const MAX_RASTER_WIDTH_BYTES = 128;
export const MAX_RASTER_BAND_HEIGHT = 2303;
/** 128 rows of a full-width 80 mm image is 9 KB, well inside every receive buffer we support. */
export const DEFAULT_BAND_HEIGHT = 128;

export function rowBytes(width: number): number {
  return Math.ceil(width / 8);
}

function checkBitmap(bitmap: MonoBitmap): void {
  if (!Number.isInteger(bitmap.width) || bitmap.width < 1 || bitmap.width > MAX_RASTER_WIDTH_BYTES * 8) {
    throw new PrinterCommandError(
      'printer.invalid-bitmap',
      `image width must be 1-${MAX_RASTER_WIDTH_BYTES * 8} dots, got ${bitmap.width}`,
    );
  }
  if (!Number.isInteger(bitmap.height) || bitmap.height < 1) {
    throw new PrinterCommandError('printer.invalid-bitmap', `image height must be at least 1 dot, got ${bitmap.height}`);
  }
  const expected = rowBytes(bitmap.width) * bitmap.height;
  if (bitmap.data.length !== expected) {
    throw new PrinterCommandError(
      'printer.invalid-bitmap',
      `a ${bitmap.width}x${bitmap.height} image has ${expected} bytes, got ${bitmap.data.length}`,
    );
  }
}

/** GS v 0 m xL xH yL yH d1..dk per band; x is in bytes, y in dots. */
export function rasterImage(bitmap: MonoBitmap, options: RasterOptions = {}): Uint8Array {
  checkBitmap(bitmap);
  const band = options.bandHeight ?? DEFAULT_BAND_HEIGHT;
  assertIntInRange('raster band height (rows)', band, 1, MAX_RASTER_BAND_HEIGHT);
  const m = SCALE_BYTE[options.scale ?? 'normal'];
  if (m === undefined) {
    const scales = 'normal, double-width, double-height or quadruple';
    throw new PrinterCommandError('printer.out-of-range', `raster scale must be ${scales}, got ${String(options.scale)}`);
  }
  const x = rowBytes(bitmap.width);
  const bands = Math.ceil(bitmap.height / band);
  const out = new Uint8Array(bands * 8 + bitmap.data.length);
  let o = 0;
  for (let top = 0; top < bitmap.height; top += band) {
    const rows = Math.min(band, bitmap.height - top);
    out.set([0x1d, 0x76, 0x30, m, x & 0xff, x >> 8, rows & 0xff, rows >> 8], o);
    o += 8;
    out.set(bitmap.data.subarray(top * x, (top + rows) * x), o);
    o += rows * x;
  }
  return out;
}
