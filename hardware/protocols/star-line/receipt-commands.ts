// How a Star Line Mode printer prints the parts of a receipt that differ from ESC/POS.
import type { ReceiptCommandSet } from '../receipt/command-set.ts';
import { starBarcode, starBarcodeModules, starDrawerKick, starFeedLines, starQrCode, type StarModuleDots } from './commands.ts';

/** The widest module (3 dots, then 2) at which the symbol fits the paper, or null when none does. */
function fittingModule(symbology: 'CODE128' | 'EAN13', data: string, paperDots: number): StarModuleDots | null {
  const modules = starBarcodeModules(symbology, data);
  return ([3, 2] as const).find((dots) => modules * dots <= paperDots) ?? null;
}

export const starLineReceiptCommands: ReceiptCommandSet = {
  // Line Mode text is ANK only: Chinese and Japanese print as '?'.
  textEncoding: () => 'ascii',
  kanjiSetup: () => null,
  // Raster logos are not sent to Star printers.
  logo: () => null,
  barcode(symbology, data, heightDots, paperDots) {
    // Code 39 (the Taiwan e-invoice) is not sent to Star printers: its data prints as text.
    if (symbology === 'CODE39') return { text: data };
    // As on ESC/POS: a barcode wider than the paper prints nothing at all, so use a narrower module or print the data instead.
    const moduleDots = fittingModule(symbology, data, paperDots);
    return moduleDots === null ? { text: data } : { bytes: starBarcode(symbology, data, heightDots, moduleDots) };
  },
  qrCode: (data, moduleSize) => starQrCode(data, moduleSize, 'M'),
  feedLines: starFeedLines,
  // Star has no real-time pulse: ESC BEL / SUB is the only kick.
  drawerKick: (pulse) => starDrawerKick(pulse),
};
