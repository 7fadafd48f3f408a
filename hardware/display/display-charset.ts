// The customer display's character set. A Taiwanese (Big5) pole display has the CP950 table in
// its font, as Taiwanese printers do, so the display uses the printers' encoder: CP950 for "big5"
// (never iconv-lite's Big5-HKSCS), double-byte runs in FS & ... FS . (Kanji mode, as on Epson
// DM-D displays), '?' for what the code page cannot say. Columns are measured the way it shows them.
import type { DeviceEncoding } from '../../core/config/devices.ts';
import { printerCharset, type PrinterCharset } from '../protocols/text/layout.ts';

/** Display bytes for data text in CP950: ASCII single bytes, double-byte runs in Kanji mode, '?' for the rest. */
export function encodeCp950Display(text: string): Uint8Array {
  return displayCharset('big5').encode(text);
}

/** The character set a display of this encoding shows text in. */
export function displayCharset(encoding: DeviceEncoding): PrinterCharset {
  return printerCharset(encoding);
}
