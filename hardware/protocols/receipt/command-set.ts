// What differs between command sets when a receipt is encoded. The receipt encoder walks the
// document once; each command set says how its printer prints a barcode, a QR code, a feed and
// a drawer kick, and which text it can print at all. Text styles and cuts come from
// node-thermal-printer (thermal-job.ts), which builds those right for both.
import type { DeviceEncoding } from '../../../core/config/devices.ts';
import type { DrawerPulse } from '../escpos/drawer.ts';
import type { MonoBitmap } from '../escpos/raster.ts';

export type CommandSet = 'escpos' | 'star';

/** A barcode as the printer gets it: its command bytes, or its data as a text line when the symbol would not fit the paper. */
export type BarcodeOutput = { bytes: Uint8Array } | { text: string };

export interface ReceiptCommandSet {
  /** The encoding text is printed in (Star Line Mode prints ASCII only, whatever the printer's Kanji font). */
  textEncoding(configured: DeviceEncoding): DeviceEncoding;
  /** Bytes after ESC @ that select how double-byte text is read (Shift_JIS needs FS C 1), or null. */
  kanjiSetup(encoding: DeviceEncoding): Uint8Array | null;
  /** The store logo as printed at the top of the receipt, or null when the command set prints none. */
  logo(bitmap: MonoBitmap): Uint8Array | null;
  barcode(symbology: 'CODE128' | 'EAN13' | 'CODE39', data: string, heightDots: number, paperDots: number): BarcodeOutput;
  qrCode(data: string, moduleSize: number): Uint8Array;
  feedLines(lines: number): Uint8Array;
  /** `realtime`: the printer is stopped (paper out), so use the pulse it runs even then, if it has one. */
  drawerKick(pulse: DrawerPulse, realtime: boolean): Uint8Array;
}
