import { describe, expect, it } from 'vitest';
import { ZHUYIN_TONE_MARKS, zhuyinOf } from '../../../../core/catalog/zhuyin.ts';

describe('zhuyinOf', () => {
  it.each([
    // initial + final
    ['long', 'ㄌㄨㄥ'],
    ['cha', 'ㄔㄚ'],
    ['ba', 'ㄅㄚ'],
    ['po', 'ㄆㄛ'],
    ['mei', 'ㄇㄟ'],
    ['fang', 'ㄈㄤ'],
    ['dou', 'ㄉㄡ'],
    ['teng', 'ㄊㄥ'],
    ['nian', 'ㄋㄧㄢ'],
    ['liang', 'ㄌㄧㄤ'],
    ['gua', 'ㄍㄨㄚ'],
    ['kuai', 'ㄎㄨㄞ'],
    ['huang', 'ㄏㄨㄤ'],
    ['zhong', 'ㄓㄨㄥ'],
    ['shuo', 'ㄕㄨㄛ'],
    ['ren', 'ㄖㄣ'],
    ['zao', 'ㄗㄠ'],
    ['cun', 'ㄘㄨㄣ'],
    ['sui', 'ㄙㄨㄟ'],
    ['diu', 'ㄉㄧㄡ'],
    ['die', 'ㄉㄧㄝ'],
    ['biao', 'ㄅㄧㄠ'],
    ['ming', 'ㄇㄧㄥ'],
    ['lin', 'ㄌㄧㄣ'],
    // the silent i of zhi chi shi ri zi ci si
    ['zhi', 'ㄓ'],
    ['chi', 'ㄔ'],
    ['shi', 'ㄕ'],
    ['ri', 'ㄖ'],
    ['zi', 'ㄗ'],
    ['ci', 'ㄘ'],
    ['si', 'ㄙ'],
    // ü: written u after j q x y, ü or v after l n
    ['ju', 'ㄐㄩ'],
    ['que', 'ㄑㄩㄝ'],
    ['xuan', 'ㄒㄩㄢ'],
    ['jun', 'ㄐㄩㄣ'],
    ['jiong', 'ㄐㄩㄥ'],
    ['lü', 'ㄌㄩ'],
    ['lv', 'ㄌㄩ'],
    ['nüe', 'ㄋㄩㄝ'],
    ['lu', 'ㄌㄨ'],
    // no initial: y and w spellings
    ['yi', 'ㄧ'],
    ['ya', 'ㄧㄚ'],
    ['ye', 'ㄧㄝ'],
    ['yao', 'ㄧㄠ'],
    ['you', 'ㄧㄡ'],
    ['yan', 'ㄧㄢ'],
    ['yin', 'ㄧㄣ'],
    ['yang', 'ㄧㄤ'],
    ['ying', 'ㄧㄥ'],
    ['yong', 'ㄩㄥ'],
    ['yu', 'ㄩ'],
    ['yue', 'ㄩㄝ'],
    ['yuan', 'ㄩㄢ'],
    ['yun', 'ㄩㄣ'],
    ['wu', 'ㄨ'],
    ['wa', 'ㄨㄚ'],
    ['wo', 'ㄨㄛ'],
    ['wai', 'ㄨㄞ'],
    ['wei', 'ㄨㄟ'],
    ['wan', 'ㄨㄢ'],
    ['wen', 'ㄨㄣ'],
    ['wang', 'ㄨㄤ'],
    ['weng', 'ㄨㄥ'],
    // no initial, bare finals
    ['a', 'ㄚ'],
    ['e', 'ㄜ'],
    ['ai', 'ㄞ'],
    ['ou', 'ㄡ'],
    ['an', 'ㄢ'],
    ['er', 'ㄦ'],
    ['eng', 'ㄥ'],
    // interjections
    ['ng', 'ㄫ'],
    ['m', 'ㄇ'],
    ['LONG', 'ㄌㄨㄥ'],
  ])('%s -> %s', (pinyin, zhuyin) => {
    expect(zhuyinOf(pinyin)).toBe(zhuyin);
  });

  it.each(['', 'x', 'zh', 'bx', 'qing1', 'hello', '烏', 'ㄨ'])('%j is not a syllable', (s) => {
    expect(zhuyinOf(s)).toBeNull();
  });

  it('knows the tone marks a zhuyin keyboard types', () => {
    expect('ㄨˇ ㄌㄨㄥˊ ㄔㄚˊ ㄇㄚ˙ ㄈㄟˉ ㄅㄨˋ'.replace(ZHUYIN_TONE_MARKS, '')).toBe('ㄨ ㄌㄨㄥ ㄔㄚ ㄇㄚ ㄈㄟ ㄅㄨ');
  });
});
