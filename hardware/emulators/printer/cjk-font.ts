// The virtual printer's Kanji font for its PNG receipts: glyph outlines from an installed CJK
// font (WenQuanYi Micro Hei, the font the PDF reports use), filled dot by dot by the outline
// rasterizer (protocols/printout/glyph-raster.ts). Without the font file the PNG falls back to
// boxes and says nothing worse: the .txt and .bin of the receipt are unaffected.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FontkitFont, openSync as OpenFont } from 'fontkit';
import { rasterizeOutline, type GlyphSource } from '../../protocols/printout/glyph-raster.ts';

/** Where Debian and Ubuntu's fonts-wqy-microhei package installs the font. */
export const CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The ideographic em box: its top sits this far above the baseline (a CJK glyph fills about 0.88 em above, 0.12 below). */
const EM_BOX_TOP = 0.88;

/** The proportional face of a collection (the first), or the font itself. */
function firstFace(path: string): FontkitFont {
  // fontkit is loaded with the first receipt the emulator draws, not when the till starts.
  const { openSync } = createRequire(import.meta.url)('fontkit') as { openSync: typeof OpenFont };
  const opened = openSync(path);
  return 'fonts' in opened ? opened.fonts[0]! : opened;
}

/** Glyph bitmaps drawn from `font`: each character's em square stretched to the cell. */
export function fontGlyphs(font: FontkitFont): GlyphSource {
  const cache = new Map<string, Uint8Array | null>();
  return {
    bitmap(char, width, height) {
      const key = `${char}:${width}x${height}`;
      let bitmap = cache.get(key);
      if (bitmap !== undefined) return bitmap;
      const code = char.codePointAt(0)!;
      bitmap = null;
      if (font.hasGlyphForCodePoint(code)) {
        const em = font.unitsPerEm;
        const placement = { scaleX: width / em, scaleY: height / em, left: 0, top: EM_BOX_TOP * em };
        bitmap = rasterizeOutline(font.glyphForCodePoint(code).path.commands, placement, width, height);
      }
      cache.set(key, bitmap);
      return bitmap;
    },
  };
}

let shared: GlyphSource | null | undefined;

/** The installed CJK font's glyphs, read once; null when the font is not installed. */
export function cjkGlyphs(path = CJK_FONT_FILE): GlyphSource | null {
  if (path !== CJK_FONT_FILE) return existsSync(path) ? fontGlyphs(firstFace(path)) : null;
  if (shared === undefined) shared = existsSync(path) ? fontGlyphs(firstFace(path)) : null;
  return shared;
}
