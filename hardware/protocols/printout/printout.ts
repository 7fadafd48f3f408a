// The printout model: what a receipt printer puts on paper (text lines with style and
// alignment, barcodes, QR codes, images, cuts, drawer kicks) and the warnings about what a
// real printer would silently get wrong. The ESC/POS and Star Line Mode renderers both build it.
import type { Alignment } from '../escpos/commands.ts';
import type { HriPosition } from '../escpos/barcode.ts';
import type { QrErrorLevel } from '../escpos/qr-code.ts';
import type { FaultToken } from '../stream-tokens.ts';

export interface TextStyle {
  bold: boolean;
  underline: 0 | 1 | 2;
  /** Character width and height multipliers, 1-8. */
  widthScale: number;
  heightScale: number;
  font: 'A' | 'B';
  reverse: boolean;
}

export interface TextRun {
  text: string;
  style: TextStyle;
  /** Double-byte (Kanji mode) characters: full width, drawn from the Kanji font. */
  kanji: boolean;
}

interface ItemBase {
  /** Byte offset of the command that printed it. */
  offset: number;
}

export interface LineItem extends ItemBase {
  kind: 'line';
  align: Alignment;
  runs: TextRun[];
  /** Paper advance after the line, in dots. A line with no runs is a blank feed. */
  advanceDots: number;
}

export interface BarcodeItem extends ItemBase {
  kind: 'barcode';
  symbology: string;
  /** Data bytes as sent (latin1), including CODE128 code set selectors. */
  data: string;
  /** Human-readable text: CODE128 without selectors, EAN/UPC with check digit. */
  text: string;
  heightDots: number;
  moduleWidth: number;
  hri: HriPosition;
  align: Alignment;
}

export interface QrItem extends ItemBase {
  kind: 'qr';
  data: Uint8Array;
  /** The data as UTF-8 text (what a phone shows when it scans the code). */
  text: string;
  moduleSize: number;
  errorLevel: QrErrorLevel;
  /** Symbol modules, row-major, 1 = dark; size x size. */
  modules: Uint8Array;
  size: number;
  align: Alignment;
}

export interface ImageItem extends ItemBase {
  kind: 'image';
  width: number;
  height: number;
  /** Row-major 1-bit rows, ceil(width / 8) bytes each, MSB leftmost, 1 = black. */
  data: Uint8Array;
  scaleX: 1 | 2;
  scaleY: 1 | 2;
  align: Alignment;
}

export interface NvImageItem extends ItemBase {
  kind: 'nv-image';
  /** Number of the logo stored in the printer (FS p n). */
  number: number;
  align: Alignment;
}

export interface CutItem extends ItemBase {
  kind: 'cut';
  partial: boolean;
  feedDots: number;
}

export interface DrawerKickItem extends ItemBase {
  kind: 'drawer-kick';
  pin: 2 | 5;
  onMs: number;
  offMs: number;
  /** DLE DC4: runs even while the printer is offline. */
  realtime: boolean;
}

export type PrintoutItem = LineItem | BarcodeItem | QrItem | ImageItem | NvImageItem | CutItem | DrawerKickItem;

export type RenderWarningCode =
  | 'render.ignored-mid-line'
  | 'render.unprinted-text-discarded'
  | 'render.unprinted-text-at-end'
  | 'render.cut-with-pending-text'
  | 'render.unmapped-character'
  | 'render.qr-without-data'
  | 'render.qr-data-too-long'
  | 'render.qr-model-1'
  | 'render.image-too-wide'
  | 'render.barcode-too-wide';

export interface RenderWarning {
  code: RenderWarningCode;
  offset: number;
  message: string;
}

export interface Printout {
  items: PrintoutItem[];
  warnings: RenderWarning[];
  /** The tokenizer fault that stopped the stream, if any; nothing after it was printed. */
  fault: FaultToken | null;
  /** Text left in the line buffer at the end: the printer holds it and never prints it. */
  unprinted: string;
  paperWidthDots: number;
}

/** Line spacing after ESC 2 and at power-on, in dots. */
export const DEFAULT_LINE_SPACING = 30;
export const DEFAULT_PAPER_WIDTH = 576;

export const FONT_CELL = { A: { width: 12, height: 24 }, B: { width: 9, height: 17 } } as const;
export const KANJI_CELL = 24;

export const defaultStyle = (): TextStyle => ({ bold: false, underline: 0, widthScale: 1, heightScale: 1, font: 'A', reverse: false });
export const sameStyle = (a: TextStyle, b: TextStyle): boolean =>
  a.bold === b.bold &&
  a.underline === b.underline &&
  a.widthScale === b.widthScale &&
  a.heightScale === b.heightScale &&
  a.font === b.font &&
  a.reverse === b.reverse;

/** Width of one character in dots. */
export function charWidthDots(style: TextStyle, kanji: boolean, rightSpacing = 0): number {
  const base = kanji ? KANJI_CELL : FONT_CELL[style.font].width;
  return (base + rightSpacing) * style.widthScale;
}

/** Height of one character in dots. */
export function charHeightDots(style: TextStyle, kanji: boolean): number {
  return (kanji ? KANJI_CELL : FONT_CELL[style.font].height) * style.heightScale;
}

export function tallestRun(runs: readonly TextRun[]): number {
  let tallest = 0;
  for (const run of runs) tallest = Math.max(tallest, charHeightDots(run.style, run.kanji));
  return tallest;
}
