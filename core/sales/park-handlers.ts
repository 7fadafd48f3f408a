// Held sales (issue #15): the cashier parks the sale in progress to serve the next customer and
// recalls it later. Parking writes a `sale-parked` entry holding the whole sale (the chain keeps
// every held sale, so a restart loses none); recalling writes a `sale-recalled` entry and takes
// the sale up again at today's prices. Only a sale with no payment taken may be held.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { z } from 'zod';
import type { parkedSaleSchema } from '../contract/views.ts';
import { entryOf } from '../ledger/bodies.ts';
import type { LedgerEntry } from '../ledger/entry.ts';
import { requirePermission } from '../auth/authorize.ts';
import { errorMessage } from '../shared/errors.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { requireSale, saleChanged } from './sale-in-progress.ts';
import { journalRecord, saleOfSnapshot, snapshotJson } from './sale-journal.ts';

export type ParkMethod = 'sale.park' | 'sale.parked' | 'sale.recall';

type ParkedSale = z.infer<typeof parkedSaleSchema>;

/** A held sale as the Recall list shows it, from its sale-parked entry. */
function parkedView(ctx: TerminalContext, entry: LedgerEntry): ParkedSale {
  const b = entryOf(entry, 'sale-parked')!.body;
  const by = entry.operatorId;
  return {
    saleId: b.saleId,
    parkedSeq: entry.seq,
    parkedAt: entry.endedAt,
    parkedBy: by,
    parkedByName: (by && ctx.staff.byId(by)?.name) ?? null,
    ...(b.label ? { label: b.label } : {}),
    lines: b.lines,
    total: b.total,
    training: b.training,
  };
}

/** Every held sale of this till, oldest first. */
export function heldSales(ctx: TerminalContext): ParkedSale[] {
  return ctx.store
    .parkedSales()
    .map((seq) => ctx.store.entry(seq))
    .filter((e) => e?.kind === 'sale-parked')
    .map((e) => parkedView(ctx, e!));
}

function park(ctx: TerminalContext, p: Params<'sale.park'>): ParkedSale {
  const s = requireSale(ctx);
  requirePermission(ctx, 'sale.sell', 'hold a sale');
  if (s.hasTenders) {
    throw new HostError('sale.has-tenders', 'a sale with a payment taken cannot be held: complete it, or remove the payments first');
  }
  if (s.activeLines === 0) throw new HostError('sale.empty', 'there is nothing on the sale to hold');
  const label = p.label?.trim();
  const body = {
    saleId: s.saleId,
    startedAt: s.startedAt,
    ...(label ? { label } : {}),
    lines: s.activeLines,
    total: s.totals().total,
    training: s.training,
    snapshot: snapshotJson(s),
  };
  // The held sale and the end of the pending-sale journal in one commit: it is held or in progress, never both.
  const entry = ctx.store.write((tx) => {
    const e = tx.append(ctx.draft('sale-parked', body, s.startedAt));
    tx.keepSaleInProgress(null);
    return e;
  });
  ctx.session.sale = null;
  saleChanged(ctx);
  return parkedView(ctx, entry);
}

function recall(ctx: TerminalContext, p: Params<'sale.recall'>) {
  ctx.requireOperator();
  requirePermission(ctx, 'sale.sell', 'recall a held sale');
  ctx.requireNoSale('finish or hold the sale in progress before recalling another');
  ctx.requireNoObligation();
  const entry = heldSales(ctx).find((h) => h.saleId === p.saleId);
  if (!entry)
    throw new HostError('sale.not-held', `sale ${p.saleId} is not on hold at this till (already recalled?)`, { saleId: p.saleId });
  const parked = entryOf(ctx.store.entry(entry.parkedSeq), 'sale-parked')!.body;
  if (parked.training !== ctx.session.training) {
    const mode = parked.training ? 'a training sale: switch training mode on' : 'a real sale: switch training mode off';
    throw new HostError('sale.locked', `this held sale is ${mode} to recall it`, { saleId: p.saleId });
  }
  let sale;
  try {
    sale = saleOfSnapshot(ctx, parked.snapshot);
  } catch (e) {
    throw new HostError('sale.not-held', `held sale ${p.saleId} cannot be taken up: ${errorMessage(e).slice(0, 200)}`, {
      saleId: p.saleId,
    });
  }
  const repriced = sale.reprice((productId) => {
    const product = ctx.catalog.byId(productId);
    return product?.active ? product : undefined;
  });
  const total = sale.totals().total;
  ctx.store.write((tx) => {
    tx.append(ctx.draft('sale-recalled', { saleId: sale.saleId, parkedSeq: entry.parkedSeq, parkedTotal: parked.total, total, repriced }));
    tx.keepSaleInProgress(journalRecord(ctx, sale, tx.head().seq));
  });
  ctx.session.sale = sale;
  return { sale: saleChanged(ctx, sale), parkedTotal: parked.total, repriced };
}

export function createParkHandlers(ctx: TerminalContext): HandlersOf<ParkMethod> {
  return {
    'sale.park': async (p) => park(ctx, p),
    async 'sale.parked'() {
      ctx.requireOperator();
      return heldSales(ctx);
    },
    'sale.recall': async (p) => recall(ctx, p),
  };
}
