// Search by sound: the pinyin and zhuyin forms a Chinese name is indexed under, and the folding
// a typed query gets before it is matched against them. Pure: the dictionary that reads Han
// characters lives in db/ (it is large), which hands over each character's syllable.

import { codePointLength, hasWordCharacter, searchKey } from './normalize.ts';
import { ZHUYIN_TONE_MARKS, zhuyinOf } from './zhuyin.ts';

/** One character of a folded name and its reading: a toneless pinyin syllable (ü as "v" or "ü"), or null (not Han, or unknown). */
export interface CharacterReading {
  ch: string;
  pinyin: string | null;
}

const HAN = /\p{Script=Han}/u;
const LETTER = /\p{L}/u;
const LETTERS_ONLY = /^\p{L}+$/u;

/**
 * Whether a folded name is worth sound forms: two or more Han characters, or Han and nothing
 * else among its letters ("蛋"). An English name with one counter character ("Milk 12入") is not.
 */
export function hasSoundForms(key: string): boolean {
  let han = 0;
  let other = 0;
  for (const ch of key) {
    const cp = ch.codePointAt(0)!;
    // Fast paths (Unicode property tests on every character were a fifth of the cost of the
    // sound forms, measured): ASCII is never Han, the main CJK block always is.
    if (cp < 0x80) {
      if ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a) other++;
    } else if ((cp >= 0x4e00 && cp <= 0x9fff) || HAN.test(ch)) han++;
    else if (LETTER.test(ch)) other++;
  }
  return han >= 2 || (han === 1 && other === 0);
}

/** What one syllable adds to each form. */
interface SyllableForms {
  full: string;
  initial: string;
  zhuyin: string;
}

const syllableMemo = new Map<string, SyllableForms>();

function syllableForms(pinyin: string): SyllableForms {
  let f = syllableMemo.get(pinyin);
  if (f === undefined) {
    const syllable = pinyin.toLowerCase().replaceAll('ü', 'v');
    const full = syllable.replaceAll('v', 'u');
    f = { full, initial: full[0]!, zhuyin: zhuyinOf(syllable) ?? full };
    if (syllableMemo.size < 10_000) syllableMemo.set(pinyin, f);
  }
  return f;
}

/**
 * The sound forms of one name, distinct, in this order: full pinyin ("dongdingwulongcha wutang
 * 500ml"), pinyin initials ("ddwlc wt"), full zhuyin ("ㄉㄨㄥㄉㄧㄥㄨㄌㄨㄥㄔㄚ ㄨㄊㄤ"). Zhuyin
 * initials (ㄉㄉㄨㄌㄔ) are not indexed: a query of them is also looked for as the pinyin initials
 * they stand for (`phoneticTerms`), which keeps the index smaller. Only the full pinyin form keeps
 * the other characters (so "wlc 500" finds the name, its terms matching in any form); the others
 * hold the readings alone, a space between runs. Empty when no character has a reading. "ü" and
 * "v" are both written "u" (as queries are folded): a cashier may type lv, lu or lü for 綠.
 */
export function phoneticForms(readings: readonly CharacterReading[]): string[] {
  let full = '';
  let initials = '';
  let zhuyin = '';
  let read = false;
  let gap = false;
  for (const { ch, pinyin } of readings) {
    if (pinyin === null || pinyin === '') {
      full += ch;
      gap = read;
      continue;
    }
    const f = syllableForms(pinyin);
    if (gap) {
      initials += ' ';
      zhuyin += ' ';
      gap = false;
    }
    read = true;
    full += f.full;
    initials += f.initial;
    zhuyin += f.zhuyin;
  }
  if (!read) return [];
  const forms: string[] = [];
  // Syllables are folded already; other characters of the full form are folded here.
  for (const f of [full.replaceAll('v', 'u'), initials, zhuyin]) if (!forms.includes(f)) forms.push(f);
  return forms;
}

// The pinyin initial of a syllable whose zhuyin starts with the symbol: ㄔ (chi, cha...) -> c,
// ㄨ (wu, wa...) -> w, ㄧ (yi, ya...) and ㄩ (yu, yong) -> y, ㄢ (an) -> a.
const ZHUYIN_INITIAL_LETTER: Record<string, string> = {
  ㄅ: 'b',
  ㄆ: 'p',
  ㄇ: 'm',
  ㄈ: 'f',
  ㄉ: 'd',
  ㄊ: 't',
  ㄋ: 'n',
  ㄌ: 'l',
  ㄍ: 'g',
  ㄎ: 'k',
  ㄏ: 'h',
  ㄐ: 'j',
  ㄑ: 'q',
  ㄒ: 'x',
  ㄓ: 'z',
  ㄔ: 'c',
  ㄕ: 's',
  ㄖ: 'r',
  ㄗ: 'z',
  ㄘ: 'c',
  ㄙ: 's',
  ㄧ: 'y',
  ㄨ: 'w',
  ㄩ: 'y',
  ㄚ: 'a',
  ㄛ: 'o',
  ㄜ: 'e',
  ㄝ: 'e',
  ㄞ: 'a',
  ㄟ: 'e',
  ㄠ: 'a',
  ㄡ: 'o',
  ㄢ: 'a',
  ㄣ: 'e',
  ㄤ: 'a',
  ㄥ: 'e',
  ㄦ: 'e',
};
const BOPOMOFO = /\p{Script=Bopomofo}/u;

/** A zhuyin term read as zhuyin initials, spelled as the pinyin initials form ("ㄨㄌㄔ" -> "wlc"). */
function asPinyinInitials(term: string): string {
  let out = '';
  for (const ch of term) out += ZHUYIN_INITIAL_LETTER[ch] ?? ch;
  return out;
}

/**
 * A typed query as terms to look for in the sound forms, each a list of alternatives (any may
 * match), or null when it cannot be a pinyin or zhuyin query (no word of letters alone, or Han
 * characters, which the name index serves). Folded like the forms: width, case and pinyin tone
 * marks (wū), zhuyin tone marks (ㄨˇ), ü and v as u. Terms of 3+ characters must each occur;
 * shorter ones are joined with their neighbours, so "wu long" and "ㄨˇ ㄌㄨㄥˊ" are the run
 * "wulong" / "ㄨㄌㄨㄥ" (a trigram index needs 3). A zhuyin term is looked for as itself (full
 * zhuyin) and as the pinyin initials its symbols stand for ("ㄨㄌㄔ": ["ㄨㄌㄔ", "wlc"]).
 */
export function phoneticTerms(query: string): string[][] | null {
  const terms = searchKey(query.replace(ZHUYIN_TONE_MARKS, ''))
    .replaceAll('v', 'u')
    .split(' ')
    .filter((t) => t !== '' && hasWordCharacter(t));
  // A pinyin or zhuyin query has a word of letters alone ("wlc 500" does, "s0042" does not).
  if (!terms.some((t) => LETTERS_ONLY.test(t)) || terms.some((t) => HAN.test(t))) return null;
  let kept = terms;
  if (!terms.every((t) => codePointLength(t) >= 3)) {
    const joined = terms.join('');
    if (codePointLength(joined) < 3) return null;
    kept = [joined];
  }
  return kept.map((t) => (BOPOMOFO.test(t) ? [t, asPinyinInitials(t)] : [t]));
}
