// Double-byte characters in Kanji mode: how many bytes the character at a lead byte takes in
// the printer's encoding, or why those bytes cannot be a character.
import type { KanjiEncoding } from './cjk.ts';
import { describeByte, hex, type View } from './command-parse.ts';

/** Length of the character whose lead byte is at `i`: 1, 2 or 4; null if more bytes are needed; a string is a fault. */
export type CharLength = number | null | string;

export function kanjiCharLength(encoding: KanjiEncoding, view: View, i: number): CharLength {
  const lead = view.byte(i)!;
  if (lead < 0x80) return 1;
  const inR = (b: number, lo: number, hi: number): boolean => b >= lo && b <= hi;
  const second = view.byte(i + 1);
  switch (encoding) {
    case 'gb18030': {
      if (!inR(lead, 0x81, 0xfe)) return `byte ${hex(lead)} cannot start a GB18030 character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0x80, 0xfe)) return 2;
      if (!inR(second, 0x30, 0x39)) return `GB18030 lead byte ${hex(lead)} followed by ${describeByte(second)}`;
      const third = view.byte(i + 2);
      if (third === undefined) return null;
      if (!inR(third, 0x81, 0xfe)) return `GB18030 four-byte character broken at its third byte ${describeByte(third)}`;
      const fourth = view.byte(i + 3);
      if (fourth === undefined) return null;
      if (!inR(fourth, 0x30, 0x39)) return `GB18030 four-byte character broken at its fourth byte ${describeByte(fourth)}`;
      return 4;
    }
    case 'big5': {
      if (!inR(lead, 0xa1, 0xf9)) return `byte ${hex(lead)} cannot start a Big5 character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0xa1, 0xfe)) return 2;
      return `Big5 lead byte ${hex(lead)} followed by ${describeByte(second)}`;
    }
    case 'shift_jis': {
      if (!inR(lead, 0x81, 0x9f) && !inR(lead, 0xe0, 0xfc)) return `byte ${hex(lead)} cannot start a Shift_JIS character`;
      if (second === undefined) return null;
      if (inR(second, 0x40, 0x7e) || inR(second, 0x80, 0xfc)) return 2;
      return `Shift_JIS lead byte ${hex(lead)} followed by ${describeByte(second)}`;
    }
  }
}
