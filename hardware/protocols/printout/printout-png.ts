// Draws a printout as a PNG "photo of the paper": one printer dot per pixel. ASCII text uses
// the built-in 5x7 font, double-byte characters the glyphs of a CJK font when the caller has one
// (emulators/printer/cjk-font.ts), else placeholder boxes; QR codes, EAN-13, CODE128 and CODE39 barcodes are drawn module for module so a scanner
// or zbarimg reads them, raster images are drawn as received. Things that are not ink (cuts,
// drawer kicks) are drawn in grey.
import { PNG } from 'pngjs';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './bitmap-font.ts';
import { code128Modules, code128Symbol, code39Modules, ean13Modules } from './barcode-bars.ts';
import type { GlyphSource } from './glyph-raster.ts';
import {
  charHeightDots,
  charWidthDots,
  type BarcodeItem,
  type CutItem,
  type DrawerKickItem,
  type ImageItem,
  type LineItem,
  type NvImageItem,
  type Printout,
  type PrintoutItem,
  type QrItem,
  type TextStyle,
} from './printout.ts';
import type { Alignment } from '../escpos/commands.ts';

const WHITE = 255;
const BLACK = 0;
const GREY = 160;
/** White border around the paper so symbols at the edge keep a quiet zone. */
const MARGIN = 16;
const QR_QUIET_MODULES = 4;
const BARCODE_QUIET_MODULES = 10;

/** Greyscale canvas that grows downwards as items are drawn. */
class Canvas {
  readonly width: number;
  private rows: Uint8Array[] = [];

  constructor(width: number) {
    this.width = width;
  }

  get height(): number {
    return this.rows.length;
  }

  private row(y: number): Uint8Array {
    while (this.rows.length <= y) this.rows.push(new Uint8Array(this.width).fill(WHITE));
    return this.rows[y]!;
  }

  extend(height: number): void {
    if (height > 0) this.row(height - 1);
  }

  set(x: number, y: number, value: number): void {
    if (x < 0 || y < 0 || x >= this.width) return;
    this.row(y)[x] = value;
  }

  fill(x: number, y: number, w: number, h: number, value: number): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.set(xx, yy, value);
  }

  outline(x: number, y: number, w: number, h: number, value: number, stroke = 1): void {
    this.fill(x, y, w, stroke, value);
    this.fill(x, y + h - stroke, w, stroke, value);
    this.fill(x, y, stroke, h, value);
    this.fill(x + w - stroke, y, stroke, h, value);
  }

  toPng(): Uint8Array {
    const png = new PNG({ width: this.width, height: Math.max(1, this.height) });
    for (let y = 0; y < this.height; y++) {
      const row = this.rows[y]!;
      for (let x = 0; x < this.width; x++) {
        const i = (y * this.width + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = row[x]!;
        png.data[i + 3] = 255;
      }
    }
    return PNG.sync.write(png, { colorType: 0 });
  }
}

const FONT_DOT = { A: { x: 2, y: 3, left: 1, top: 1 }, B: { x: 1, y: 2, left: 2, top: 1 } } as const;

function alignedX(paperWidth: number, width: number, align: Alignment): number {
  const free = Math.max(0, paperWidth - width);
  return MARGIN + (align === 'left' ? 0 : align === 'center' ? Math.floor(free / 2) : free);
}

/** Draws a double-byte character from the font; false when there is no font or it lacks the character. */
function drawKanjiGlyph(
  canvas: Canvas,
  x: number,
  y: number,
  char: string,
  style: TextStyle,
  color: number,
  glyphs: GlyphSource | null,
): boolean {
  const w = charWidthDots(style, true);
  const h = charHeightDots(style, true);
  const bitmap = glyphs?.bitmap(char, w, h);
  if (!bitmap) return false;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (!bitmap[r * w + c]) continue;
      canvas.set(x + c, y + r, color);
      if (style.bold) canvas.set(x + c + 1, y + r, color);
    }
  }
  return true;
}

