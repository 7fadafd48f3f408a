import { en, type MessageKey, type Messages } from './en.ts';
import { zhTW } from './zh-tw.ts';
import { zhCN } from './zh-cn.ts';

// The UI's words in English, Traditional and Simplified Chinese. Every string a person sees
// comes from here; a unit test fails when a locale misses a key or an error code has no text.

export const UI_LOCALES = ['en', 'zh-TW', 'zh-CN'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export const CATALOGS: Readonly<Record<UiLocale, Messages>> = { en, 'zh-TW': zhTW, 'zh-CN': zhCN };

/** The UI locale for a BCP 47 tag ("zh-Hant-TW" -> zh-TW, "zh-SG" -> zh-CN, "fr" -> en). */
export function resolveLocale(tag: string | null | undefined): UiLocale {
  if (!tag) return 'en';
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) {
    if (t.includes('hant') || t.endsWith('-tw') || t.endsWith('-hk') || t.endsWith('-mo')) return 'zh-TW';
    return 'zh-CN';
  }
  return 'en';
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** The message in `locale` with `{name}` placeholders filled; English when a locale lacks it. */
export function translate(locale: UiLocale, key: MessageKey, params?: MessageParams): string {
  const text = CATALOGS[locale][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Placeholder names used in a message, for the completeness test. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: UiLocale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The text for a host error code (`error.<code>`), or the generic failure text. */
export function errorKey(code: string): MessageKey {
  const key = `error.${code}`;
  return hasMessage(key) ? key : 'error.internal';
}

export type { MessageKey, Messages };
