// Text rules shared by catalog import and catalog search: what a name may contain, and the
// folded form a name is matched in. Pure functions: the same folding runs where the index is
// built (db/) and wherever a query is typed.

/**
 * Characters refused in any catalog text: C0/C1 controls (including tab and newline), line and
 * paragraph separators, bidirectional overrides and isolates (they reorder what a receipt
 * shows) and unpaired surrogates. A receipt printer takes control bytes as commands.
 */
const UNSAFE = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** The first unsafe character's code point as U+XXXX, or null when the text is safe to print. */
export function unsafeCharacter(text: string): string | null {
  const m = UNSAFE.exec(text);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

// Latin combining diacritics (é = e + U+0301): folded away so "cafe" finds "Café". Other
// combining marks (kana voicing marks, Hangul jamo) are part of the letter and stay.
const LATIN_DIACRITICS = /[\u0300-\u036f]/g;
// Text that may decompose into such diacritics (precomposed Latin, Greek, Cyrillic letters).
const MAY_CARRY_DIACRITICS = /[\u00c0-\u04ff\u1e00-\u1fff]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const SPACES = /\s+/gu;

/**
 * The form names and queries are compared in: compatibility-folded (full-width Ｏｏｌｏｎｇ and
 * half-width ｶﾀｶﾅ become Oolong and カタカナ), lower-cased, Latin accents removed, runs of
 * white space collapsed to one space. Traditional and Simplified Chinese are not converted into
 * each other: a product carries both names and both are indexed.
 */
export function searchKey(text: string): string {
  // Printable ASCII needs no Unicode folding (most English names and every code).
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(SPACES, ' ').trim();
  const folded = MAY_CARRY_DIACRITICS.test(text)
    ? text.normalize('NFKD').toLowerCase().replace(LATIN_DIACRITICS, '').normalize('NFKC')
    : text.normalize('NFKC').toLowerCase().replace(LATIN_DIACRITICS, '');
  return folded.replace(SPACES, ' ').trim();
}

const IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]$/u;

/**
 * Whether a character (one code point) is written without spaces between words: Han, kana and
 * bopomofo. Each is its own token in the short query index.
 */
export function isIdeograph(ch: string): boolean {
  return IDEOGRAPH.test(ch);
}

/** A search key with every Han, kana and bopomofo character set apart by spaces ("烏龍茶 500ml" -> "烏 龍 茶 500ml"). */
export function spacedIdeographs(key: string): string {
  if (PRINTABLE_ASCII.test(key)) return key;
  let out = '';
  let prevIdeograph = false;
  for (const ch of key) {
    const ideograph = isIdeograph(ch);
    if (ch === ' ') {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else {
      if ((ideograph || prevIdeograph) && out !== '' && !out.endsWith(' ')) out += ' ';
      out += ch;
    }
    prevIdeograph = ideograph;
  }
  return out.trimEnd();
}

/** Whether the text has a letter or digit: punctuation alone matches nothing useful. */
export function hasWordCharacter(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Length in code points, as the trigram index counts them. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
