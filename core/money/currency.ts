import { z } from 'zod';
import { MoneyError } from './errors.ts';
import { assertCurrencyCode } from './money.ts';

// Minor digits per currency. ISO 4217 is the starting point, but a store may differ: TWD has
// 2 digits in ISO yet cash, prices and receipts in Taiwan use whole dollars, so the default
// here is 0 and a store that needs cents overrides it in config.

interface CurrencyFacts {
  readonly numeric: string;
  readonly isoDigits: number;
  readonly defaultDigits: number;
}

const CURRENCIES: Readonly<Record<string, CurrencyFacts>> = {
  TWD: { numeric: '901', isoDigits: 2, defaultDigits: 0 },
  HKD: { numeric: '344', isoDigits: 2, defaultDigits: 2 },
  CNY: { numeric: '156', isoDigits: 2, defaultDigits: 2 },
  MOP: { numeric: '446', isoDigits: 2, defaultDigits: 2 },
  USD: { numeric: '840', isoDigits: 2, defaultDigits: 2 },
  EUR: { numeric: '978', isoDigits: 2, defaultDigits: 2 },
  GBP: { numeric: '826', isoDigits: 2, defaultDigits: 2 },
  CHF: { numeric: '756', isoDigits: 2, defaultDigits: 2 },
  SEK: { numeric: '752', isoDigits: 2, defaultDigits: 2 },
  JPY: { numeric: '392', isoDigits: 0, defaultDigits: 0 },
  KRW: { numeric: '410', isoDigits: 0, defaultDigits: 0 },
  SGD: { numeric: '702', isoDigits: 2, defaultDigits: 2 },
  MYR: { numeric: '458', isoDigits: 2, defaultDigits: 2 },
  THB: { numeric: '764', isoDigits: 2, defaultDigits: 2 },
  AUD: { numeric: '036', isoDigits: 2, defaultDigits: 2 },
  NZD: { numeric: '554', isoDigits: 2, defaultDigits: 2 },
  CAD: { numeric: '124', isoDigits: 2, defaultDigits: 2 },
  KWD: { numeric: '414', isoDigits: 3, defaultDigits: 3 },
  BHD: { numeric: '048', isoDigits: 3, defaultDigits: 3 },
};

/** A store's minor-digit overrides, e.g. `{ TWD: 2 }`; also adds currencies missing from the table. */
export const minorDigitsOverridesSchema = z.record(z.string().regex(/^[A-Z]{3}$/), z.int().min(0).max(4));
export type MinorDigitsOverrides = z.infer<typeof minorDigitsOverridesSchema>;

/** Minor digits used for `currency` in this store. Throws `money.unknown-currency` when neither table knows it. */
export function minorDigitsOf(currency: string, overrides: MinorDigitsOverrides = {}): number {
  assertCurrencyCode(currency);
  if (Object.hasOwn(overrides, currency)) {
    const d = overrides[currency];
    if (d !== undefined) return d;
  }
  const facts = Object.hasOwn(CURRENCIES, currency) ? CURRENCIES[currency] : undefined;
  if (!facts) {
    throw new MoneyError(
      'money.unknown-currency',
      `currency ${currency} is not configured: add its minor digits to the store's currency settings`,
      { currency },
    );
  }
  return facts.defaultDigits;
}

/** Minor digits ISO 4217 assigns, regardless of store practice (for exchange with banks and HQ). */
export function isoMinorDigitsOf(currency: string): number {
  assertCurrencyCode(currency);
  const facts = Object.hasOwn(CURRENCIES, currency) ? CURRENCIES[currency] : undefined;
  if (!facts) throw new MoneyError('money.unknown-currency', `currency ${currency} is not in the built-in table`, { currency });
  return facts.isoDigits;
}

/** Alphabetic code for an ISO 4217 numeric code ("978" -> "EUR"), as carried in GS1 AI 393n. */
export function currencyByNumeric(numeric: string): string | undefined {
  for (const [code, facts] of Object.entries(CURRENCIES)) if (facts.numeric === numeric) return code;
  return undefined;
}
