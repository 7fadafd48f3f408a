// Money on screen: integer minor units from the host, shown in the UI language with the
// terminal's currency and minor digits (TWD has 0 in shops even though ISO says 2). No floats:
// the amount is turned into an exact decimal string before Intl formats it.

export interface MoneyFormat {
  readonly locale: string;
  readonly currency: string;
  readonly minorDigits: number;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(f: MoneyFormat, style: 'currency' | 'decimal'): Intl.NumberFormat {
  const key = `${f.locale}|${f.currency}|${f.minorDigits}|${style}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(f.locale, {
      ...(style === 'currency' ? { style: 'currency', currency: f.currency, currencyDisplay: 'narrowSymbol' } : { style: 'decimal' }),
      minimumFractionDigits: f.minorDigits,
      maximumFractionDigits: f.minorDigits,
    });
    formatters.set(key, nf);
  }
  return nf;
}

/** 12345 with 2 digits -> "123.45"; -5 -> "-0.05". Exact for any safe integer. */
export function minorToDecimal(minor: number, minorDigits: number): `${number}` {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  const whole = minorDigits > 0 ? digits.slice(0, -minorDigits) : digits;
  const fraction = minorDigits > 0 ? `.${digits.slice(-minorDigits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}` as `${number}`;
}

/** "NT$1,234" / "$1,234" / "US$12.50": the amount with its currency, in the UI's locale. */
export function formatMoney(minor: number, f: MoneyFormat): string {
  return formatter(f, 'currency').format(minorToDecimal(minor, f.minorDigits));
}

/** The amount without a currency sign ("1,234.50"), for columns that say the currency once. */
export function formatAmount(minor: number, f: MoneyFormat): string {
  return formatter(f, 'decimal').format(minorToDecimal(minor, f.minorDigits));
}

/**
 * Reads what a cashier typed ("12", "12.5", "1,200", "12.50") as minor units; null when it is
 * not an amount or has more decimals than the currency allows.
 */
export function parseMoneyInput(text: string, minorDigits: number): number | null {
  const clean = text
    .replace(/[\s,_'\u00a0\u202f]/g, '')
    .replace(/[．。]/g, '.')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  // 13 digits: the largest amount the contract takes (10^12 minor units) at 0 decimals.
  const m = /^(\d{1,13})(?:\.(\d*))?$/.exec(clean);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > minorDigits) return null;
  const value = Number(m[1]) * 10 ** minorDigits + Number(fraction.padEnd(minorDigits, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

/** Banknotes and coins per currency, in major units; others fall back to a 1-2-5 series. */
const DENOMINATIONS: Readonly<Record<string, readonly number[]>> = {
  TWD: [100, 500, 1000, 2000],
  CNY: [10, 20, 50, 100],
  HKD: [20, 50, 100, 500, 1000],
  USD: [1, 5, 10, 20, 50, 100],
  EUR: [5, 10, 20, 50, 100],
  JPY: [1000, 5000, 10000],
};

/**
 * Cash amounts a customer is likely to hand over for `due` (minor units): the exact amount,
 * then the next round-ups to each note, smallest first, at most `count` in all.
 */
export function quickCashAmounts(due: number, currency: string, minorDigits: number, count = 4): number[] {
  if (due <= 0) return [];
  const unit = 10 ** minorDigits;
  const notes = (DENOMINATIONS[currency] ?? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]).map((n) => n * unit);
  const out = new Set<number>([due]);
  for (const note of notes) {
    const up = Math.ceil(due / note) * note;
    if (up > due) out.add(up);
  }
  return [...out].sort((a, b) => a - b).slice(0, count);
}

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

const quantityFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Quantity in thousandths, shown as a count for pieces and with grams precision for weighed goods. */
export function formatQuantity(qtyMilli: number, unit: 'each' | 'kg', locale: string): string {
  const nf = cached(
    quantityFormats,
    `${locale}|${unit}`,
    () =>
      new Intl.NumberFormat(locale, unit === 'kg' ? { minimumFractionDigits: 3, maximumFractionDigits: 3 } : { maximumFractionDigits: 3 }),
  );
  return nf.format(minorToDecimal(qtyMilli, 3));
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached(
    dateFormats,
    `${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
  ).format(d);
}

export function formatNumber(n: number, locale: string): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
}