/** Draws one character with its top-left corner at (x, y); returns its width in dots. */
function drawChar(
  canvas: Canvas,
  x: number,
  y: number,
  char: string,
  style: TextStyle,
  kanji: boolean,
  ink = BLACK,
  glyphs: GlyphSource | null = null,
): number {
  const w = charWidthDots(style, kanji);
  const h = charHeightDots(style, kanji);
  const paper = ink === BLACK ? WHITE : BLACK;
  if (style.reverse) canvas.fill(x, y, w, h, BLACK);
  const color = style.reverse ? paper : ink;
  if (kanji && char !== ' ' && char !== '\u3000' && drawKanjiGlyph(canvas, x, y, char, style, color, glyphs)) {
    // Drawn from the font.
  } else if (kanji) {
    // Placeholder without a CJK font: a box marks each double-byte glyph.
    if (char !== ' ' && char !== '\u3000') {
      canvas.outline(
        x + 2 * style.widthScale,
        y + 2 * style.heightScale,
        w - 4 * style.widthScale,
        h - 4 * style.heightScale,
        color,
        style.widthScale,
      );
    }
  } else {
    const rows = glyphRows(char);
    const dot = FONT_DOT[style.font];
    const dx = dot.x * style.widthScale;
    const dy = dot.y * style.heightScale;
    const left = x + dot.left * style.widthScale;
    const top = y + dot.top * style.heightScale;
    if (rows) {
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let c = 0; c < GLYPH_WIDTH; c++) {
          if (!(rows[r]! & (1 << (GLYPH_WIDTH - 1 - c)))) continue;
          canvas.fill(left + c * dx, top + r * dy, dx, dy, color);
          if (style.bold) canvas.fill(left + c * dx + 1, top + r * dy, dx, dy, color);
        }
      }
    } else {
      // A character outside the font (code page letters, U+FFFD): a small box.
      canvas.outline(left, top, GLYPH_WIDTH * dx, GLYPH_HEIGHT * dy, color);
    }
  }
  if (style.underline) canvas.fill(x, y + h - style.underline, w, style.underline, color);
  return w;
}

const PLAIN: TextStyle = { bold: false, underline: 0, widthScale: 1, heightScale: 1, font: 'A', reverse: false };

function drawString(canvas: Canvas, x: number, y: number, text: string, style: TextStyle = PLAIN, ink = BLACK): void {
  for (const ch of text) x += drawChar(canvas, x, y, ch, style, false, ink);
}

function stringWidth(text: string, style: TextStyle = PLAIN): number {
  return [...text].length * charWidthDots(style, false);
}

function barModules(symbology: string, data: string, text: string): string | null {
  if (symbology === 'EAN13' && /^\d{13}$/.test(text)) return ean13Modules(text);
  if (symbology === 'CODE39') return code39Modules(data);
  if (symbology === 'CODE128') {
    const symbol = code128Symbol(Uint8Array.from(data, (c) => c.charCodeAt(0)));
    return symbol ? code128Modules(symbol.values) : null;
  }
  return null;
}

function drawLine(canvas: Canvas, paper: number, y: number, item: LineItem, glyphs: GlyphSource | null): number {
  let width = 0;
  let tallest = 0;
  for (const run of item.runs) {
    for (const _ of run.text) width += charWidthDots(run.style, run.kanji);
    tallest = Math.max(tallest, charHeightDots(run.style, run.kanji));
  }
  let x = alignedX(paper, width, item.align);
  for (const run of item.runs) {
    const top = y + tallest - charHeightDots(run.style, run.kanji);
    for (const ch of run.text) x += drawChar(canvas, x, top, ch, run.style, run.kanji, BLACK, glyphs);
  }
  return y + Math.max(item.advanceDots, tallest);
}

function drawBarcode(canvas: Canvas, paper: number, y: number, item: BarcodeItem): number {
  const modules = barModules(item.symbology, item.data, item.text);
  const hriHeight = 24 + 4;
  if (item.hri === 'above' || item.hri === 'both') {
    drawString(canvas, alignedX(paper, stringWidth(item.text), item.align), y, item.text);
    y += hriHeight;
  }
  if (modules) {
    const quiet = BARCODE_QUIET_MODULES * item.moduleWidth;
    let x = alignedX(paper, modules.length * item.moduleWidth + 2 * quiet, item.align) + quiet;
    for (const m of modules) {
      if (m === '1') canvas.fill(x, y, item.moduleWidth, item.heightDots, BLACK);
      x += item.moduleWidth;
    }
  } else {
    // Symbologies we do not draw: a hatched placeholder with the name.
    const w = Math.min(paper, 240);
    const x = alignedX(paper, w, item.align);
    for (let i = 0; i < w; i += 6) canvas.fill(x + i, y, 2, item.heightDots, GREY);
    drawString(canvas, x, y + Math.max(0, item.heightDots / 2 - 12), item.symbology);
  }
  y += item.heightDots;
  if (item.hri === 'below' || item.hri === 'both') {
    drawString(canvas, alignedX(paper, stringWidth(item.text), item.align), y + 4, item.text);
    y += hriHeight;
  }
  return y;
}

