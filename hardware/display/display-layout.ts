// What a 2 x 20 customer display shows: the last item and its amount on top, the total below,
// laid out by display columns (a CJK character takes two). A display without CJK characters
// shows the item's Latin name instead, or the name with '?' for what it cannot show.
import type { CustomerDisplayContent } from '../../core/ports/customer-display.ts';
import { pairColumns, toAsciiText, truncateColumns, textColumns, type PrinterCharset } from '../protocols/text/layout.ts';
import { displayCharset } from './display-charset.ts';
import type { DeviceEncoding } from '../../core/config/devices.ts';

export interface DisplayGeometry {
  columns: number;
  rows: 1 | 2;
  encoding: DeviceEncoding;
}

/** A name the display can show: on ASCII displays, the Latin name when the name itself does not fit the character set. */
function displayName(name: string, latinName: string | undefined, charset: PrinterCharset): string {
  if (charset.encoding !== 'ascii') return name;
  const ascii = toAsciiText(name);
  if (!ascii.includes('?') || !latinName) return ascii;
  return toAsciiText(latinName);
}

/** One display line of exactly `columns` columns: left text cut to leave room for the right text. */
function fitPair(left: string, right: string, columns: number, charset: PrinterCharset): string {
  const rw = textColumns(right, charset);
  if (rw >= columns) return truncateColumns(right, columns, charset);
  const l = truncateColumns(left, Math.max(0, columns - rw - (right ? 1 : 0)), charset);
  return pairColumns(l, right, columns, charset)[0] ?? '';
}

function pad(text: string, columns: number, charset: PrinterCharset): string {
  const t = truncateColumns(text, columns, charset);
  return t + ' '.repeat(Math.max(0, columns - textColumns(t, charset)));
}

/** The display's lines, each exactly `columns` columns wide. */
export function layoutDisplay(content: CustomerDisplayContent, geometry: DisplayGeometry): string[] {
  const charset = displayCharset(geometry.encoding);
  const text = (s: string): string => (geometry.encoding === 'ascii' ? toAsciiText(s) : s);
  const lines: string[] = [];
  if (content.message && content.message.length > 0) {
    for (const m of content.message.slice(0, geometry.rows)) lines.push(text(m));
  } else {
    if (content.item)
      lines.push(
        fitPair(displayName(content.item.name, content.item.latinName, charset), text(content.item.amount), geometry.columns, charset),
      );
    if (content.total) lines.push(fitPair(text(content.total.label), text(content.total.amount), geometry.columns, charset));
    // One row: the total matters more than the item.
    if (geometry.rows === 1 && lines.length > 1) lines.shift();
  }
  while (lines.length < geometry.rows) lines.push('');
  return lines.slice(0, geometry.rows).map((l) => pad(l, geometry.columns, charset));
}
