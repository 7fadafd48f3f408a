import { codePointLength, hasWordCharacter, searchKey, spacedIdeographs } from '../../core/catalog/normalize.ts';
import { phoneticTerms } from '../../core/catalog/phonetic.ts';
import { PRODUCT_COLUMNS } from './product-rows.ts';
import { SHORT_START, SLOTS, leadingWordCharacters, trigramText } from './search-text.ts';

// How a search query is read: which index serves it and the FTS5 queries that ask it, written
// so that every query reads an index with a LIMIT (see SqliteCatalog.search).

export type SearchIndexTable = 'product_search' | 'product_search_short' | 'product_search_phonetic';

/** Active products whose index rows match an FTS5 query, at most LIMIT of them, in catalog order. */
export function searchSql(table: SearchIndexTable): string {
  // The sound index has one row per product (rowid = product_no), the name indexes SLOTS.
  const no = table === 'product_search_phonetic' ? 'rowid' : `DISTINCT rowid / ${SLOTS}`;
  return `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.product_no IN (SELECT ${no} FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`;
}

/** How a search query is read: its terms, and which index serves them. */
export interface SearchPlan {
  /** 'trigram' when every term has 3+ characters (substring match); 'short' otherwise. */
  index: 'trigram' | 'short';
  /** The first term, folded: a prefix hit is a name that starts with it. */
  first: string;
  /**
   * FTS5 query for names starting with the first term and containing the others; null when the
   * term cannot start a name. On the short index it may over-match (a name starting with the
   * term's first two characters and holding the term elsewhere): hits are checked against `first`.
   */
  prefix: string | null;
  /** FTS5 query for names containing every term. */
  substring: string;
}

function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

const TRAILING_WORD = /[\p{L}\p{N}]+$/u;
const CONTROLS = /[\p{Cc}\ue000-\uf8ff]/gu;

/**
 * A term as a short-index phrase. A trailing Latin word of 2+ characters matches as a prefix
 * ("te" finds "tea", served by the 2-character prefix index); a trailing single letter or digit
 * matches as a whole word ("vitamin c"), since a 1-character prefix has no index to serve it.
 */
function shortPhrase(term: string): string {
  const spaced = spacedIdeographs(term);
  const tail = TRAILING_WORD.exec(spaced)?.[0] ?? '';
  // Han and kana stand alone after spacing, so a trailing run of 2+ is always a word.
  return ftsString(spaced) + (codePointLength(tail) >= 2 ? ' *' : '');
}

/**
 * Plans a name search. Terms are the query's white-space separated words, folded like names;
 * every term must occur in the same name. All 3+ characters: the trigram index (substring
 * anywhere, any script). Otherwise the short index: Han and kana characters match as substrings
 * (one token each), other words by prefix ("te" finds "tea", not "water"); a lone letter or digit
 * is a whole word, or the start of a name. Null when nothing searchable is left.
 */
export function planSearch(query: string): SearchPlan | null {
  const terms = searchKey(query.replace(CONTROLS, ' '))
    .split(' ')
    .filter((t) => t !== '' && hasWordCharacter(t));
  if (terms.length === 0) return null;
  const first = terms[0]!;
  if (terms.every((t) => codePointLength(t) >= 3)) {
    const phrases = terms.map(ftsString);
    return {
      index: 'trigram',
      first,
      prefix: [ftsString(trigramText(first)), ...phrases.slice(1)].join(' AND '),
      substring: phrases.join(' AND '),
    };
  }
  const phrases = terms.map(shortPhrase);
  const lead = leadingWordCharacters(first).join('');
  let prefix: string | null = null;
  if (lead !== '') {
    // One leading character: any anchor starting with it. Two: the anchor itself.
    const anchor = ftsString(SHORT_START + lead) + (codePointLength(lead) === 1 ? ' *' : '');
    // The anchor alone is exact when it spells the whole term; otherwise the term must follow.
    prefix = [anchor, ...(lead === first ? [] : [phrases[0]!]), ...phrases.slice(1)].join(' AND ');
  }
  return { index: 'short', first, prefix, substring: phrases.join(' AND ') };
}

/** How a search by sound is read: the FTS5 query on product_search_phonetic, and what a prefix hit starts with. */
export interface PhoneticPlan {
  /** Sound forms containing every term (any of its alternatives). */
  substring: string;
  /** The first term's alternatives, folded: a product with a sound form starting with one is a prefix hit. */
  first: string[];
}

/**
 * Plans a search by sound ("wulongcha", "wu long", "wlc", "ㄨㄌㄔ", "ㄨˇ ㄌㄨㄥˊ"), or null when the
 * query cannot be one (core/catalog/phonetic.ts phoneticTerms). Every term is 3+ characters,
 * a trigram substring, or any of its alternatives.
 */
export function planPhoneticSearch(query: string): PhoneticPlan | null {
  const terms = phoneticTerms(query.replace(CONTROLS, ' '));
  if (terms === null) return null;
  const anyOf = (alternatives: string[]): string =>
    alternatives.length === 1 ? ftsString(alternatives[0]!) : `(${alternatives.map(ftsString).join(' OR ')})`;
  return { substring: terms.map(anyOf).join(' AND '), first: terms[0]! };
}
