// Two QR codes side by side as one raster image. ESC/POS prints a native QR code on a line of
// its own, so the Taiwan e-invoice's pair (left and right, top-aligned, the same size) is drawn
// here and sent as one GS v 0 image. Both symbols get the same version, the smallest that holds
// both at error correction level L and at least version 6 (the spec's minimum), and the widest
// module that fits them with 2 mm of white around each (the spec's 0.2 cm).
import QRCode from 'qrcode';
import type { MonoBitmap } from '../escpos/raster.ts';

/** The narrowest paper the pair is laid out for: 57 mm paper prints 384 dots at 203 dpi. */
export const QR_PAIR_MAX_WIDTH_DOTS = 384;
/** 2 mm at 8 dots/mm: the white the spec asks around each code. */
const QUIET_DOTS = 16;
const MIN_VERSION = 6;
const MAX_VERSION = 40;

export interface QrPairLayout {
  bitmap: MonoBitmap;
  version: number;
  moduleDots: number;
}

function bytesOf(data: string): Uint8Array {
  return new TextEncoder().encode(data);
}

function symbol(data: string, version: number): QRCode.QRCode {
  return QRCode.create([{ data: bytesOf(data), mode: 'byte' }], { version, errorCorrectionLevel: 'L' });
}

/** The smallest version (6 or more) holding both at level L; throws when one does not fit any. */
function commonVersion(left: string, right: string): number {
  const auto = (data: string) => QRCode.create([{ data: bytesOf(data), mode: 'byte' }], { errorCorrectionLevel: 'L' }).version;
  return Math.min(MAX_VERSION, Math.max(MIN_VERSION, auto(left), auto(right)));
}

/** Both codes in one image `widthDots` wide (at most 384), centred, with white around each. */
export function qrPairBitmap(left: string, right: string, widthDots: number): QrPairLayout {
  const width = Math.min(widthDots, QR_PAIR_MAX_WIDTH_DOTS);
  const version = commonVersion(left, right);
  const symbols = [symbol(left, version), symbol(right, version)];
  const size = symbols[0]!.modules.size;
  const moduleDots = Math.floor((width - 3 * QUIET_DOTS) / (2 * size));
  if (moduleDots < 1) throw new Error(`two version-${version} QR codes do not fit ${width} dots`);
  const side = size * moduleDots;
  // The white left over is shared out: margins and the gap between get a third each.
  const gap = Math.floor((width - 2 * side) / 3);
  const height = side + 2 * QUIET_DOTS;
  const rowBytes = Math.ceil(width / 8);
  const data = new Uint8Array(rowBytes * height);
  symbols.forEach((s, i) => {
    const x0 = gap + i * (side + gap);
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) {
        if (!s.modules.get(r, c)) continue;
        for (let dy = 0; dy < moduleDots; dy++)
          for (let dx = 0; dx < moduleDots; dx++) {
            const x = x0 + c * moduleDots + dx;
            const y = QUIET_DOTS + r * moduleDots + dy;
            data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
          }
      }
  });
  return { bitmap: { width, height, data }, version, moduleDots };
}
