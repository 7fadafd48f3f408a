import type { ReceiptDocument, ReceiptLine } from '../../core/contract/index.ts';
import { charWidth, displayWidth, truncateToWidth, wrapToWidth } from '../../core/shared/text-width.ts';

// Lays a ReceiptDocument out the way the printer does: `document.width` columns, CJK two
// columns wide, double-size text twice as wide. The preview component only draws these rows.

export interface Segment {
  readonly text: string;
  /** Columns the segment takes (a wide character counts 2, double size doubles). */
  readonly columns: number;
  /** True for a run of wide (CJK) characters: drawn in fixed 2-column cells. */
  readonly wide: boolean;
}

export type PreviewRow =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly segments: readonly Segment[];
      readonly bold: boolean;
      readonly double: boolean;
    }
  | { readonly kind: 'barcode'; readonly symbology: 'CODE128' | 'EAN13' | 'CODE39'; readonly data: string }
  | { readonly kind: 'qr'; readonly data: string; readonly size: number }
  | { readonly kind: 'feed'; readonly lines: number }
  | { readonly kind: 'cut'; readonly partial: boolean };

/** Splits a line into runs of narrow and wide characters, so each can be drawn at its true width. */
export function segmentsOf(text: string, scale: 1 | 2 = 1): Segment[] {
  const out: Segment[] = [];
  let run = '';
  let runWide = false;
  let runColumns = 0;
  for (const ch of text) {
    const wide = charWidth(ch) === 2;
    if (run && wide !== runWide) {
      out.push({ text: run, columns: runColumns * scale, wide: runWide });
      run = '';
      runColumns = 0;
    }
    run += ch;
    runWide = wide;
    runColumns += wide ? 2 : 1;
  }
  if (run) out.push({ text: run, columns: runColumns * scale, wide: runWide });
  return out;
}

function textRow(text: string, bold: boolean, double: boolean): PreviewRow {
  return { kind: 'text', text, segments: segmentsOf(text, double ? 2 : 1), bold, double };
}

function aligned(text: string, columns: number, align: 'left' | 'center' | 'right'): string {
  const free = Math.max(columns - displayWidth(text), 0);
  if (align === 'left') return text;
  const left = align === 'center' ? Math.floor(free / 2) : free;
  return ' '.repeat(left) + text;
}

/** Left and right on one line of `width` columns; the left side is cut when both do not fit. */
export function pairText(left: string, right: string, width: number): string {
  const rightShown = truncateToWidth(right, width);
  const rw = displayWidth(rightShown);
  const l = truncateToWidth(left, Math.max(width - rw - 1, 0));
  return l + ' '.repeat(Math.max(width - displayWidth(l) - rw, rw > 0 && l ? 1 : 0)) + rightShown;
}

function layoutLine(line: ReceiptLine, width: number): PreviewRow[] {
  switch (line.type) {
    case 'text': {
      const double = line.size === 'double';
      // Double-size characters take two columns each: half as many fit on the line.
      const columns = double ? Math.floor(width / 2) : width;
      return wrapToWidth(line.text, columns).map((part) =>
        textRow(aligned(part, columns, line.align ?? 'left'), line.bold ?? false, double),
      );
    }
    case 'pair':
      return [textRow(pairText(line.left, line.right, width), line.bold ?? false, false)];
    case 'rule':
      return [textRow((line.char ?? '-').repeat(width), false, false)];
    case 'barcode':
      return [{ kind: 'barcode', symbology: line.symbology, data: line.data }];
    case 'qr':
      return [{ kind: 'qr', data: line.data, size: line.size ?? 4 }];
    case 'qr-pair':
      // The paper has them side by side; the preview shows them one under the other.
      return [
        { kind: 'qr', data: line.left, size: 3 },
        { kind: 'qr', data: line.right, size: 3 },
      ];
    case 'feed':
      return [{ kind: 'feed', lines: line.lines }];
    case 'cut':
      return [{ kind: 'cut', partial: line.partial ?? false }];
  }
}

export function layoutReceipt(doc: ReceiptDocument): PreviewRow[] {
  const width = Math.max(doc.width, 8);
  return doc.lines.flatMap((line) => layoutLine(line, width));
}

/** The text rows as plain strings (tests, the accessible text of the preview). */
export function previewText(rows: readonly PreviewRow[]): string[] {
  return rows.flatMap((r) =>
    r.kind === 'text' ? [r.text] : r.kind === 'barcode' ? [`[${r.symbology} ${r.data}]`] : r.kind === 'qr' ? ['[QR]'] : [],
  );
}

/** Columns a text row takes on paper. */
export function rowColumns(row: PreviewRow): number {
  return row.kind === 'text' ? row.segments.reduce((s, x) => s + x.columns, 0) : 0;
}
