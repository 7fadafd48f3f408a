// Printer text encoding for Chinese and Japanese receipts.
//
// Why not node-thermal-printer's text: it encodes each non-ASCII character on its own through
// its code page table, preceded by that page's select command, and never enters Kanji mode
// (FS &), so a double-byte code prints as two single-byte glyphs. It picks the encoding by
// table order, not by the printer's font (a Han character goes out as ESC R 8 and EUC-JP
// bytes), and one character outside the configured table switches code page with ESC t in
// the middle of the text. Details in docs/it-devices.md.
//
// Here ASCII stays single-byte, and every run of other characters is encoded in the printer's
// double-byte encoding and wrapped in FS & ... FS . (Kanji mode on/off). Nothing else is ever
// emitted inside a run. A character the encoding cannot represent prints as '?', never as the
// raw bytes of some other encoding.
//
// "big5" means what Taiwanese printer fonts have: Microsoft's CP950 table (iconv-lite's cp950),
// not iconv-lite's "big5", which is Big5-HKSCS and puts kana, Cyrillic, ①-⑩ and others on codes
// that are different characters in a CP950 font. The ETEN rows C6A1-C8FE (kana, Cyrillic) are
// not in CP950 and print as '?'.
import iconv from 'iconv-lite';
import { sanitizePrintText } from '../text/sanitize.ts';
import { PrinterCommandError } from '../errors.ts';

/** The double-byte encodings our printers' Kanji fonts use ("big5": CP950). */
export type KanjiEncoding = 'gb18030' | 'big5' | 'shift_jis';

/** FS & : select Kanji (double-byte) character mode. */
export const KANJI_MODE_ON: readonly number[] = [0x1c, 0x26];
/** FS . : cancel Kanji character mode. */
export const KANJI_MODE_OFF: readonly number[] = [0x1c, 0x2e];

const QUESTION_MARK = 0x3f;

const inRange = (b: number | undefined, lo: number, hi: number): boolean => b !== undefined && b >= lo && b <= hi;

/**
 * Byte shapes a printer font of each encoding can print: CP950 codes have lead bytes
 * 0xA1-0xF9. Shift_JIS is limited to JIS X 0208 rows (no user-defined area,
 * no single-byte katakana).
 */
/** The iconv-lite codec of each printer encoding. */
const CODEC: Record<KanjiEncoding, string> = { gb18030: 'gb18030', big5: 'cp950', shift_jis: 'shift_jis' };

/**
 * Codes a CP950 font has for characters iconv-lite's cp950 leaves out or puts elsewhere, as
 * Microsoft's and Python's cp950 encoders do: full-width forms of the Latin-1 currency signs,
 * the bullet, and 十/卅 on their Han codes rather than the numeral-symbol duplicates A2CC/A2CE.
 */
const CP950_BEST_FIT: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['\u00a2', [0xa2, 0x46]],
  ['\u00a3', [0xa2, 0x47]],
  ['\u00a5', [0xa2, 0x44]],
  ['\u2022', [0xa1, 0x45]],
  ['\uff64', [0xa1, 0x4e]],
  ['\u5341', [0xa4, 0x51]],
  ['\u5345', [0xa4, 0xca]],
]);

const PRINTABLE_SHAPE: Record<KanjiEncoding, (bytes: Uint8Array) => boolean> = {
  gb18030: (b) =>
    (b.length === 2 && inRange(b[0], 0x81, 0xfe) && (inRange(b[1], 0x40, 0x7e) || inRange(b[1], 0x80, 0xfe))) ||
    (b.length === 4 && inRange(b[0], 0x81, 0xfe) && inRange(b[1], 0x30, 0x39) && inRange(b[2], 0x81, 0xfe) && inRange(b[3], 0x30, 0x39)),
  big5: (b) => b.length === 2 && inRange(b[0], 0xa1, 0xf9) && (inRange(b[1], 0x40, 0x7e) || inRange(b[1], 0xa1, 0xfe)),
  shift_jis: (b) =>
    b.length === 2 && (inRange(b[0], 0x81, 0x9f) || inRange(b[0], 0xe0, 0xef)) && (inRange(b[1], 0x40, 0x7e) || inRange(b[1], 0x80, 0xfc)),
};

/** The printer encoding for a store locale: simplified Chinese GB18030, traditional Big5, Japanese Shift_JIS. */
export function kanjiEncodingForLocale(locale: string): KanjiEncoding {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale).maximize();
  } catch {
    throw new PrinterCommandError('printer.unsupported-locale', `not a locale tag: ${JSON.stringify(locale)}`);
  }
  if (tag.language === 'zh' && tag.script === 'Hant') return 'big5';
  if (tag.language === 'zh') return 'gb18030';
  if (tag.language === 'ja') return 'shift_jis';
  throw new PrinterCommandError('printer.unsupported-locale', `no double-byte printer encoding for locale ${locale}`);
}

/**
 * Characters no printer font draws even when the encoding has a code for them: the private
 * use area (user-defined glyphs, different on every printer), the replacement character,
 * and everything outside the Basic Multilingual Plane (emoji, rare CJK extensions) which
 * GB18030 can encode but the printers' GB18030 fonts do not include.
 */
function isUnprintable(code: number): boolean {
  return (code >= 0xe000 && code <= 0xf8ff) || code === 0xfffd || code > 0xffff;
}

/** The encoded bytes of one character, or null when the printer font cannot print it. */
function encodeChar(char: string, encoding: KanjiEncoding): Uint8Array | null {
  if (isUnprintable(char.codePointAt(0)!)) return null;
  const bestFit = encoding === 'big5' ? CP950_BEST_FIT.get(char) : undefined;
  if (bestFit) return Uint8Array.from(bestFit);
  const bytes = iconv.encode(char, CODEC[encoding]);
  return PRINTABLE_SHAPE[encoding](bytes) ? bytes : null;
}

/** Decodes one double-byte character as the printer's font reads it (the emulators use this). */
export function decodeKanjiChar(bytes: Uint8Array, encoding: KanjiEncoding): string {
  return iconv.decode(Buffer.from(bytes), CODEC[encoding]);
}

/**
 * Printer bytes for a piece of data text: sanitised first (no control byte can come from
 * data), ASCII as single bytes, other characters in Kanji-mode runs, '?' for anything the
 * encoding cannot represent. The output contains no command other than FS & and FS .
 */
export function encodePrintText(text: string, encoding: KanjiEncoding): Uint8Array {
  let clean = sanitizePrintText(text);
  // Half-width katakana are single bytes only in a katakana code page; print them full-width.
  if (encoding === 'shift_jis') clean = clean.replace(/[\uff61-\uff9f]+/gu, (run) => run.normalize('NFKC'));
  const out: number[] = [];
  let inKanji = false;
  for (const char of clean) {
    const code = char.codePointAt(0)!;
    const encoded = code >= 0x20 && code < 0x7f ? null : encodeChar(char, encoding);
    if (encoded) {
      if (!inKanji) out.push(...KANJI_MODE_ON);
      inKanji = true;
      out.push(...encoded);
      continue;
    }
    if (inKanji) out.push(...KANJI_MODE_OFF);
    inKanji = false;
    // sanitizePrintText leaves no control characters, so anything not printable ASCII here
    // is a character the encoding cannot represent.
    out.push(code >= 0x20 && code < 0x7f ? code : QUESTION_MARK);
  }
  if (inKanji) out.push(...KANJI_MODE_OFF);
  return Uint8Array.from(out);
}
