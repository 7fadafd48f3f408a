// A store logo for the top of the receipt: a PNG turned into a 1-bit image for GS v 0.
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { MonoBitmap } from '../protocols/escpos/raster.ts';
import { PrinterCommandError } from '../protocols/errors.ts';
import { errorWithCode } from '../error-message.ts';

/** Dark (luminance < 50 %) opaque pixels print black; transparent ones stay white. */
export function monoBitmapFromPng(png: Uint8Array, maxWidthDots: number): MonoBitmap {
  let image: PNG;
  try {
    image = PNG.sync.read(Buffer.from(png));
  } catch (e) {
    throw new PrinterCommandError('printer.invalid-bitmap', `the logo is not a readable PNG: ${errorWithCode(e)}`);
  }
  if (image.width > maxWidthDots) {
    throw new PrinterCommandError('printer.invalid-bitmap', `the logo is ${image.width} dots wide; the paper prints ${maxWidthDots}`);
  }
  const stride = Math.ceil(image.width / 8);
  const data = new Uint8Array(stride * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const [r, g, b, a] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
      if (a > 127 && 0.2126 * r + 0.7152 * g + 0.0722 * b < 128) {
        const at = y * stride + (x >> 3);
        data[at] = data[at]! | (0x80 >> (x & 7));
      }
    }
  }
  return { width: image.width, height: image.height, data };
}

export function loadLogo(file: string, maxWidthDots: number): MonoBitmap {
  return monoBitmapFromPng(readFileSync(file), maxWidthDots);
}
