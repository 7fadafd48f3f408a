// npm run build:icons: draws the placeholder app icon (a receipt on a teal tile) and writes it
// in every format the installers use, with no image tools:
//   build/icon.png (1024, Linux and the source electron-builder falls back to),
//   build/icons/NxN.png (the Linux icon set), build/icon.ico (Windows: BMP 16-64 + PNG 256),
//   build/icon.icns (macOS: PNG-backed ic07-ic14 entries, so no conversion on the Mac).
// The files are committed; rerun this only when the drawing changes.
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD = dirname(fileURLToPath(import.meta.url));

type Rgba = [number, number, number, number];
const TEAL: Rgba = [15, 118, 110, 255];
const INK: Rgba = [19, 78, 74, 255];
const PAPER: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function insideRoundedRect(u: number, v: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}

/** The drawing, in unit coordinates (0..1, y down). */
function shade(u: number, v: number): Rgba {
  if (!insideRoundedRect(u, v, 0.04, 0.04, 0.96, 0.96, 0.2)) return CLEAR;
  // A receipt with a torn (zig-zag) bottom edge.
  const tooth = 0.05;
  const phase = ((((u - 0.3) / tooth) % 1) + 1) % 1;
  const bottom = 0.8 - 0.035 * Math.abs(phase * 2 - 1);
  if (u >= 0.3 && u <= 0.7 && v >= 0.16 && v <= bottom) {
    const line = (y: number, x1: number) => v >= y && v <= y + 0.035 && u >= 0.36 && u <= x1;
    if (line(0.27, 0.64) || line(0.36, 0.6) || line(0.45, 0.64) || line(0.54, 0.52)) return INK;
    if (v >= 0.64 && v <= 0.7 && u >= 0.36 && u <= 0.64) return TEAL;
    return PAPER;
  }
  return TEAL;
}

/** RGBA pixels of the icon at `size`, 4x4 supersampled. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (y * size + x) * 4;
      pixels[o] = a ? Math.round(r / a) : 0;
      pixels[o + 1] = a ? Math.round(g / a) : 0;
      pixels[o + 2] = a ? Math.round(b / a) : 0;
      pixels[o + 3] = Math.round(a / (n * n));
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP (DIB) icon image: BITMAPINFOHEADER, bottom-up BGRA, an all-zero AND mask. */
function encodeIcoBitmap(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND masks
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = ((size - 1 - y) * size + x) * 4;
      const to = (y * size + x) * 4;
      xor[to] = pixels[from + 2]!;
      xor[to + 1] = pixels[from + 1]!;
      xor[to + 2] = pixels[from]!;
      xor[to + 3] = pixels[from + 3]!;
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, xor, Buffer.alloc(maskRow * size)]);
}

export function encodeIco(images: Array<{ size: number; data: Buffer }>): Buffer {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach((image, i) => {
    const e = 6 + 16 * i;
    dir[e] = image.size >= 256 ? 0 : image.size;
    dir[e + 1] = image.size >= 256 ? 0 : image.size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(image.data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += image.data.length;
  });
  return Buffer.concat([dir, ...images.map((i) => i.data)]);
}

/** ICNS entries backed by PNG data, by OSType and pixel size. */
export const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size}px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

export function writeIcons(dir: string = BUILD): void {
  const sizes = [...new Set([...LINUX_SIZES, 24])];
  const png = new Map<number, Buffer>();
  const rgba = new Map<number, Uint8Array>();
  for (const size of sizes) {
    const pixels = drawIcon(size);
    rgba.set(size, pixels);
    png.set(size, encodePng(size, pixels));
  }
  mkdirSync(join(dir, 'icons'), { recursive: true });
  writeFileSync(join(dir, 'icon.png'), png.get(1024)!);
  for (const size of LINUX_SIZES) writeFileSync(join(dir, 'icons', `${size}x${size}.png`), png.get(size)!);
  const ico = [16, 24, 32, 48, 64].map((size) => ({ size, data: encodeIcoBitmap(size, rgba.get(size)!) }));
  writeFileSync(join(dir, 'icon.ico'), encodeIco([...ico, { size: 256, data: png.get(256)! }]));
  writeFileSync(join(dir, 'icon.icns'), encodeIcns(png));
}

if (import.meta.main) {
  writeIcons();
  console.log('wrote build/icon.png, build/icons/*.png, build/icon.ico, build/icon.icns');
}
