import { describe, expect, it } from 'vitest';
import { CATALOGS, UI_LOCALES, errorKey, resolveLocale, translator } from '../../../../console/i18n/i18n.ts';
import { en } from '../../../../console/i18n/en.ts';

const keys = Object.keys(en).sort();
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('HQ console translations', () => {
  it.each(UI_LOCALES)('%s has every key, no extra ones, none empty', (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    const missing = keys.filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    const empty = Object.entries(catalog)
      .filter(([, v]) => v.trim() === '')
      .map(([k]) => k);
    expect({ missing, extra, empty }).toEqual({ missing: [], extra: [], empty: [] });
  });

  it.each(UI_LOCALES)('%s uses the same {placeholders} as English', (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    const wrong = keys.filter((k) => JSON.stringify(placeholders(catalog[k]!)) !== JSON.stringify(placeholders(en[k as keyof typeof en])));
    expect(wrong).toEqual([]);
  });

  it('every refusal a console user can meet has its own text; anything else the generic one', () => {
    for (const code of [
      'console.sign-in-failed',
      'console.totp-required',
      'console.locked',
      'console.unauthenticated',
      'console.forbidden',
      'console.csrf',
      'hq.busy',
      'network',
    ])
      expect(errorKey(code)).toBe(`error.${code}`);
    expect(errorKey('ingest.fork')).toBe('error.internal');
  });

  it('fills placeholders and picks the language from the browser', () => {
    expect(translator('zh-TW')('stores.store', { id: 'S-1' })).toBe('門市 S-1');
    expect(translator('en')('header.signedInAs', { name: 'Ada', role: 'administrator' })).toBe('Signed in as Ada (administrator)');
    expect(resolveLocale('zh-Hant-TW')).toBe('zh-TW');
    expect(resolveLocale('zh-SG')).toBe('zh-CN');
    expect(resolveLocale('fr-FR')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});
