import { useMemo } from 'react';
import { formatAmount, formatDateTime, formatMoney, formatNumber, formatQuantity, type MoneyFormat } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState } from './till-context.tsx';
import { departmentName, productName, tenderName, type NamesByLanguage } from '../../core/shared/display-names.ts';

export interface Formatters {
  readonly money: (minor: number) => string;
  readonly amount: (minor: number) => string;
  readonly qty: (qtyMilli: number, unit: 'each' | 'kg') => string;
  readonly dateTime: (iso: string) => string;
  readonly number: (n: number) => string;
  readonly moneyFormat: MoneyFormat;
  /** A product's name as the sale line shows it (the UI language's name when the catalogue has one). */
  readonly product: (p: { name: string; names?: NamesByLanguage | undefined }) => string;
  /** A department's name in the UI language (from the config), never its code. */
  readonly department: (code: string) => string;
  /** A tender type's name in the UI language. */
  readonly tender: (type: string) => string;
}

/** Money, quantities and dates in the UI language, with the terminal's currency and time zone. */
export function useFormat(): Formatters {
  const { locale } = useI18n();
  const terminal = useTillState((s) => s.terminal);
  const currency = terminal?.currency ?? 'USD';
  const minorDigits = terminal?.minorDigits ?? 2;
  const timeZone = terminal?.timeZone ?? 'UTC';
  const departments = terminal?.departments;
  return useMemo(() => {
    const f: MoneyFormat = { locale, currency, minorDigits };
    return {
      money: (m) => formatMoney(m, f),
      amount: (m) => formatAmount(m, f),
      qty: (q, u) => formatQuantity(q, u, locale),
      dateTime: (iso) => formatDateTime(iso, locale, timeZone),
      number: (n) => formatNumber(n, locale),
      moneyFormat: f,
      product: (p) => productName(p, locale),
      department: (code) => departmentName(code, departments, locale),
      tender: (type) => tenderName(type, locale),
    };
  }, [locale, currency, minorDigits, timeZone, departments]);
}
