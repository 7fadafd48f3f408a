// QR codes with GS ( k (cn = 49): model 2, module size, error correction, store, print.
// The printer builds the symbol itself; we send the data bytes exactly as given.
import { PrinterCommandError, assertIntInRange } from '../errors.ts';

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** Module (dot) size in printer dots, 1-16. 4 scans well on 180-203 dpi paper. */
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

const LEVEL_BYTE: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** Version 40 byte-mode capacity per level: a printer rejects (prints nothing for) more. */
export const QR_MAX_BYTES: Record<QrErrorLevel, number> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

/**
 * Byte-mode capacity of each version (1-40) at level M (ISO/IEC 18004 table 7). A printer's
 * GS ( k, like any encoder, uses the smallest version that holds the data.
 */
const BYTE_CAPACITY_M = [
  14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190,
  1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
] as const;

/**
 * Modules per side of the level-M QR symbol for `byteLength` bytes of data (21 for version 1,
 * 4 more per version), without building it: enough to choose a module size that fits the paper.
 */
export function qrSymbolModules(byteLength: number): number {
  const version = BYTE_CAPACITY_M.findIndex((capacity) => byteLength <= capacity) + 1;
  if (version === 0)
    throw new PrinterCommandError('printer.qr-data-too-long', `QR data is ${byteLength} bytes; level M holds at most ${QR_MAX_BYTES.M}`);
  return 17 + 4 * version;
}

/** GS ( k pL pH cn fn [params] */
function qrFunction(fn: number, params: readonly number[]): number[] {
  const p = params.length + 2;
  return [0x1d, 0x28, 0x6b, p & 0xff, p >> 8, 49, fn, ...params];
}

/** All five functions in order: select model 2, module size, error level, store data, print. */
export function qrCode(data: string | Uint8Array, options: QrOptions = {}): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const size = options.moduleSize ?? 4;
  const level = options.errorLevel ?? 'M';
  assertIntInRange('QR module size (dots)', size, 1, 16);
  const levelByte = LEVEL_BYTE[level];
  if (levelByte === undefined)
    throw new PrinterCommandError('printer.out-of-range', `QR error level must be L, M, Q or H, got ${String(level)}`);
  if (bytes.length === 0) throw new PrinterCommandError('printer.qr-data-too-long', 'QR data is empty');
  if (bytes.length > QR_MAX_BYTES[level]) {
    throw new PrinterCommandError(
      'printer.qr-data-too-long',
      `QR data is ${bytes.length} bytes; level ${level} holds at most ${QR_MAX_BYTES[level]}`,
    );
  }
  return Uint8Array.from([
    ...qrFunction(65, [50, 0]), // fn 165: model 2
    ...qrFunction(67, [size]), // fn 167: module size
    ...qrFunction(69, [levelByte]), // fn 169: error correction level
    ...qrFunction(80, [48, ...bytes]), // fn 180: store data
    ...qrFunction(81, [48]), // fn 181: print the stored symbol
  ]);
}
