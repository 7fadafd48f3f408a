// Star Line Mode commands we build ourselves because node-thermal-printer 4.6 gets them wrong:
// its Star printBarcode() writes the data twice, its Star printQR() defaults to model 1 and
// omits the data command prefix (ESC GS y D 1 0), and its openCashDrawer() cannot choose the
// drawer or the pulse. Text styling, cuts and line feeds it does build correctly, and the
// encoder uses those (protocols/receipt/thermal-job.ts).
import type { DrawerPulse } from '../escpos/drawer.ts';
import { PrinterCommandError } from '../errors.ts';
import type { QrErrorLevel } from '../escpos/qr-code.ts';

const ESC = 0x1b;
const GS = 0x1d;

/** ESC BEL n1 n2 (on/off in 10 ms units) then BEL drives drawer 1 (pin 2); SUB drives drawer 2 (pin 5) with its fixed pulse. */
export function starDrawerKick(pulse: DrawerPulse): Uint8Array {
  if (pulse.pin === 5) return Uint8Array.of(0x1a);
  const units = (ms: number): number => Math.min(127, Math.max(1, Math.round(ms / 10)));
  return Uint8Array.of(ESC, 0x07, units(pulse.onMs), units(pulse.offMs), 0x07);
}

/** ESC a n: feed n lines. */
export function starFeedLines(lines: number): Uint8Array {
  if (!Number.isInteger(lines) || lines < 1 || lines > 127)
    throw new PrinterCommandError('printer.out-of-range', `feed lines must be 1-127, got ${lines}`);
  return Uint8Array.of(ESC, 0x61, lines);
}

/** Star module widths: ESC b n3 = 1, 2, 3 print 2, 3, 4-dot modules. */
export type StarModuleDots = 2 | 3 | 4;

/** Modules of a symbol as Star prints it: EAN-13 95; CODE128 start, data (code set B at worst), check, stop. */
export function starBarcodeModules(symbology: 'CODE128' | 'EAN13', data: string): number {
  return symbology === 'EAN13' ? 95 : 11 * (data.length + 2) + 13;
}

/** Star CODE128 data: '%' starts a two-byte code (%0 is '%', %1-%4 FNC1-4, %6-%8 start codes), so a data '%' goes out as %0. */
export function starCode128Data(data: string): string {
  return data.replaceAll('%', '%0');
}

/** ESC b n1 n2 n3 n4 data RS: n1 3 = EAN-13, 6 = CODE128; n2 2 = digits under the bars, then LF; n3 the module width. */
export function starBarcode(symbology: 'CODE128' | 'EAN13', data: string, heightDots = 60, moduleDots: StarModuleDots = 3): Uint8Array {
  if (!/^[\x20-\x7e]+$/.test(data) || data.length > 255) {
    throw new PrinterCommandError('printer.invalid-barcode-data', 'barcode data must be 1-255 printable ASCII characters');
  }
  if (symbology === 'EAN13' && !/^\d{12,13}$/.test(data))
    throw new PrinterCommandError('printer.invalid-barcode-data', 'EAN-13 needs 12 or 13 digits');
  const sent = symbology === 'CODE128' ? starCode128Data(data) : data;
  if (sent.length > 255)
    throw new PrinterCommandError('printer.invalid-barcode-data', 'barcode data is longer than 255 bytes once escaped');
  const type = symbology === 'EAN13' ? 3 : 6;
  return Uint8Array.from([ESC, 0x62, type, 2, moduleDots - 1, heightDots, ...[...sent].map((c) => c.charCodeAt(0)), 0x1e]);
}

const STAR_LEVEL: Record<QrErrorLevel, number> = { L: 0, M: 1, Q: 2, H: 3 };

/** ESC GS y S 0 2 (model 2), ESC GS y S 1 n (level), ESC GS y S 2 n (cell), ESC GS y D 1 0 nL nH data, ESC GS y P. */
export function starQrCode(data: string, cellSize: number, level: QrErrorLevel = 'M'): Uint8Array {
  const bytes = new TextEncoder().encode(data);
  if (bytes.length < 1 || bytes.length > 7089)
    throw new PrinterCommandError('printer.qr-data-too-long', `QR data is ${bytes.length} bytes`);
  const cell = Math.min(8, Math.max(1, cellSize));
  return Uint8Array.from([
    ESC,
    GS,
    0x79,
    0x53,
    0x30,
    2,
    ESC,
    GS,
    0x79,
    0x53,
    0x31,
    STAR_LEVEL[level],
    ESC,
    GS,
    0x79,
    0x53,
    0x32,
    cell,
    ESC,
    GS,
    0x79,
    0x44,
    0x31,
    0,
    bytes.length & 0xff,
    bytes.length >> 8,
    ...bytes,
    ESC,
    GS,
    0x79,
    0x50,
    0x0a,
  ]);
}
