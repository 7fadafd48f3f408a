import { useMemo } from 'react';
import { formatAmount, formatDateTime, formatMoney, formatNumber, formatQuantity, type MoneyFormat } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState } from './till-context.tsx';

export interface Formatters {
  readonly money: (minor: number) => string;
  readonly amount: (minor: number) => string;
  readonly qty: (qtyMilli: number, unit: 'each' | 'kg') => string;
  readonly dateTime: (iso: string) => string;
  readonly number: (n: number) => string;
  readonly moneyFormat: MoneyFormat;
}

/** Money, quantities and dates in the UI language, with the terminal's currency and time zone. */
export function useFormat(): Formatters {
  const { locale } = useI18n();
  const terminal = useTillState((s) => s.terminal);
  const currency = terminal?.currency ?? 'USD';
  const minorDigits = terminal?.minorDigits ?? 2;
  const timeZone = terminal?.timeZone ?? 'UTC';
  return useMemo(() => {
    const f: MoneyFormat = { locale, currency, minorDigits };
    return {
      money: (m) => formatMoney(m, f),
      amount: (m) => formatAmount(m, f),
      qty: (q, u) => formatQuantity(q, u, locale),
      dateTime: (iso) => formatDateTime(iso, locale, timeZone),
      number: (n) => formatNumber(n, locale),
      moneyFormat: f,
    };
  }, [locale, currency, minorDigits, timeZone]);
}
