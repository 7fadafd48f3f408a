// How an ESC/POS printer prints the parts of a receipt that differ from Star Line Mode.
import type { ReceiptCommandSet } from '../receipt/command-set.ts';
import { feedLines, kanjiCodeSystem } from './commands.ts';
import { code128, code39, ean13 } from './barcode.ts';
import { qrCode } from './qr-code.ts';
import { rasterImage } from './raster.ts';
import { drawerKick, realtimeDrawerKick } from './drawer.ts';

/** Dots of a CODE39 symbol at narrow width 1 (wide 3, as Epson prints GS w 1): 16 a character with its gap, start and stop included. */
function code39Dots(data: string): number {
  return 16 * (data.length + 2) - 1;
}

/** Modules of a CODE128 code set B symbol: start, data ('{' doubled), check, stop. */
function code128Modules(data: string): number {
  const chars = [...data.replaceAll('{', '{{')].length;
  return 11 * (chars + 2) + 13;
}

export const escPosReceiptCommands: ReceiptCommandSet = {
  textEncoding: (configured) => configured,
  kanjiSetup: (encoding) => (encoding === 'shift_jis' ? kanjiCodeSystem('shift_jis') : null),
  logo: (bitmap) => rasterImage(bitmap),
  barcode(symbology, data, heightDots, paperDots) {
    if (symbology === 'EAN13') return { bytes: ean13(data, { heightDots, moduleWidth: 2, hri: 'below' }) };
    if (symbology === 'CODE39') {
      // The narrowest bars that print well (1 dot = 0.125 mm), so 19 characters fit 57 mm with their quiet zones.
      if (code39Dots(data) + 20 > paperDots) return { text: data };
      return { bytes: code39(data, { heightDots, moduleWidth: 1, hri: 'below' }) };
    }
    // A barcode wider than the paper prints nothing at all: print the data instead.
    if (code128Modules(data) * 2 > paperDots) return { text: data };
    return { bytes: code128(data, { heightDots, moduleWidth: 2, hri: 'below' }) };
  },
  qrCode: (data, moduleSize) => qrCode(data, { moduleSize, errorLevel: 'M' }),
  feedLines,
  // DLE DC4 works while the printer is offline; its pulse is whole 100 ms steps.
  drawerKick: (pulse, realtime) =>
    realtime ? realtimeDrawerKick(pulse.pin, Math.min(800, Math.max(100, Math.round(pulse.onMs / 100) * 100))) : drawerKick(pulse),
};
