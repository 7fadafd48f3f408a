// Card tenders reconciled against the card terminal. Until a payment terminal is integrated the
// till cannot check a card payment itself, so the close asks for the card terminal's batch total
// for the business day; the difference to the day's card tenders is recorded (a `card-batch`
// entry) like a drawer's over/short, and beyond the threshold it needs a co-sign before the Z.
import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry, type EntryBody } from '../ledger/bodies.ts';
import type { TotalsRecord } from './z-report.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';

/** One card tender (or card refund) of the day, as the Z lists it for the reconciliation. */
export interface CardTender {
  receiptNo: number;
  kind: 'sale' | 'return';
  /** Positive for a payment, negative for a refund. */
  amount: number;
  reference?: string;
  last4?: string;
}

export interface CardBatch {
  seq: number;
  body: EntryBody<'card-batch'>;
  /** The co-sign's approval seq, if the difference was co-signed. */
  cosignSeq: number | null;
}

/** The day's card tenders have something to reconcile: card payments or card refunds. */
export function hasCardTenders(keys: TotalsRecord): boolean {
  return (keys['tender:card']?.count ?? 0) > 0 || (keys['refund:card']?.count ?? 0) > 0;
}

/** The card batch of `businessDay` among `entries` (the day's own), with its co-sign. */
export function cardBatchOf(entries: Iterable<LedgerEntry>, businessDay: string): CardBatch | null {
  let batch: CardBatch | null = null;
  for (const entry of entries) {
    const e = knownEntry(entry);
    if (e?.kind === 'card-batch' && e.body.businessDay === businessDay) batch = { seq: e.seq, body: e.body, cosignSeq: null };
    if (e?.kind === 'approval' && e.body.action === 'till.cosign' && e.body.subject?.['cardBatchDay'] === businessDay && batch)
      batch.cosignSeq = e.seq;
  }
  return batch;
}

/** Card payments and card refunds of `businessDay` (training excluded), in ledger order. */
export function cardTendersOf(entries: Iterable<LedgerEntry>, businessDay: string): CardTender[] {
  const out: CardTender[] = [];
  const push = (
    receiptNo: number,
    kind: CardTender['kind'],
    sign: 1 | -1,
    t: { type: string; amount: number; reference?: string | undefined; last4?: string | undefined },
  ) => {
    if (t.type !== 'card') return;
    out.push({
      receiptNo,
      kind,
      amount: sign * t.amount,
      ...(t.reference ? { reference: t.reference } : {}),
      ...(t.last4 ? { last4: t.last4 } : {}),
    });
  };
  for (const entry of entries) {
    const e = knownEntry(entry);
    if (e?.businessDay !== businessDay) continue;
    if (e.kind === 'sale' && !e.body.training) for (const t of e.body.tenders) push(e.body.receiptNo, 'sale', 1, t);
    if (e.kind === 'return' && !e.body.training) for (const t of e.body.refunds) push(e.body.receiptNo, 'return', -1, t);
  }
  return out;
}

/** A card batch difference beyond this (minor units) needs a co-sign: the store's own, else the drawer over/short threshold. */
export function cardBatchThreshold(config: Pick<TerminalConfig, 'till'>): number {
  return config.till.cardBatchThreshold ?? config.till.overShortThreshold;
}

/** The batch as the close and the reports show it. */
export function cardBatchSummary(batch: CardBatch, threshold: number) {
  const { businessDay, reported, expected, difference } = batch.body;
  return { businessDay, reported, expected, difference, needsCosign: Math.abs(difference) > threshold, cosigned: batch.cosignSeq !== null };
}
