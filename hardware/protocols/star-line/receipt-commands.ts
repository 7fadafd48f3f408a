// How a Star Line Mode printer prints the parts of a receipt that differ from ESC/POS.
import type { ReceiptCommandSet } from '../receipt/command-set.ts';
import { starBarcode, starDrawerKick, starFeedLines, starQrCode } from './commands.ts';

export const starLineReceiptCommands: ReceiptCommandSet = {
  // Line Mode text is ANK only: Chinese and Japanese print as '?'.
  textEncoding: () => 'ascii',
  kanjiSetup: () => null,
  // Raster logos are not sent to Star printers.
  logo: () => null,
  barcode: (symbology, data, heightDots) => ({ bytes: starBarcode(symbology, data, heightDots) }),
  qrCode: (data, moduleSize) => starQrCode(data, moduleSize, 'M'),
  feedLines: starFeedLines,
  // Star has no real-time pulse: ESC BEL / SUB is the only kick.
  drawerKick: (pulse) => starDrawerKick(pulse),
};
