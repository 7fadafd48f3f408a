// Search queries as the catalog reads them: which index, and the FTS5 queries it runs.
import { describe, expect, it } from 'vitest';
import { planPhoneticSearch, planSearch } from '../../../../db/catalog/search-plan.ts';

describe('catalog search plans', () => {
  it('plans sound searches on the phonetic index: 3+ characters, zhuyin also as pinyin initials', () => {
    expect(planPhoneticSearch('wlc')).toEqual({ substring: '"wlc"', first: ['wlc'] });
    expect(planPhoneticSearch('wlc 500')).toEqual({ substring: '"wlc" AND "500"', first: ['wlc'] });
    expect(planPhoneticSearch('ㄨˇ ㄌㄨㄥˊ')).toEqual({ substring: '("ㄨㄌㄨㄥ" OR "wlwe")', first: ['ㄨㄌㄨㄥ', 'wlwe'] });
    expect(planPhoneticSearch('\u0001wu\ue000long')).toEqual({ substring: '"wulong"', first: ['wulong'] });
    expect(planPhoneticSearch('s0042')).toBeNull();
    expect(planPhoneticSearch('烏龍')).toBeNull();
  });

  it('plans 1-2 character terms on the short index and 3+ on the trigram index', () => {
    // Prefixes are phrases that begin with a start anchor only a name's first position carries.
    expect(planSearch('烏龍茶')).toEqual({ index: 'trigram', first: '烏龍茶', prefix: '"\u0001烏龍茶"', substring: '"烏龍茶"' });
    expect(planSearch('龍茶')).toEqual({ index: 'short', first: '龍茶', prefix: '"\ue000龍茶"', substring: '"龍 茶"' });
    expect(planSearch('茶')).toEqual({ index: 'short', first: '茶', prefix: '"\ue000茶" *', substring: '"茶"' });
    expect(planSearch('vitamin c')).toEqual({
      index: 'short',
      first: 'vitamin',
      prefix: '"\ue000vi" AND "vitamin" * AND "c"',
      substring: '"vitamin" * AND "c"',
    });
    expect(planSearch('Ｏｏ')).toEqual({ index: 'short', first: 'oo', prefix: '"\ue000oo"', substring: '"oo" *' });
    expect(planSearch('7- 烏龍茶')).toEqual({
      index: 'short',
      first: '7-',
      prefix: '"\ue0007" * AND "7-" AND "烏 龍 茶"',
      substring: '"7-" AND "烏 龍 茶"',
    });
    expect(planSearch('烏龍茶 a')?.prefix).toBe('"\ue000烏龍" AND "烏 龍 茶" AND "a"');
    expect(planSearch('(x')).toEqual({ index: 'short', first: '(x', prefix: null, substring: '"(x"' });
    expect(planSearch('\u0001\ue000abc')).toEqual({ index: 'trigram', first: 'abc', prefix: '"\u0001abc"', substring: '"abc"' });
    expect(planSearch('say "hi" there')?.substring).toBe('"say" AND """hi""" AND "there"');
    expect(planSearch('ab "cd')?.substring).toBe('"ab" * AND """cd" *');
    expect(planSearch('...')).toBeNull();
  });
});
