import { HostError } from '../contract/errors.ts';
import type { LedgerCrypto } from '../ports/crypto.ts';
import { toHex } from '../ledger/bytes.ts';

// A gift card's number is what spends it, so it is never written down where a customer or a
// colleague could read it back: the ledger, the projections, HQ and the receipt carry only its
// reference (a SHA-256 of the number under a fixed label) and its last four characters. A
// receipt, an X/Z or a ledger export therefore names a card without being able to spend it.
// The number must be long and random enough that the reference cannot be searched back: 12 to 32
// digits (cards are printed with 16 or more, most of them random).

export interface GiftCard {
  /** Lower-case hex SHA-256 of "tillproof/giftcard/v1:" + the normalized number. */
  readonly ref: string;
  readonly last4: string;
}

const CARD_NUMBER = /^\d{12,32}$/;

/** The number as printed, without spaces or dashes; null when it cannot be a card number. */
export function normalizeCardNumber(raw: string): string | null {
  const plain = raw.replace(/[\s-]+/g, '');
  return CARD_NUMBER.test(plain) ? plain : null;
}

/** The card a number names, or giftcard.invalid when it is no card number. */
export function giftCardOf(crypto: Pick<LedgerCrypto, 'sha256'>, raw: string): GiftCard {
  const number = normalizeCardNumber(raw);
  if (!number) throw new HostError('giftcard.invalid', 'a gift card number is 12 to 32 digits: scan the card or type the number on it');
  const ref = toHex(crypto.sha256(new TextEncoder().encode(`tillproof/giftcard/v1:${number}`)));
  return { ref, last4: number.slice(-4) };
}

/** The card as a receipt or a screen shows it: its last four only. */
export function maskedCard(last4: string): string {
  return `•••• ${last4}`;
}
