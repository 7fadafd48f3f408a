// The raw ESC/POS commands a receipt needs, with exact bytes. Each returns a fresh
// Uint8Array; a receipt is the concatenation. Text goes through encodePrintText (cjk.ts).
import { PrinterCommandError, assertIntInRange } from '../errors.ts';

export const LF = 0x0a;

/** LF: print the line buffer and feed one line. */
export function lineFeed(): Uint8Array {
  return Uint8Array.of(LF);
}

/** ESC @ (1B 40): clear the buffer and reset every mode to its power-on default. */
export function initialize(): Uint8Array {
  return Uint8Array.of(0x1b, 0x40);
}

export type Alignment = 'left' | 'center' | 'right';

/** ESC a n (1B 61 n). Takes effect only at the start of a line. */
export function align(alignment: Alignment): Uint8Array {
  const n = { left: 0, center: 1, right: 2 }[alignment];
  if (n === undefined)
    throw new PrinterCommandError('printer.out-of-range', `alignment must be left, center or right, got ${String(alignment)}`);
  return Uint8Array.of(0x1b, 0x61, n);
}

/** ESC E n (1B 45 n): emphasized (bold) on or off. */
export function bold(on: boolean): Uint8Array {
  return Uint8Array.of(0x1b, 0x45, on ? 1 : 0);
}

/** ESC - n (1B 2D n): underline off, 1 dot or 2 dots thick. */
export function underline(thickness: 0 | 1 | 2): Uint8Array {
  assertIntInRange('underline thickness', thickness, 0, 2);
  return Uint8Array.of(0x1b, 0x2d, thickness);
}

/** GS B n (1D 42 n): white on black on or off. */
export function reverse(on: boolean): Uint8Array {
  return Uint8Array.of(0x1d, 0x42, on ? 1 : 0);
}

/** GS ! n (1D 21 n): character width and height multipliers, 1-8 each. (2, 2) is "double size". */
export function characterSize(width: number, height: number): Uint8Array {
  assertIntInRange('character width multiplier', width, 1, 8);
  assertIntInRange('character height multiplier', height, 1, 8);
  return Uint8Array.of(0x1d, 0x21, ((width - 1) << 4) | (height - 1));
}

/** ESC d n (1B 64 n): print the line buffer and feed n lines. */
export function feedLines(lines: number): Uint8Array {
  assertIntInRange('feed lines', lines, 0, 255);
  return Uint8Array.of(0x1b, 0x64, lines);
}

/** ESC J n (1B 4A n): print the line buffer and feed n motion units (dots). */
export function feedDots(dots: number): Uint8Array {
  assertIntInRange('feed dots', dots, 0, 255);
  return Uint8Array.of(0x1b, 0x4a, dots);
}

export interface CutOptions {
  /** Partial cut leaves a tab so the receipt does not fall; full cut separates it. */
  partial?: boolean;
  /**
   * Feed this many motion units to the cutter first (GS V 65/66 n), so the last printed line
   * is not cut through. Without it, GS V 0/1 cuts at the current position.
   */
  feedDots?: number;
}

/** GS V m (1D 56 00|01) or GS V m n (1D 56 41|42 n). */
export function cut(options: CutOptions = {}): Uint8Array {
  const partial = options.partial ?? false;
  if (options.feedDots === undefined) return Uint8Array.of(0x1d, 0x56, partial ? 1 : 0);
  assertIntInRange('cut feed (dots)', options.feedDots, 0, 255);
  return Uint8Array.of(0x1d, 0x56, partial ? 66 : 65, options.feedDots);
}

/** FS C n (1C 43 n): Kanji code system of Japanese models; Shift_JIS is what cjk.ts writes. */
export function kanjiCodeSystem(system: 'jis' | 'shift_jis'): Uint8Array {
  return Uint8Array.of(0x1c, 0x43, system === 'shift_jis' ? 1 : 0);
}
