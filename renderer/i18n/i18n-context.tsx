import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { UI_LOCALES, resolveLocale, translator, type Translate, type UiLocale } from './i18n.ts';

interface I18nValue {
  readonly locale: UiLocale;
  readonly t: Translate;
  setLocale(locale: UiLocale): void;
}

const I18nContext = createContext<I18nValue | null>(null);
const STORAGE_KEY = 'tillproof.ui-locale';

function storedLocale(): UiLocale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v && (UI_LOCALES as readonly string[]).includes(v) ? (v as UiLocale) : null;
  } catch {
    return null;
  }
}

/**
 * The UI language: the cashier's choice on this terminal, else the store's locale, else the
 * browser's. `storeOnly` (the customer display) ignores the cashier's choice: the customer reads
 * the store's language whatever the cashier picked.
 */
export function I18nProvider({
  storeLocale,
  storeOnly = false,
  children,
}: {
  storeLocale: string | null;
  storeOnly?: boolean;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<UiLocale | null>(() => (storeOnly ? null : storedLocale()));
  const locale = chosen ?? resolveLocale(storeLocale ?? navigator.language);
  const setLocale = useCallback((l: UiLocale) => {
    setChosen(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not persisted: the choice lasts for this page.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, t: translator(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
