// The dictionary adapter: readings of Traditional and Simplified names, and the zhuyin table
// (core/catalog/zhuyin.ts) checked against every syllable the dictionary can give.
import { describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { readName } from '../../../db/name-readings.ts';
import { zhuyinOf } from '../../../core/catalog/zhuyin.ts';

const syllables = (key: string) => readName(key)?.map((r) => r.pinyin);

describe('readName', () => {
  it('reads Traditional and Simplified characters alike', () => {
    expect(syllables('烏龍茶')).toEqual(['wu', 'long', 'cha']);
    expect(syllables('乌龙茶')).toEqual(['wu', 'long', 'cha']);
    expect(syllables('綠茶')).toEqual(['lü', 'cha']);
  });

  it('reads a polyphone in context, keeps other characters without a reading', () => {
    expect(syllables('银行 atm')).toEqual(['yin', 'hang', null, null, null, null]);
    expect(syllables('行走')).toEqual(['xing', 'zou']);
    expect(syllables('凍頂烏龍茶 無糖 500ml')).toEqual([
      'dong',
      'ding',
      'wu',
      'long',
      'cha',
      null,
      'wu',
      'tang',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('skips names that get no sound forms', () => {
    expect(readName('oolong tea 500ml')).toBeNull();
    expect(readName('milk coffee 12入')).toBeNull();
  });
});

describe('the zhuyin table', () => {
  it('spells every syllable the dictionary gives for the CJK Unified Ideographs', () => {
    const all = new Set<string>();
    for (let cp = 0x4e00; cp <= 0x9fff; cp++) {
      for (const s of pinyin(String.fromCodePoint(cp), { type: 'array', toneType: 'none', multiple: true }))
        if (/^[a-zü]+$/.test(s)) all.add(s);
    }
    expect(all.size).toBeGreaterThan(380);
    const missing = [...all].filter((s) => zhuyinOf(s) === null).sort();
    expect(missing).toEqual([]);
  });
});
