import { HostError } from '../contract/errors.ts';
import { knownEntry } from '../ledger/bodies.ts';
import type { LedgerEntry } from '../ledger/entry.ts';
import { formatMinor } from '../money/money.ts';
import type { SaleLookup } from '../till/day-totals.ts';
import { maskedCard } from './card-number.ts';

// What each ledger entry does to a gift card's balance at this till. One function, two users: the
// SQLite projection adds these in the same transaction as the entry (and rebuilds from them), and
// the tests recompute balances from scratch. Training entries move no real value.
//
//   giftcard-issued          + the value loaded (how tills before the gift card sale line recorded it)
//   sale, gift card line     + the value loaded (a card sold or topped up in a sale)
//   sale, giftcard tender    - what it paid (the redemption)
//   return, giftcard refund  + what went back onto the card
//   post-void of a sale      + the giftcard tenders of the voided sale, back onto their cards,
//                            - the value its gift card lines loaded

/** A card's row in the balance projection. */
export interface GiftCardBalance {
  readonly cardRef: string;
  readonly last4: string;
  readonly balance: number;
  /** The last entry that changed it. */
  readonly seq: number;
}

export interface GiftCardDelta {
  readonly cardRef: string;
  readonly last4: string;
  /** Signed minor units: positive loads the card, negative spends it. */
  readonly amount: number;
}

interface CardTender {
  readonly type: string;
  readonly amount: number;
  readonly reference?: string | undefined;
  readonly last4?: string | undefined;
}

type SaleLines = ReadonlyArray<{
  readonly amount: number;
  readonly giftCard?: { readonly cardRef: string; readonly last4: string } | undefined;
}>;

function cardLoads(lines: SaleLines, sign: 1 | -1): GiftCardDelta[] {
  return lines.flatMap((l) => (l.giftCard ? [{ cardRef: l.giftCard.cardRef, last4: l.giftCard.last4, amount: sign * l.amount }] : []));
}

function cardTenders(tenders: readonly CardTender[], sign: 1 | -1): GiftCardDelta[] {
  const out: GiftCardDelta[] = [];
  for (const t of tenders) {
    if (t.type !== 'giftcard' || !t.reference) continue;
    out.push({ cardRef: t.reference, last4: t.last4 ?? '', amount: sign * t.amount });
  }
  return out;
}

export function giftCardDeltas(ledgerEntry: LedgerEntry, lookupSale: SaleLookup): GiftCardDelta[] {
  const entry = knownEntry(ledgerEntry);
  switch (entry?.kind) {
    case 'giftcard-issued':
      return entry.body.training ? [] : [{ cardRef: entry.body.cardRef, last4: entry.body.last4, amount: entry.body.amount }];
    case 'sale':
      return entry.body.training ? [] : [...cardLoads(entry.body.lines, 1), ...cardTenders(entry.body.tenders, -1)];
    case 'return':
      return entry.body.training ? [] : cardTenders(entry.body.refunds, 1);
    case 'void': {
      const b = entry.body;
      if (b.scope !== 'post-void' || b.receiptNo === undefined) return [];
      const original = lookupSale(b.receiptNo);
      return !original || original.body.training ? [] : [...cardLoads(original.body.lines, -1), ...cardTenders(original.body.tenders, 1)];
    }
    default:
      return [];
  }
}

/**
 * Refuses (giftcard.insufficient) a redemption of `amount` from a card with `balance` left, of
 * which `onThisSale` is already taken by earlier tenders of the sale in progress. The message
 * shows what the card can still pay, so the cashier can take that much and the rest otherwise.
 */
export function assertRedeemable(card: { last4: string; balance: number }, onThisSale: number, amount: number, minorDigits: number): void {
  const available = Math.max(card.balance - onThisSale, 0);
  if (amount <= available) return;
  const left = formatMinor(available, minorDigits);
  throw new HostError(
    'giftcard.insufficient',
    `gift card ${maskedCard(card.last4)} has ${left} left: take ${left} on the card and the rest another way`,
    {
      last4: card.last4,
      balance: available,
      // What the card can still pay as text in the currency's digits, for the screen's message.
      left,
      amount,
    },
  );
}
