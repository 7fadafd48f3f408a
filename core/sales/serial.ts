// Serials of serialized products (issue #14): what counts as a serial, and the rules of selling and
// returning one. A serial is read from the piece (engraving, tag, certificate), so it is compared
// as written there: full-width characters folded, letters in upper case, no spaces.

/** Where a serial stands at this till: the last sale, return or post-void of it in the ledger. */
export interface SerialState {
  serial: string;
  state: 'sold' | 'returned';
  seq: number;
  receiptNo: number;
  lineNo: number;
}

export const MAX_SERIAL_LENGTH = 64;
const SERIAL = /^[A-Z0-9][A-Z0-9./_-]*$/;

export type SerialCheck = { ok: true; serial: string } | { ok: false; message: string };

/** The serial as the ledger records it, or why `raw` is none. */
export function normalizeSerial(raw: string): SerialCheck {
  const v = raw.normalize('NFKC').trim().toUpperCase();
  if (v === '') return { ok: false, message: 'the serial is empty' };
  if (v.length > MAX_SERIAL_LENGTH) return { ok: false, message: `a serial has at most ${MAX_SERIAL_LENGTH} characters` };
  if (!SERIAL.test(v))
    return { ok: false, message: `"${v}" is not a serial: letters, digits and . / _ - only, starting with a letter or digit` };
  return { ok: true, serial: v };
}

/** Why `serial` may not be sold now at this till, or null when it may. */
export function refusalToSell(serial: string, state: SerialState | undefined): string | null {
  if (state?.state !== 'sold') return null;
  return `serial ${serial} was sold on receipt ${state.receiptNo} and not returned: check the piece`;
}

/**
 * Why `serial` may not be returned, or null when it may: with a receipt it must be the serial of
 * that sale's line and still sold there; without one it must be sold at this till and not returned.
 */
export function refusalToReturn(
  serial: string,
  state: SerialState | undefined,
  receipt: { receiptNo: number; lineSerial: string | undefined } | undefined,
): string | null {
  if (receipt) {
    if (receipt.lineSerial !== serial) return `serial ${serial} is not the one sold on receipt ${receipt.receiptNo}`;
    if (state?.state !== 'sold' || state.receiptNo !== receipt.receiptNo)
      return `serial ${serial} of receipt ${receipt.receiptNo} was already returned`;
    return null;
  }
  if (state?.state !== 'sold') return `serial ${serial} is not sold at this till: it cannot be returned here`;
  return null;
}
