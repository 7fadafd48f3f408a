// Reads the Han characters of a product name with pinyin-pro's dictionary (MIT, pure JavaScript,
// Traditional and Simplified characters alike). Words are read in context from its Simplified
// word list (银行 yin hang), so a Traditional name alone may get a polyphone wrong (銀行 yin
// xing); a product's zh-CN name, indexed too, adds the right reading. Runs where names are
// indexed, at catalog import, never per keystroke. Kept out of core/ because the dictionary is
// large (300 kB); core/catalog/phonetic.ts turns the readings into forms.
import { createRequire } from 'node:module';
import type { pinyin as Pinyin } from 'pinyin-pro';
import { hasSoundForms, type CharacterReading } from '../core/catalog/phonetic.ts';

// Loaded on first use (a catalog import or a name indexed), not when the till starts: its
// dictionary takes longer to load than the rest of the host's start-up.
let loaded: ((text: string, options?: object) => unknown) | undefined;
const pinyin = ((text: string, options?: object) => {
  loaded ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: (text: string, options?: object) => unknown }).pinyin;
  return loaded(text, options);
}) as typeof Pinyin;

const HAN = /\p{Script=Han}/u;
const SYLLABLE = /^[a-zü]+$/;
const POLYPHONE = Symbol('polyphone');

/** Whether a character is Han: the main CJK block by range, the rest by the (slower) Unicode property. */
function isHan(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x4e00 && cp <= 0x9fff) return true;
  return cp >= 0x2e80 && HAN.test(ch);
}

// The dictionary's toned syllables ("lǜ") without their tone ("lü"), memoised: asking it for
// toneless ones costs a third more, its tone stripping being a chain of regular expressions.
const toneless = new Map<string, string>();
const TONE_MARKS = /[\u0300\u0301\u0304\u030c]/g;

function withoutTone(syllable: string): string {
  let s = toneless.get(syllable);
  if (s === undefined) {
    s = syllable.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
    if (toneless.size < 10_000) toneless.set(syllable, s);
  }
  return s;
}

// A character's one toneless reading, POLYPHONE when it has several (行 xing/hang), null when
// the dictionary has none. Most characters have one: a name made only of them skips the
// dictionary's word segmentation (measured on the bench catalog, where about half the names
// hold a polyphone: 7.7 instead of 12 us per product).
const singleReadings = new Map<string, string | null | typeof POLYPHONE>();

function singleReading(ch: string): string | null | typeof POLYPHONE {
  let r = singleReadings.get(ch);
  if (r === undefined) {
    const all = new Set(
      pinyin(ch, { type: 'array', multiple: true })
        .map(withoutTone)
        .filter((s) => SYLLABLE.test(s)),
    );
    r = all.size === 0 ? null : all.size === 1 ? [...all][0]! : POLYPHONE;
    if (singleReadings.size < 100_000) singleReadings.set(ch, r);
  }
  return r;
}

/** Each character of a folded name with its reading, or null when the name gets no sound forms (`hasSoundForms`). */
export function readName(key: string): CharacterReading[] | null {
  if (!hasSoundForms(key)) return null;
  const chars = Array.from(key);
  const readings: CharacterReading[] = [];
  for (const ch of chars) {
    const r = isHan(ch) ? singleReading(ch) : null;
    if (r === POLYPHONE) return readInContext(key, chars);
    readings.push({ ch, pinyin: r });
  }
  return readings;
}

/** The dictionary's reading of a whole name, words in context (for names with a polyphone). */
function readInContext(key: string, chars: string[]): CharacterReading[] {
  let syllables = pinyin(key, { type: 'array' });
  // One entry per character is what the dictionary gives; if it ever groups otherwise, read
  // character by character (loses the word context, keeps the alignment).
  if (syllables.length !== chars.length) syllables = chars.map((ch) => (isHan(ch) ? (pinyin(ch, { type: 'array' })[0] ?? '') : ch));
  return chars.map((ch, i) => {
    const s = withoutTone(syllables[i] ?? '');
    return { ch, pinyin: isHan(ch) && SYLLABLE.test(s) ? s : null };
  });
}
