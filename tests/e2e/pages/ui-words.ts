// What a person reads on the till, in whichever of its languages the screen is in: built from the
// UI's own catalogues, so a page object names a control by its words, not by markup.
import type { Locator } from 'playwright-core';
import { CATALOGS, UI_LOCALES, type MessageKey } from '../../../renderer/i18n/i18n.ts';

/** Values for {placeholders}: text as shown, or a pattern for text that varies (a formatted amount). */
type Params = Readonly<Record<string, string | number | RegExp>>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The message in every language as one alternation; {placeholders} given are filled in, the others match anything. */
function alternatives(key: MessageKey, params: Params = {}): string {
  const texts = new Set(UI_LOCALES.map((l) => CATALOGS[l][key]));
  return [...texts]
    .map((text) =>
      text
        .split(/(\{\w+\})/)
        .map((part) => {
          const name = /^\{(\w+)\}$/.exec(part)?.[1];
          if (name === undefined) return escape(part);
          if (!Object.hasOwn(params, name)) return '.*?';
          const value = params[name]!;
          return value instanceof RegExp ? value.source : escape(String(value));
        })
        .join(''),
    )
    .join('|');
}

/** Exactly these words (the whole name or text). */
export function words(key: MessageKey, params?: Params): RegExp {
  return new RegExp(`^(?:${alternatives(key, params)})$`);
}

/** A name that starts with these words: a button's caption followed by its key (F9, Esc). */
export function caption(key: MessageKey, params?: Params): RegExp {
  return new RegExp(`^(?:${alternatives(key, params)})(?:\\s|$)`);
}

/** These words anywhere in a text. */
export function mentions(key: MessageKey, params?: Params): RegExp {
  return new RegExp(alternatives(key, params));
}

/** A whole amount as any of the till's languages shows it: 1000 matches "$1,000", "NT$1,000" or "1,000.00". */
export function amount(n: number): RegExp {
  const digits = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',?');
  return new RegExp(`\\D*${digits}(?:\\.0+)?`);
}

/** Whether this element has the keyboard focus. */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}
