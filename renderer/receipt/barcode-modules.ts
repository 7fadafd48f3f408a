// Bars for the receipt preview's barcodes, as a string of modules ('1' bar, '0' space), so
// the preview shows the symbol the printer prints. Code 128 (subsets B and C), EAN-13 and Code 39.

import {
  CODE128_WIDTHS,
  code128ValueModules,
  code39Modules,
  ean13DigitModules,
  widthsToModules,
} from '../../core/shared/barcode-symbols.ts';

export { CODE128_WIDTHS, widthsToModules };

export const CODE128_START_B = 104;
export const CODE128_START_C = 105;
export const CODE128_STOP = 106;

/** The symbol values of a Code 128 barcode: start, data, checksum, stop. Null for data it cannot carry. */
export function code128Values(data: string): number[] | null {
  if (data.length === 0) return null;
  const values: number[] = [];
  if (/^(\d\d)+$/.test(data)) {
    values.push(CODE128_START_C);
    for (let i = 0; i < data.length; i += 2) values.push(Number(data.slice(i, i + 2)));
  } else {
    values.push(CODE128_START_B);
    for (const ch of data) {
      const c = ch.charCodeAt(0);
      if (ch.length !== 1 || c < 32 || c > 127) return null;
      values.push(c - 32);
    }
  }
  const checksum = values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
  values.push(checksum, CODE128_STOP);
  return values;
}

export function code128Modules(data: string): string | null {
  const values = code128Values(data);
  return values ? code128ValueModules(values) : null;
}

export function ean13CheckDigit(first12: string): number {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

/** 95 modules of an EAN-13 symbol; null unless `data` is 12 or 13 digits with a right check digit. */
export function ean13Modules(data: string): string | null {
  if (!/^\d{12,13}$/.test(data)) return null;
  const check = ean13CheckDigit(data.slice(0, 12));
  if (data.length === 13 && Number(data[12]) !== check) return null;
  return ean13DigitModules(data.slice(0, 12) + String(check));
}

export function barcodeModules(symbology: 'CODE128' | 'EAN13' | 'CODE39', data: string): string | null {
  if (symbology === 'CODE39') return code39Modules(data);
  return symbology === 'EAN13' ? ean13Modules(data) : code128Modules(data);
}
