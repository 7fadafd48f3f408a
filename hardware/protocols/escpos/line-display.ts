// The ESC/POS line display commands of customer (pole) displays (Epson DM-D and compatibles):
// ESC @ initialise, US $ x y move the cursor; text overwrites in place. Text goes through the
// display's charset (text/layout.ts), so control bytes from data never reach the display.
import type { PrinterCharset } from '../text/layout.ts';

/** ESC @: initialise (clears the screen, cursor home). */
export const DISPLAY_INIT: readonly number[] = [0x1b, 0x40];

/** US $ x y: cursor to column x, row y (both from 1). */
export function displayCursor(column: number, row: number): Uint8Array {
  return Uint8Array.of(0x1f, 0x24, column, row);
}

/** The bytes that put `lines` on the display. */
export function displayBytes(lines: readonly string[], charset: PrinterCharset): Uint8Array {
  const parts: number[] = [];
  lines.forEach((line, i) => {
    parts.push(...displayCursor(1, i + 1), ...charset.encode(line));
  });
  return Uint8Array.from(parts);
}