function drawQr(canvas: Canvas, paper: number, y: number, item: QrItem): number {
  const quiet = QR_QUIET_MODULES * item.moduleSize;
  const side = item.size * item.moduleSize;
  const x0 = alignedX(paper, side + 2 * quiet, item.align) + quiet;
  const y0 = y + quiet;
  for (let r = 0; r < item.size; r++) {
    for (let c = 0; c < item.size; c++) {
      if (item.modules[r * item.size + c])
        canvas.fill(x0 + c * item.moduleSize, y0 + r * item.moduleSize, item.moduleSize, item.moduleSize, BLACK);
    }
  }
  return y + side + 2 * quiet;
}

function drawImage(canvas: Canvas, paper: number, y: number, item: ImageItem): number {
  const rowBytes = Math.ceil(item.width / 8);
  const x0 = alignedX(paper, item.width * item.scaleX, item.align);
  for (let r = 0; r < item.height; r++) {
    for (let c = 0; c < item.width; c++) {
      const byte = item.data[r * rowBytes + (c >> 3)] ?? 0;
      if (!(byte & (0x80 >> (c & 7)))) continue;
      const px = x0 + c * item.scaleX;
      if (px - MARGIN >= paper) break;
      canvas.fill(px, y + r * item.scaleY, item.scaleX, item.scaleY, BLACK);
    }
  }
  return y + item.height * item.scaleY;
}

function drawNvImage(canvas: Canvas, paper: number, y: number, item: NvImageItem): number {
  const w = 240;
  const x = alignedX(paper, w, item.align);
  canvas.outline(x, y, w, 64, GREY, 2);
  drawString(canvas, x + 12, y + 20, `NV image ${item.number}`, PLAIN, GREY);
  return y + 64;
}

function drawCut(canvas: Canvas, _paper: number, y: number, item: CutItem): number {
  y += item.feedDots + 4;
  for (let x = 0; x < canvas.width; x += 8) canvas.fill(x, y, 4, item.partial ? 1 : 2, GREY);
  return y + 8;
}

function drawDrawerKick(canvas: Canvas, _paper: number, y: number, item: DrawerKickItem): number {
  drawString(canvas, MARGIN, y, `[drawer kick pin ${item.pin}]`, { ...PLAIN, font: 'B' }, GREY);
  return y + 20;
}

function drawItem(canvas: Canvas, paper: number, y: number, item: PrintoutItem, glyphs: GlyphSource | null): number {
  switch (item.kind) {
    case 'line':
      return drawLine(canvas, paper, y, item, glyphs);
    case 'barcode':
      return drawBarcode(canvas, paper, y, item);
    case 'qr':
      return drawQr(canvas, paper, y, item);
    case 'image':
      return drawImage(canvas, paper, y, item);
    case 'nv-image':
      return drawNvImage(canvas, paper, y, item);
    case 'cut':
      return drawCut(canvas, paper, y, item);
    case 'drawer-kick':
      return drawDrawerKick(canvas, paper, y, item);
  }
}

/** The printout as a PNG file (greyscale), one pixel per printer dot; double-byte characters from `glyphs` when given. */
export function printoutToPng(printout: Printout, glyphs: GlyphSource | null = null): Uint8Array {
  const paper = printout.paperWidthDots;
  const canvas = new Canvas(paper + 2 * MARGIN);
  let y = MARGIN;
  for (const item of printout.items) y = drawItem(canvas, paper, y, item, glyphs);
  canvas.extend(y + MARGIN);
  return canvas.toPng();
}
