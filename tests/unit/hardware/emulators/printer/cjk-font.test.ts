// The virtual printer's PNG receipts draw Chinese from the installed CJK font, not boxes: each
// character's ink falls where the font's own outline is, and differs from character to character.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { openSync, type FontkitFont } from 'fontkit';
import { CJK_FONT_FILE, cjkGlyphs } from '../../../../../hardware/emulators/printer/cjk-font.ts';
import { writeReceiptFiles } from '../../../../../hardware/emulators/printer/receipt-files.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { encodePrintText } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { cut, initialize, lineFeed } from '../../../../../hardware/protocols/escpos/commands.ts';
import { silentLog } from '../../../../../hardware/device.ts';
import { bytes } from '../../../../helpers/escpos.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The receipt PNG the virtual printer writes for one line of text at the left margin. */
function receiptPng(text: string): PNG {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-cjk-png-'));
  dirs.push(dir);
  const stream = bytes(initialize(), encodePrintText(text, 'big5'), lineFeed(), cut());
  const printout = renderEscPos(stream, { kanjiEncoding: 'big5' });
  const files = writeReceiptFiles(dir, 1, { printout, text, bytes: stream }, silentLog);
  return PNG.sync.read(readFileSync(files.png));
}

/** Ink (dark dots) in the 24 x 24 cell of the n-th double-byte character of the first line, as rows of '#' and '.'. */
function cell(png: PNG, n: number): string[] {
  const margin = 16;
  const out: string[] = [];
  for (let y = margin; y < margin + 24; y++) {
    let row = '';
    for (let x = margin + 24 * n; x < margin + 24 * (n + 1); x++) row += png.data[(y * png.width + x) * 4]! < 128 ? '#' : '.';
    out.push(row);
  }
  return out;
}

/** The inked bounding box of a cell: [left, top, right, bottom] in dots, or null when blank. */
function inkBox(rows: string[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  rows.forEach((row, y) =>
    [...row].forEach((c, x) => {
      if (c !== '#') return;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    }),
  );
  return box;
}

/** Where the font's own outline says a character's ink is, in the 24-dot cell (em box top at 0.88 em). */
function outlineBox(font: FontkitFont, char: string): [number, number, number, number] {
  const { minX, minY, maxX, maxY } = font.glyphForCodePoint(char.codePointAt(0)!).bbox;
  const s = 24 / font.unitsPerEm;
  const top = 0.88 * font.unitsPerEm;
  return [minX * s, (top - maxY) * s, maxX * s, (top - minY) * s];
}

const fontInstalled = cjkGlyphs() !== null;

describe.skipIf(!fontInstalled)('CJK characters in the emulator PNG', () => {
  const opened = openSync(CJK_FONT_FILE);
  const font = 'fonts' in opened ? opened.fonts[0]! : opened;

  it('draws each character where its outline is: ink bounding box matches the glyph box within a dot', () => {
    const text = '一十茶測';
    const png = receiptPng(text);
    [...text].forEach((char, n) => {
      const ink = inkBox(cell(png, n));
      expect(ink, char).not.toBeNull();
      // The inked dots cover [left, right + 1) x [top, bottom + 1) of the cell.
      const [left, top, right, bottom] = ink!;
      const expected = outlineBox(font, char);
      [left, top, right + 1, bottom + 1].forEach((v, i) => expect(Math.abs(v - expected[i]!), `${char} edge ${i}`).toBeLessThanOrEqual(1));
    });
  });

  it('is not the box placeholder: 一 is one horizontal stroke, 十 a cross, and they differ', () => {
    const png = receiptPng('一十');
    const yi = cell(png, 0);
    const shi = cell(png, 1);
    const [, top, , bottom] = inkBox(yi)!;
    expect(bottom - top).toBeLessThan(5);
    // 十: the middle column is inked from near the top to near the bottom, the corners are not.
    const column = shi.map((row) => row.slice(10, 14).includes('#'));
    expect(column.filter(Boolean).length).toBeGreaterThan(18);
    expect([shi[1]![1], shi[1]![22], shi[22]![1], shi[22]![22]]).toEqual(['.', '.', '.', '.']);
    expect(yi).not.toEqual(shi);
  });

  it("draws the test page's CJK line with ink in every character", () => {
    const text = '中文測試 烏龍茶';
    const png = receiptPng(text);
    const cells = [0, 1, 2, 3, 5, 6, 7].map((n) => cell(png, n));
    for (const c of cells) expect(c.join('').split('#').length - 1).toBeGreaterThan(30);
  });
});
