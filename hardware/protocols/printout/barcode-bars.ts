// Bar patterns for the barcodes the emulator draws as real, scannable bars: EAN-13,
// CODE128 (as sent with GS k, including {A {B {C code set selectors) and CODE39 (wide bars
// 3 narrow ones). Other symbologies are
// drawn as a labelled placeholder.

import { code128ValueModules, code39Modules as code39DataModules, ean13DigitModules } from '../../../core/shared/barcode-symbols.ts';

/** 95 modules ('1' = bar) for 13 digits. */
export const ean13Modules = ean13DigitModules;

export interface Code128Symbol {
  /** Symbol values: start code, data, check value, stop (106). */
  values: number[];
  /** Human-readable text: the data characters, code set C pairs as two digits, no functions. */
  text: string;
}

/**
 * Decodes ESC/POS CODE128 data: "{A", "{B", "{C" select a code set (the first one is the
 * start code), "{S" shifts one character to the other of A/B, "{1".."{4" are FNC1-FNC4, "{{"
 * is '{'. In code set C each byte is a value 0-99. Null when the data cannot be encoded.
 */
export function code128Symbol(data: Uint8Array): Code128Symbol | null {
  const START: Record<string, number> = { A: 103, B: 104, C: 105 };
  if (data[0] !== 0x7b) return null;
  let set = String.fromCharCode(data[1] ?? 0);
  const start = START[set];
  if (start === undefined) return null;
  const values = [start];
  let text = '';
  let shift = false;
  const addChar = (b: number): boolean => {
    const inSet = shift ? (set === 'A' ? 'B' : 'A') : set;
    shift = false;
    if (inSet === 'C') {
      if (b > 99) return false;
      values.push(b);
      text += String(b).padStart(2, '0');
      return true;
    }
    const v = inSet === 'A' ? (b < 0x20 ? b + 64 : b < 0x60 ? b - 32 : -1) : b >= 0x20 && b < 0x80 ? b - 32 : -1;
    if (v < 0) return false;
    values.push(v);
    if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
    return true;
  };
  for (let i = 2; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0x7b) {
      if (!addChar(b)) return null;
      continue;
    }
    const f = String.fromCharCode(data[++i] ?? 0);
    if (f === '{') {
      if (!addChar(0x7b)) return null;
    } else if (f === 'A' || f === 'B' || f === 'C') {
      if (f !== set) values.push(f === 'A' ? 101 : f === 'B' ? 100 : 99);
      set = f;
    } else if (f === 'S' && set !== 'C') {
      values.push(98);
      shift = true;
    } else if (f === '1') {
      values.push(102);
    } else if ((f === '2' || f === '3' || f === '4') && set !== 'C') {
      values.push(f === '2' ? 97 : f === '3' ? 96 : set === 'A' ? 101 : 100);
    } else {
      return null;
    }
  }
  let sum = values[0]!;
  for (let i = 1; i < values.length; i++) sum += values[i]! * i;
  values.push(sum % 103, 106);
  return { values, text };
}

/** Modules ('1' = bar) for CODE128 symbol values, including check and stop. */
export const code128Modules = code128ValueModules;

/** Modules for CODE39 data as sent (the printer adds the '*' start and stop). */
export const code39Modules = code39DataModules;
