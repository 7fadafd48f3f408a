import { en, type MessageKey, type Messages } from './en.ts';
import { zhTW } from './zh-tw.ts';
import { zhCN } from './zh-cn.ts';

// The console's words in English, Traditional and Simplified Chinese, the same way as the till's
// renderer/i18n: every string a person sees comes from here.

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

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The message in `locale` with `{name}` placeholders filled. */
export function translator(locale: UiLocale): Translate {
  return (key, params) => {
    const text = CATALOGS[locale][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
  };
}

/** The text for an HQ error code (`error.<code>`), or the generic failure text. */
export function errorKey(code: string): MessageKey {
  const key = `error.${code}`;
  return Object.hasOwn(en, key) ? (key as MessageKey) : 'error.internal';
}

export type { MessageKey };
