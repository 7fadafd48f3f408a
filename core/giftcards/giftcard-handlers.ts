// Gift card methods (issue #15): what a card has left, selling and loading one as a line of a sale
// (so its receipt is owed like any sale's), and the gift card tender of a sale. A card is known at this till by what this till's ledger says about it: the
// till spends at most that (see docs/cashier.md for the offline rule) and HQ checks the chain.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { GiftCardView, SaleView } from '../contract/views.ts';
import { authorize, writeApproved } from '../auth/authorize.ts';
import type { SaleBody } from '../ledger/bodies.ts';
import type { CartLine, SaleTender } from '../sales/cart.ts';
import { ensureSale, saleChanged } from '../sales/sale-in-progress.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { assertRedeemable } from './balance.ts';
import { giftCardOf, maskedCard, type GiftCard } from './card-number.ts';

export type GiftCardMethod = 'giftcard.balance' | 'giftcard.sell';

function viewOf(ctx: TerminalContext, card: GiftCard): GiftCardView {
  const row = ctx.store.giftCardBalance(card.ref);
  return { last4: card.last4, currency: ctx.config().store.currency, balance: row?.balance ?? 0, known: row !== undefined };
}

/** What earlier gift card tenders of the sale already take from this card. */
function takenOnSale(tenders: readonly SaleTender[], cardRef: string): number {
  return tenders.reduce((sum, t) => sum + (t.type === 'giftcard' && t.reference === cardRef ? t.amount : 0), 0);
}

/**
 * The sale's tender paying `amount` from the card numbered `cardNumber`: refused (giftcard.unknown)
 * for a card this till knows nothing of, and (giftcard.insufficient, with what it has left) beyond its balance.
 */
export function giftCardTender(ctx: TerminalContext, cardNumber: string, amount: number, onSale: readonly SaleTender[]): SaleTender {
  const card = giftCardOf(ctx.crypto, cardNumber);
  // A gift card pays for goods, never for a gift card: that would turn one card's value into another's.
  if (ctx.session.sale?.giftCardLines().length)
    throw new HostError('giftcard.pays-giftcard', 'a gift card cannot pay for a gift card: take cash or a bank card for this sale');
  const row = ctx.store.giftCardBalance(card.ref);
  if (!row) {
    throw new HostError(
      'giftcard.unknown',
      `gift card ${maskedCard(card.last4)} is not known at this till: a card sold at another store can be used here once HQ has sent its balance`,
      { last4: card.last4 },
    );
  }
  assertRedeemable({ last4: card.last4, balance: row.balance }, takenOnSale(onSale, card.ref), amount, ctx.minorDigits);
  return { type: 'giftcard', amount, reference: card.ref, last4: card.last4 };
}

/**
 * Checks again, as the sale is written, that every gift card tender is still covered by its card's
 * balance: the balance read here is the one the write commits against (one writer, no await between).
 */
export function assertGiftCardsCovered(ctx: TerminalContext, tenders: readonly SaleTender[]): void {
  const seen = new Set<string>();
  for (const t of tenders) {
    if (t.type !== 'giftcard' || !t.reference || seen.has(t.reference)) continue;
    seen.add(t.reference);
    const balance = ctx.store.giftCardBalance(t.reference)?.balance ?? 0;
    assertRedeemable({ last4: t.last4 ?? '', balance }, 0, takenOnSale(tenders, t.reference), ctx.minorDigits);
  }
}

/**
 * Sells or tops up a gift card as a line of the sale in progress (or of a new one): the card is
 * paid for and its receipt given as for any sale, and loaded only when the sale commits.
 */
function sell(ctx: TerminalContext, p: Params<'giftcard.sell'>): SaleView {
  ctx.requireOperator();
  const card = giftCardOf(ctx.crypto, p.cardNumber);
  const approval = authorize(ctx, 'giftcard.issue', 'sell a gift card', {
    approval: p.approval,
    subject: { last4: card.last4, amount: p.amount },
  });
  const s = ensureSale(ctx);
  s.addGiftCard({ cardRef: card.ref, last4: card.last4 }, p.amount);
  if (approval) s.noteApproval(writeApproved(ctx, approval, () => [])!);
  return saleChanged(ctx, s);
}

/**
 * The completed sale's body with each gift card line's card balance once the sale commits, read in
 * the transaction that writes it (what the receipt prints as the card's new balance).
 */
export function withGiftCardLoads(ctx: TerminalContext, body: SaleBody, cartLines: readonly CartLine[]): SaleBody {
  const cards = new Map(cartLines.flatMap((l) => (l.giftCard && !l.voided ? [[l.lineNo, l.giftCard] as const] : [])));
  if (cards.size === 0) return body;
  return {
    ...body,
    lines: body.lines.map((l) => {
      const card = cards.get(l.lineNo);
      if (!card) return l;
      const before = body.training ? 0 : (ctx.store.giftCardBalance(card.cardRef)?.balance ?? 0);
      return { ...l, giftCard: { cardRef: card.cardRef, last4: card.last4, balance: before + l.amount } };
    }),
  };
}

/**
 * A sale that loaded gift cards is voided only while what it loaded is untouched: no entry since
 * the sale has moved the card (refused with giftcard.used otherwise). The caller's approval covers it.
 */
export function assertGiftCardLoadsUntouched(ctx: TerminalContext, body: SaleBody, saleSeq: number): void {
  for (const l of body.lines) {
    if (!l.giftCard || body.training) continue;
    const row = ctx.store.giftCardBalance(l.giftCard.cardRef);
    if (!row || row.seq !== saleSeq || row.balance < l.amount)
      throw new HostError(
        'giftcard.used',
        `gift card ${maskedCard(l.giftCard.last4)} has been used since it was loaded: the sale that loaded it cannot be voided`,
        { last4: l.giftCard.last4 },
      );
  }
}

export function createGiftCardHandlers(ctx: TerminalContext): HandlersOf<GiftCardMethod> {
  return {
    async 'giftcard.balance'(p) {
      ctx.requireOperator();
      return viewOf(ctx, giftCardOf(ctx.crypto, p.cardNumber));
    },
    'giftcard.sell': async (p) => sell(ctx, p),
  };
}
