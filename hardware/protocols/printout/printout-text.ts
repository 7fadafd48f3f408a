// A printout as plain text, one paper line per text line: for tests, logs and a terminal preview.
import type { Alignment } from '../escpos/commands.ts';
import { DEFAULT_LINE_SPACING, FONT_CELL, tallestRun, type Printout } from './printout.ts';

/** Terminal columns of a string: East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0x33ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function placeText(text: string, align: Alignment, columns: number): string {
  const width = displayWidth(text);
  const free = Math.max(0, columns - width);
  const pad = align === 'left' ? 0 : align === 'center' ? Math.floor(free / 2) : free;
  return (' '.repeat(pad) + text).trimEnd();
}

function ruleWith(label: string, fill: string, columns: number): string {
  const side = Math.max(2, Math.floor((columns - label.length) / 2));
  return `${fill.repeat(side)}${label}${fill.repeat(Math.max(2, columns - side - label.length))}`;
}

/**
 * The printout as plain text, one paper line per text line: for tests and a terminal preview.
 * Alignment uses `columns` (48 = Font A on 80 mm paper); size and bold are not shown.
 */
export function printoutToText(printout: Printout, columns = Math.floor(printout.paperWidthDots / FONT_CELL.A.width)): string {
  const out: string[] = [];
  for (const item of printout.items) {
    switch (item.kind) {
      case 'line': {
        const text = item.runs.map((r) => r.text).join('');
        if (item.runs.length) out.push(placeText(text, item.align, columns));
        const blank = Math.round((item.advanceDots - tallestRun(item.runs)) / DEFAULT_LINE_SPACING);
        for (let i = 0; i < blank; i++) out.push('');
        break;
      }
      case 'barcode':
        out.push(placeText(`[${item.symbology} ${item.text}]`, item.align, columns));
        break;
      case 'qr':
        out.push(placeText(`[QR ${item.text}]`, item.align, columns));
        break;
      case 'image':
        out.push(placeText(`[image ${item.width * item.scaleX}x${item.height * item.scaleY}]`, item.align, columns));
        break;
      case 'nv-image':
        out.push(placeText(`[NV image ${item.number}]`, item.align, columns));
        break;
      case 'cut':
        out.push(ruleWith(item.partial ? ' partial cut ' : ' CUT ', item.partial ? '-' : '=', columns));
        break;
      case 'drawer-kick':
        out.push(`[drawer kick: pin ${item.pin}, ${item.onMs} ms on / ${item.offMs} ms off${item.realtime ? ', real-time' : ''}]`);
        break;
    }
  }
  if (printout.fault) out.push(`[printer fault at byte ${printout.fault.offset}: ${printout.fault.message}]`);
  return out.join('\n') + '\n';
}
