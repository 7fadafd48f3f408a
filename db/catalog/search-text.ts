import type { Product } from '../../core/catalog/product.ts';
import { searchKey, spacedIdeographs } from '../../core/catalog/normalize.ts';
import { phoneticForms } from '../../core/catalog/phonetic.ts';
import { readName } from '../name-readings.ts';
import { sortedEntries } from './product-rows.ts';

// What a product is indexed as for search: its folded names, each in one slot of the two name
// indexes (product_search: trigrams; product_search_short: words and single ideographs), and the
// sound forms of all its names in one row of product_search_phonetic.

/** Index rows per product: rowid = product_no * SLOTS + slot. */
export const SLOTS = 8;

// Start anchors, so that "name starts with" is a query on a rare token instead of a position
// check over every row holding the query's characters (FTS5's ^ operator):
// - trigram rows begin with TRIGRAM_START: "\u0001烏龍" is a trigram only at a name's start;
// - short rows begin with one extra token, SHORT_START + the name's first two word characters
//   ("\ue000烏龍 烏 龍 茶", "\ue000oo oolong tea"); unicode61 keeps a private-use character in a
//   token, and the 2-character prefix index serves a one-character start ("\ue000烏" *).
const TRIGRAM_START = '\u0001';
export const SHORT_START = '\ue000';
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** The distinct folded names of a product, primary first, at most SLOTS of them. */
export function searchNames(p: Pick<Product, 'name' | 'names'>): string[] {
  const keys: string[] = [];
  for (const n of [p.name, ...sortedEntries(p.names).map(([, v]) => v)]) {
    const k = searchKey(n);
    if (k !== '' && !keys.includes(k)) keys.push(k);
  }
  if (keys.length > SLOTS) return [...keys.slice(0, SLOTS - 1), keys.slice(SLOTS - 1).join(' / ')];
  return keys;
}

/** The leading word characters of a folded name or term, at most two (the short index's anchor). */
export function leadingWordCharacters(key: string): string[] {
  const out: string[] = [];
  for (const ch of key) {
    if (out.length === 2 || !WORD_CHAR.test(ch)) break;
    out.push(ch);
  }
  return out;
}

/** The text a folded name is indexed as in product_search. */
export function trigramText(key: string): string {
  return TRIGRAM_START + key;
}

/** The text a folded name is indexed as in product_search_short. */
export function shortText(key: string): string {
  const lead = leadingWordCharacters(key).join('');
  const spaced = spacedIdeographs(key);
  return lead === '' ? spaced : `${SHORT_START}${lead} ${spaced}`;
}

/**
 * The text a product is indexed as in product_search_phonetic: the sound forms of its folded
 * names (`searchNames`), distinct, each after the start anchor; null when no name has any
 * (core/catalog/phonetic.ts hasSoundForms). Zh-TW and zh-CN names mostly read alike and add
 * one set of forms.
 */
export function phoneticText(keys: readonly string[]): string | null {
  const forms = soundForms(keys);
  return forms.length === 0 ? null : forms.map(trigramText).join(' ');
}

/** The distinct sound forms of a product's folded names. */
export function soundForms(keys: readonly string[]): string[] {
  const forms: string[] = [];
  for (const key of keys) {
    const readings = readName(key);
    if (readings === null) continue;
    for (const f of phoneticForms(readings)) if (!forms.includes(f)) forms.push(f);
  }
  return forms;
}
