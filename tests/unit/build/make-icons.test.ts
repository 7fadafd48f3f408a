import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ICNS_TYPES, LINUX_SIZES, writeIcons } from '../../../build/make-icons.ts';

const build = join(import.meta.dirname, '../../../build');

/** Width, height and pixel format of a PNG, after checking its signature, IHDR and that the image data inflates. */
function png(buffer: Buffer): { width: number; height: number; colorType: number } {
  expect([...buffer.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(buffer.toString('latin1', 12, 16)).toBe('IHDR');
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const idat = buffer.indexOf('IDAT', 0, 'latin1');
  const length = buffer.readUInt32BE(idat - 4);
  expect(inflateSync(buffer.subarray(idat + 4, idat + 4 + length)).length).toBe(height * (width * 4 + 1));
  expect(buffer.toString('latin1', buffer.length - 8, buffer.length - 4)).toBe('IEND');
  return { width, height, colorType: buffer[25]! };
}

describe('app icons', () => {
  it('icon.png is a 1024 px RGBA PNG', () => {
    expect(png(readFileSync(join(build, 'icon.png')))).toEqual({ width: 1024, height: 1024, colorType: 6 });
  });

  it.each(LINUX_SIZES)('icons/%ipx is a square PNG of that size', (size) => {
    expect(png(readFileSync(join(build, 'icons', `${size}x${size}.png`)))).toMatchObject({ width: size, height: size });
  });

  it('icon.ico holds 16-64 px bitmaps and a 256 px PNG', () => {
    const ico = readFileSync(join(build, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const size = ico[e] === 0 ? 256 : ico[e]!;
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const image = ico.subarray(offset, offset + length);
      if (size === 256) expect(png(image)).toMatchObject({ width: 256, height: 256 });
      else {
        expect(image.readUInt32LE(0)).toBe(40); // BITMAPINFOHEADER
        expect(image.readInt32LE(4)).toBe(size);
        expect(image.readInt32LE(8)).toBe(size * 2);
        expect(image.readUInt16LE(14)).toBe(32);
      }
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 256]);
  });

  it('icon.icns holds PNG entries up to 1024 px, lengths consistent', () => {
    const icns = readFileSync(join(build, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Array<[string, number]> = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      found.push([type, png(icns.subarray(at + 8, at + length)).width]);
      at += length;
    }
    expect(found).toEqual([...ICNS_TYPES]);
  });

  it('the committed icons are what build/make-icons.ts draws (npm run build:icons)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-icons-'));
    writeIcons(dir);
    for (const file of ['icon.png', 'icon.ico', 'icon.icns', 'icons/16x16.png', 'icons/512x512.png']) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(build, file))), file).toBe(true);
    }
  });
});
