// Pinyin syllable -> zhuyin (bopomofo), so a cashier in Taiwan can search by the symbols their
// keyboard types. Pure and table-driven: a syllable is an initial plus a final, after undoing
// pinyin's spelling rules (y/w for a missing initial, "u" written for ü after j/q/x/y, the
// silent "i" of zhi/chi/shi/ri/zi/ci/si). Tones are not written: search ignores them.

const INITIALS: Record<string, string> = {
  b: 'ㄅ',
  p: 'ㄆ',
  m: 'ㄇ',
  f: 'ㄈ',
  d: 'ㄉ',
  t: 'ㄊ',
  n: 'ㄋ',
  l: 'ㄌ',
  g: 'ㄍ',
  k: 'ㄎ',
  h: 'ㄏ',
  j: 'ㄐ',
  q: 'ㄑ',
  x: 'ㄒ',
  zh: 'ㄓ',
  ch: 'ㄔ',
  sh: 'ㄕ',
  r: 'ㄖ',
  z: 'ㄗ',
  c: 'ㄘ',
  s: 'ㄙ',
};

// Finals in their written-after-an-initial form; "v" is ü.
const FINALS: Record<string, string> = {
  '': '',
  a: 'ㄚ',
  o: 'ㄛ',
  e: 'ㄜ',
  ê: 'ㄝ',
  ai: 'ㄞ',
  ei: 'ㄟ',
  ao: 'ㄠ',
  ou: 'ㄡ',
  an: 'ㄢ',
  en: 'ㄣ',
  ang: 'ㄤ',
  eng: 'ㄥ',
  er: 'ㄦ',
  ong: 'ㄨㄥ',
  i: 'ㄧ',
  ia: 'ㄧㄚ',
  io: 'ㄧㄛ',
  ie: 'ㄧㄝ',
  iai: 'ㄧㄞ',
  iao: 'ㄧㄠ',
  iu: 'ㄧㄡ',
  iou: 'ㄧㄡ',
  ian: 'ㄧㄢ',
  in: 'ㄧㄣ',
  iang: 'ㄧㄤ',
  ing: 'ㄧㄥ',
  iong: 'ㄩㄥ',
  u: 'ㄨ',
  ua: 'ㄨㄚ',
  uo: 'ㄨㄛ',
  uai: 'ㄨㄞ',
  ui: 'ㄨㄟ',
  uei: 'ㄨㄟ',
  uan: 'ㄨㄢ',
  un: 'ㄨㄣ',
  uen: 'ㄨㄣ',
  uang: 'ㄨㄤ',
  ueng: 'ㄨㄥ',
  v: 'ㄩ',
  ve: 'ㄩㄝ',
  van: 'ㄩㄢ',
  vn: 'ㄩㄣ',
};

// Syllables with no initial and no final of the table: interjections.
const WHOLE: Record<string, string> = { m: 'ㄇ', n: 'ㄋ', ng: 'ㄫ', hm: 'ㄏㄇ', hng: 'ㄏㄫ' };

const INITIAL = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/;

/** Undoes the y/w spellings: "yu" -> "v", "yong" -> "iong", "yi"/"yin"/"ying" -> "i...", "ya" -> "ia", "wu" -> "u", "wa" -> "ua". */
function withoutYW(s: string): string {
  if (s.startsWith('yu')) return `v${s.slice(2)}`;
  if (s === 'yong') return 'iong';
  if (s.startsWith('yi')) return s.slice(1);
  if (s.startsWith('y')) return `i${s.slice(1)}`;
  if (s === 'wu') return 'u';
  if (s.startsWith('w')) return `u${s.slice(1)}`;
  return s;
}

/**
 * The zhuyin of a toneless pinyin syllable ("long" -> "ㄌㄨㄥ", "lü"/"lv" -> "ㄌㄩ", "shi" -> "ㄕ",
 * "yuan" -> "ㄩㄢ"), or null when it is not a Mandarin syllable.
 */
export function zhuyinOf(syllable: string): string | null {
  const s = syllable.toLowerCase().replaceAll('ü', 'v');
  const whole = WHOLE[s];
  if (whole !== undefined) return whole;
  const spelled = withoutYW(s);
  const initial = INITIAL.exec(spelled)?.[1] ?? '';
  let final = spelled.slice(initial.length);
  // A syllable has a final ("zh" alone is not one; "zhi" is, its final silent below).
  if (final === '') return null;
  // After j, q and x the vowel written "u" is ü.
  if ((initial === 'j' || initial === 'q' || initial === 'x') && final.startsWith('u')) final = `v${final.slice(1)}`;
  // zhi, chi, shi, ri, zi, ci, si: the "i" only spells the initial's own sound.
  if (final === 'i' && /^(zh|ch|sh|r|z|c|s)$/.test(initial)) final = '';
  const z = FINALS[final];
  if (z === undefined) return null;
  return (INITIALS[initial] ?? '') + z;
}

/** Bopomofo tone marks (ˉ ˊ ˇ ˋ ˙): typed by a zhuyin keyboard, ignored by search. */
export const ZHUYIN_TONE_MARKS = /[\u02c9\u02ca\u02c7\u02cb\u02d9]/g;
