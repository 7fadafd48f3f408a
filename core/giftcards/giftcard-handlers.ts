// Gift card methods (issue #15): what a card has left, selling and loading one, and the gift card
// tender of a sale. A card is known at this till by what this till's ledger says about it: the
// till spends at most that (see docs/cashier.md for the offline rule) and HQ checks the chain.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { GiftCardView } from '../contract/views.ts';
import { authorize, writeApproved } from '../auth/authorize.ts';
import { roundCash } from '../money/cash-rounding.ts';
import { formatMinor } from '../money/money.ts';
import type { SaleTender } from '../sales/cart.ts';
import { openCashDrawer, requireCashSession } from '../till/cash-drawer.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { assertRedeemable } from './balance.ts';
import { giftCardOf, maskedCard, type GiftCard } from './card-number.ts';

export type GiftCardMethod = 'giftcard.balance' | 'giftcard.issue';

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

async function issue(ctx: TerminalContext, p: Params<'giftcard.issue'>): Promise<GiftCardView> {
  ctx.requireOperator();
  ctx.requireNoObligation();
  ctx.requireNoSale('finish the sale in progress before selling a gift card');
  const card = giftCardOf(ctx.crypto, p.cardNumber);
  const { training } = ctx.session;
  const { store, cashRounding } = ctx.config();
  const m = (n: number) => formatMinor(n, ctx.minorDigits);
  let change: number | undefined;
  if (p.tender.type === 'cash') {
    // Loaded exactly; paid in cash, so the amount must be one the store's coins can make.
    if (roundCash(p.amount, cashRounding).adjustment !== 0)
      throw new HostError('tender.invalid', `${m(p.amount)} cannot be paid in coins here: load an amount cash can pay exactly`);
    if (p.tender.tendered < p.amount)
      throw new HostError('sale.underpaid', `${m(p.amount - p.tender.tendered)} is still to pay`, {
        shortfall: p.amount - p.tender.tendered,
      });
    change = p.tender.tendered - p.amount;
  }
  const session = training ? undefined : p.tender.type === 'cash' ? requireCashSession(ctx, 'taking cash') : undefined;
  const approval = authorize(ctx, 'giftcard.issue', 'sell a gift card', {
    approval: p.approval,
    subject: { last4: card.last4, amount: p.amount },
  });
  const tender =
    p.tender.type === 'cash'
      ? { type: 'cash' as const, amount: p.amount, tendered: p.tender.tendered, change: change ?? 0 }
      : { type: 'card' as const, amount: p.amount, reference: p.tender.reference, last4: p.tender.last4 };
  writeApproved(ctx, approval, () => [
    ctx.draft('giftcard-issued', {
      cardRef: card.ref,
      last4: card.last4,
      currency: store.currency,
      amount: p.amount,
      tender,
      ...(session ? { drawerSessionId: session.sessionId } : {}),
      training,
    }),
  ]);
  if (p.tender.type === 'cash' && !training) await openCashDrawer(ctx);
  return { ...viewOf(ctx, card), ...(change === undefined ? {} : { change }) };
}

export function createGiftCardHandlers(ctx: TerminalContext): HandlersOf<GiftCardMethod> {
  return {
    async 'giftcard.balance'(p) {
      ctx.requireOperator();
      return viewOf(ctx, giftCardOf(ctx.crypto, p.cardNumber));
    },
    'giftcard.issue': (p) => issue(ctx, p),
  };
}
