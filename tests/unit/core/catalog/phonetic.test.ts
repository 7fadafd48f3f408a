import { describe, expect, it } from 'vitest';
import { hasSoundForms, phoneticForms, phoneticTerms, type CharacterReading } from '../../../../core/catalog/phonetic.ts';

/** Readings for a name, Han characters read from the given syllables in order. */
function reading(name: string, syllables: string[]): CharacterReading[] {
  const queue = [...syllables];
  return Array.from(name, (ch) => ({ ch, pinyin: /\p{Script=Han}/u.test(ch) ? (queue.shift() ?? null) : null }));
}

describe('phoneticForms', () => {
  it('gives full pinyin (other characters kept), pinyin initials and full zhuyin', () => {
    expect(phoneticForms(reading('凍頂烏龍茶 無糖 500ml', ['dong', 'ding', 'wu', 'long', 'cha', 'wu', 'tang']))).toEqual([
      'dongdingwulongcha wutang 500ml',
      'ddwlc wt',
      'ㄉㄨㄥㄉㄧㄥㄨㄌㄨㄥㄔㄚ ㄨㄊㄤ',
    ]);
  });

  it('writes ü as u, as queries are folded', () => {
    expect(phoneticForms(reading('綠茶', ['lü', 'cha']))).toEqual(['lucha', 'lc', 'ㄌㄩㄔㄚ']);
    expect(phoneticForms(reading('綠茶', ['lv', 'cha']))).toEqual(['lucha', 'lc', 'ㄌㄩㄔㄚ']);
  });

  it('separates runs of Han characters in the reading-only forms', () => {
    expect(phoneticForms(reading('7-11 拿鐵', ['na', 'tie']))).toEqual(['7-11 natie', 'nt', 'ㄋㄚㄊㄧㄝ']);
    expect(phoneticForms(reading('茶a茶', ['cha', 'cha']))).toEqual(['chaacha', 'c c', 'ㄔㄚ ㄔㄚ']);
  });

  it('leaves characters without a reading as they are, and gives nothing without any reading', () => {
    expect(
      phoneticForms(reading('𠮷野家', []).map((r, i) => (i === 1 ? { ...r, pinyin: 'ye' } : i === 2 ? { ...r, pinyin: 'jia' } : r))),
    ).toEqual(['𠮷yejia', 'yj', 'ㄧㄝㄐㄧㄚ']);
    expect(phoneticForms(reading('Oolong tea', []))).toEqual([]);
    expect(phoneticForms([])).toEqual([]);
  });

  it('drops forms that repeat (one syllable: initials differ, but zhuyin may not)', () => {
    expect(phoneticForms(reading('茶', ['cha']))).toEqual(['cha', 'c', 'ㄔㄚ']);
  });
});

describe('hasSoundForms', () => {
  it.each([
    ['烏龍茶', true],
    ['蛋', true],
    ['coca-cola 可口可樂', true],
    ['milk coffee 12入', false],
    ['oolong tea', false],
    ['500', false],
  ])('%s: %s', (name, expected) => {
    expect(hasSoundForms(name)).toBe(expected);
  });
});

describe('phoneticTerms', () => {
  it.each<[string, string, string[][] | null]>([
    ['full pinyin', 'wulongcha', [['wulongcha']]],
    ['upper case and full width', 'ＷＵＬＯＮＧ', [['wulong']]],
    ['pinyin with tone marks', 'wūlóng', [['wulong']]],
    ['initials', 'WLC', [['wlc']]],
    ['syllables typed apart are one run', 'wu long', [['wulong']]],
    ['v and ü are u', 'lvcha', [['lucha']]],
    ['ü folded', 'lǜchá', [['lucha']]],
    ['zhuyin initials: also as pinyin initials', 'ㄨㄌㄔ', [['ㄨㄌㄔ', 'wlc']]],
    ['zhuyin with tones, typed apart', 'ㄨˇ ㄌㄨㄥˊ', [['ㄨㄌㄨㄥ', 'wlwe']]],
    ['zhuyin tones without spaces', 'ㄨˇㄌㄨㄥˊ', [['ㄨㄌㄨㄥ', 'wlwe']]],
    ['long terms each', 'wlc 500', [['wlc'], ['500']]],
    ['half-width zhuyin with a size', 'ㄋㄔ 500', [['ㄋㄔ500', 'nc500']]],
    ['too short', 'wu', null],
    ['too short joined', 'w l', null],
    ['a code, not a word of letters', 's0042', null],
    ['digits only', '580', null],
    ['Han characters: the name index serves them', '乌龙', null],
    ['Han mixed with pinyin', 'wu 龍', null],
    ['punctuation', '--', null],
    ['empty', '  ', null],
  ])('%s: %j', (_what, query, expected) => {
    expect(phoneticTerms(query)).toEqual(expected);
  });
});
