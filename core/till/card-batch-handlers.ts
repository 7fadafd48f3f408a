// Card batch methods: the card terminal's batch total entered at the close (blind), its co-sign
// beyond the threshold, and the checks the till status and the Z make with them.
import { HostError } from '../contract/errors.ts';
import type { Params, Result } from '../contract/methods.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { authorizeSecondPerson } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { cardBatchOf, cardBatchSummary, cardBatchThreshold, cardTendersOf, hasCardTenders, type CardBatch } from './card-batch.ts';
import { refuseInTraining } from './cash-drawer.ts';

export type CardBatchMethod = 'till.cardBatch' | 'till.cosignCardBatch';

function dayEntries(ctx: TerminalContext, businessDay: string) {
  const record = ctx.store.businessDay(businessDay);
  return record ? [...ctx.store.entries({ from: record.firstSeq, to: record.lastSeq })] : [];
}

/** The card batch recorded for a day, if any. */
export function dayCardBatch(ctx: TerminalContext, businessDay: string): CardBatch | null {
  return cardBatchOf(dayEntries(ctx, businessDay), businessDay);
}

export function cardBatchView(ctx: TerminalContext, batch: CardBatch): Result<'till.cardBatch'> {
  return cardBatchSummary(batch, cardBatchThreshold(ctx.config()));
}

/** For till.status: the next day to close, if it has card tenders, and where its batch stands. */
export function cardBatchStatus(ctx: TerminalContext): Result<'till.status'>['cardBatch'] {
  const day = ctx.store.unsealedDays()[0]?.businessDay;
  if (!day || !hasCardTenders(ctx.store.dayTotals(day))) return null;
  const batch = dayCardBatch(ctx, day);
  const view = batch && cardBatchView(ctx, batch);
  return { businessDay: day, entered: batch !== null, awaitingCosign: view !== null && view.needsCosign && !view.cosigned };
}

/** Before a Z: a day with card tenders has its batch total entered, and a difference beyond the threshold co-signed. */
export function requireCardBatchSettled(ctx: TerminalContext, businessDay: string): void {
  if (!hasCardTenders(ctx.store.dayTotals(businessDay))) return;
  const batch = dayCardBatch(ctx, businessDay);
  if (!batch) throw new HostError('till.not-ready', "enter the card terminal's batch total first", { businessDay, cardBatch: 'missing' });
  const view = cardBatchView(ctx, batch);
  if (view.needsCosign && !view.cosigned)
    throw new HostError('till.not-ready', `a manager must co-sign the card batch difference of ${view.difference}`, {
      businessDay,
      cardBatch: 'awaiting-cosign',
    });
}

function enterBatch(ctx: TerminalContext, p: Params<'till.cardBatch'>): Result<'till.cardBatch'> {
  ctx.requireOperator();
  refuseInTraining(ctx, 'enter a card batch');
  const { store } = ctx;
  const businessDay = p.businessDay ?? store.unsealedDays()[0]?.businessDay;
  if (!businessDay || !store.businessDay(businessDay) || store.isDaySealed(businessDay))
    throw new HostError(
      'report.nothing-to-close',
      businessDay ? `${businessDay} is closed or has nothing to close` : 'every business day is closed',
    );
  if (dayCardBatch(ctx, businessDay))
    throw new HostError('till.not-ready', `the card batch of ${businessDay} is already entered; a difference is explained in its co-sign`, {
      businessDay,
    });
  const expected = store.dayTotals(businessDay)['tender:card']?.amount ?? 0;
  const tenders = cardTendersOf(dayEntries(ctx, businessDay), businessDay).length;
  const body: EntryBody<'card-batch'> = {
    businessDay,
    currency: ctx.config().store.currency,
    reported: p.reported,
    expected,
    difference: p.reported - expected,
    tenders,
  };
  // Entered on the day it settles, so the Z of that day seals it.
  const seq = store.write((tx) => tx.append({ ...ctx.draft('card-batch', body), businessDay }).seq);
  return cardBatchView(ctx, { seq, body, cosignSeq: null });
}

export function createCardBatchHandlers(ctx: TerminalContext): HandlersOf<CardBatchMethod> {
  return {
    'till.cardBatch': async (p) => enterBatch(ctx, p),

    async 'till.cosignCardBatch'(p) {
      ctx.requireOperator();
      const batch = dayCardBatch(ctx, p.businessDay);
      if (!batch) throw new HostError('till.not-ready', `no card batch is entered for ${p.businessDay}`);
      if (batch.cosignSeq !== null) return { ok: true };
      const enteredBy = ctx.store.entry(batch.seq)?.operatorId ?? null;
      const approval = authorizeSecondPerson(ctx, 'till.cosign', {
        approval: p.approval,
        notStaffId: enteredBy,
        subject: { cardBatchDay: p.businessDay, difference: batch.body.difference },
        reason: p.reason,
      });
      ctx.store.write((tx) => tx.append({ ...approval, businessDay: p.businessDay }));
      return { ok: true };
    },
  };
}
