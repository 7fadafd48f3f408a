import { describe, expect, it } from 'vitest';
import { searchKey, spacedIdeographs, unsafeCharacter } from '../../../../core/catalog/normalize.ts';

describe('search folding', () => {
  it('folds width, case, Latin accents and white space; keeps Traditional and Simplified apart', () => {
    expect(searchKey('Ｏｏｌｏｎｇ　ＴＥＡ')).toBe('oolong tea');
    expect(searchKey('  Café   Latte ')).toBe('cafe latte');
    expect(searchKey('ｶﾀｶﾅ ガ')).toBe('カタカナ ガ');
    expect(searchKey('烏龍茶')).not.toBe(searchKey('乌龙茶'));
    expect(searchKey('Cafe\u0301 ＣＡＦÉ')).toBe('cafe cafe');
    expect(spacedIdeographs('烏龍茶 500ml')).toBe('烏 龍 茶 500ml');
    expect(spacedIdeographs('a烏b 7-11便當')).toBe('a 烏 b 7-11 便 當');
    expect(spacedIdeographs('カタカナ')).toBe('カ タ カ ナ');
  });

  it('names the first unsafe character', () => {
    expect(unsafeCharacter('Tea\u0007')).toBe('U+0007');
    expect(unsafeCharacter('a\u202Eb')).toBe('U+202E');
    expect(unsafeCharacter('\ud800')).toBe('U+D800');
    expect(unsafeCharacter('烏龍茶 Oolong 😀')).toBeNull();
  });
});
