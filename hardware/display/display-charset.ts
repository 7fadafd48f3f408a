// The customer display's own character set. A Taiwanese (Big5) pole display has the CP950
// table in its font: iconv-lite's 'big5' is Big5-HKSCS, which encodes some characters (circled
// numbers, kana, box drawing) to codes CP950 does not have or maps to other glyphs, so the
// display encodes with 'cp950' and shows '?' for what CP950 cannot say. Runs of double-byte
// characters go in FS & ... FS . (Kanji mode) as on Epson DM-D displays; ASCII stays single-byte.
// Other encodings (GB18030, Shift_JIS) and ASCII use the printers' character sets unchanged.
import iconv from 'iconv-lite';
import type { DeviceEncoding } from '../../core/config/devices.ts';
import { KANJI_MODE_OFF, KANJI_MODE_ON } from '../protocols/escpos/cjk.ts';
import { printerCharset, type PrinterCharset } from '../protocols/text/layout.ts';
import { sanitizePrintText } from '../protocols/text/sanitize.ts';

const QUESTION_MARK = 0x3f;

const inRange = (b: number | undefined, lo: number, hi: number): boolean => b !== undefined && b >= lo && b <= hi;

/** CP950 codes a display font has: lead 0xA1-0xF9 (no user-defined rows), trail 0x40-0x7E or 0xA1-0xFE. */
function isCp950Glyph(bytes: Uint8Array): boolean {
  return bytes.length === 2 && inRange(bytes[0], 0xa1, 0xf9) && (inRange(bytes[1], 0x40, 0x7e) || inRange(bytes[1], 0xa1, 0xfe));
}

/** The CP950 bytes of one character, or null when the display cannot show it. */
function encodeCp950Char(char: string): Uint8Array | null {
  const code = char.codePointAt(0)!;
  if ((code >= 0xe000 && code <= 0xf8ff) || code === 0xfffd || code > 0xffff) return null;
  const bytes = iconv.encode(char, 'cp950');
  // iconv-lite answers '?' for a character outside the table: only a real two-byte code counts.
  return isCp950Glyph(bytes) && iconv.decode(Buffer.from(bytes), 'cp950') === char ? bytes : null;
}

/** Display bytes for data text in CP950: ASCII single bytes, double-byte runs in Kanji mode, '?' for the rest. */
export function encodeCp950Display(text: string): Uint8Array {
  const out: number[] = [];
  let inKanji = false;
  for (const char of sanitizePrintText(text)) {
    const code = char.codePointAt(0)!;
    const encoded = code >= 0x20 && code < 0x7f ? null : encodeCp950Char(char);
    if (encoded) {
      if (!inKanji) out.push(...KANJI_MODE_ON);
      inKanji = true;
      out.push(...encoded);
      continue;
    }
    if (inKanji) out.push(...KANJI_MODE_OFF);
    inKanji = false;
    out.push(code >= 0x20 && code < 0x7f ? code : QUESTION_MARK);
  }
  if (inKanji) out.push(...KANJI_MODE_OFF);
  return Uint8Array.from(out);
}

/** The character set a display of this encoding shows text in (columns measured the way it shows them). */
export function displayCharset(encoding: DeviceEncoding): PrinterCharset {
  if (encoding !== 'big5') return printerCharset(encoding);
  return {
    encoding,
    encode: encodeCp950Display,
    charColumns: (char) => {
      const code = char.codePointAt(0)!;
      if (code >= 0x20 && code < 0x7f) return 1;
      return encodeCp950Char(char) ? 2 : 1;
    },
  };
}
