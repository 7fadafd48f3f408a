// The pending-sale journal (issue #12): the sale in progress is saved in the ledger file at every
// change (flushed to disk once a card or gift card tender is taken, surviving a process crash
// before: see keepSale),
// and signed by the terminal key. A till killed
// between taking a tender and completing the sale takes the sale up again on its next start, with
// its lines, member, discounts and tenders; a `sale-resumed` entry records that it happened. The
// journal is not the truth: it is checked again before it is resumed (signature, terminal, that
// the sale did not end already, that its approvals exist, that its totals and tenders add up), and
// the sale entry written at completion is what the chain holds.
import { z } from 'zod';
import { discountSchema } from '../money/discount.ts';
import { roundingModeSchema } from '../money/rounding.ts';
import { canonicalJson } from '../ledger/canonical.ts';
import { fromBase64, toBase64, utf8 } from '../ledger/bytes.ts';
import { entryOf } from '../ledger/bodies.ts';
import type { Product } from '../catalog/product.ts';
import type { Signer } from '../ports/crypto.ts';
import type { SaleInProgressRecord } from '../ports/ledger-store.ts';
import type { AttachedMember } from './cart.ts';
import type { PricingRules } from './sale-pricing.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { errorMessage } from '../shared/errors.ts';
import { Sale, type SaleSnapshot } from './sale.ts';

/** Ties a signature to what it is for, so no other signed message of the terminal passes as a journal. */
const SIGNED_AS = 'tillproof/sale-in-progress/v1';

const seq = z.number().int().positive();

/** The parts a Sale takes as they were (a product as scanned, the pricing rules it started with): the fields it relies on are checked. */
const shaped = <T>(shape: z.ZodType) => z.custom<T>((v) => shape.safeParse(v).success);
const rulesShape = z.looseObject({
  currency: z.string(),
  defaultTier: z.string(),
  roundingMode: roundingModeSchema,
  tax: z.looseObject({ mode: z.enum(['inclusive', 'exclusive']), classes: z.array(z.looseObject({})) }),
  cashRounding: z.looseObject({}),
});
const productShape = z.looseObject({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  taxClass: z.string(),
  prices: z.record(z.string(), z.number()),
});
const memberShape = z.looseObject({ memberId: z.string(), tier: z.string(), approvalSeq: z.number().int().positive().optional() });
const withApproval = { reason: z.string().max(500), approvalSeq: seq.optional() };

/** The snapshot's shape; the signature, not this schema, is what says it is the till's own. */
const snapshotSchema = z.object({
  saleId: z.string().min(1).max(128),
  startedAt: z.string().max(40),
  training: z.boolean(),
  rules: shaped<PricingRules>(rulesShape),
  lines: z.array(
    z.strictObject({
      lineNo: z.number().int().positive(),
      product: shaped<Product>(productShape),
      barcode: z.string().max(64).optional(),
      qtyMilli: z.number().int().safe(),
      voided: z.boolean(),
      discount: z.strictObject({ discount: discountSchema, ...withApproval }).optional(),
      override: z.strictObject({ unitPrice: z.number().int().safe(), ...withApproval }).optional(),
      serial: z
        .strictObject({ value: z.string().min(1).max(64), entry: z.enum(['scanned', 'typed']), approvalSeq: seq.optional() })
        .optional(),
      weight: z
        .strictObject({
          source: z.enum(['scale', 'typed', 'label']),
          tareGrams: z.number().int().positive().optional(),
          tare: z.enum(['preset', 'keyed']).optional(),
        })
        .optional(),
      giftCard: z.strictObject({ cardRef: z.string().regex(/^[0-9a-f]{64}$/), last4: z.string().regex(/^\d{4}$/) }).optional(),
    }),
  ),
  nextLineNo: z.number().int().positive(),
  member: shaped<AttachedMember>(memberShape).nullable(),
  orderDiscount: z.strictObject({ discount: discountSchema, ...withApproval }).nullable(),
  tenders: z.array(
    z.strictObject({
      type: z.enum(['cash', 'card', 'giftcard']),
      amount: z.number().int().positive().safe(),
      reference: z.string().max(64).optional(),
      last4: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
    }),
  ),
  approvalSeqs: z.array(seq),
  approvedDiscount: z.strictObject({ amount: z.number(), shareBp: z.number() }),
  salespersons: z
    .array(z.strictObject({ staffId: z.string().min(1).max(128), name: z.string().max(200), shareBp: z.number().int().min(1).max(10_000) }))
    .nullable()
    .optional(),
  status: z.enum(['open', 'tendering']),
  customerLocked: z.boolean(),
  invoiceBuyer: z
    .strictObject({
      kind: z.enum(['mobile-barcode', 'citizen-certificate', 'member-carrier', 'donation-code', 'ubn']),
      value: z.string().max(16),
    })
    .nullable()
    .optional(),
  invoiceItemDetails: z.boolean().optional(),
});

/** The record as the ledger file holds it; anything else there is unreadable. */
const recordSchema = z.strictObject({
  saleId: z.string().min(1).max(128),
  headSeq: z.number().int().nonnegative().safe(),
  savedAt: z.string().max(40),
  operatorId: z.string().min(1).max(128).nullable(),
  snapshot: z.string(),
  keyId: z.string().max(128),
  signature: z.string().max(200),
});

const UNREADABLE: SaleInProgressRecord = {
  saleId: 'unknown',
  headSeq: 0,
  savedAt: '',
  operatorId: null,
  snapshot: '',
  keyId: '',
  signature: '',
};

/** The saved sale, if any; a row that is not a journal record reads as UNREADABLE. */
function savedRecord(ctx: TerminalContext): SaleInProgressRecord | undefined {
  try {
    const raw = ctx.store.saleInProgress();
    return raw === undefined ? undefined : recordSchema.parse(raw);
  } catch {
    return UNREADABLE;
  }
}

function signedMessage(terminalId: string, r: Omit<SaleInProgressRecord, 'signature'>): Uint8Array {
  return utf8([SIGNED_AS, terminalId, r.saleId, r.headSeq, r.savedAt, r.operatorId ?? '', r.keyId, r.snapshot].join('\n'));
}

/** A journal record signed by `signer` for terminal `terminalId`. */
export function signRecord(signer: Signer, terminalId: string, unsigned: Omit<SaleInProgressRecord, 'signature'>): SaleInProgressRecord {
  return { ...unsigned, signature: toBase64(signer.sign(signedMessage(terminalId, unsigned))) };
}

/** The journal record of `sale` as it stands now, signed by the terminal key. */
export function journalRecord(ctx: TerminalContext, sale: Sale, headSeq: number): SaleInProgressRecord {
  const snapshot = snapshotJson(sale);
  const unsigned = {
    saleId: sale.saleId,
    headSeq,
    savedAt: ctx.now().toISOString(),
    operatorId: ctx.session.operator?.staffId ?? null,
    snapshot,
    keyId: ctx.signer.keyId,
  };
  return signRecord(ctx.signer, ctx.store.terminalId, unsigned);
}

/** Sales that took a card or gift card tender at some point in this process: their journal is flushed at every save from then on. */
const paid = new WeakSet<Sale>();

/**
 * Saves the sale in progress, or forgets it (null) when there is none any more. Until a card or
 * gift card tender is taken the save survives a crash of the till's process but is not flushed to
 * disk per call ('process-crash', docs/architecture.md#durability-tiers): a power cut may lose the
 * last items scanned, or a cash tender, and the customer, still at the counter, sees them taken
 * again. A cash tender moves no money the till answers for: the drawer opens only after the sale
 * entry is flushed, and the cash is still in the cashier's hand. From the first card or gift card
 * tender on (an approval on the card terminal, and stays so even if the tender is taken off again)
 * every save is flushed, as forgetting the sale is.
 */
export function keepSale(ctx: TerminalContext, sale: Sale | null): void {
  if (sale?.hasTenders && sale.takenTenders().some((t) => t.type !== 'cash')) paid.add(sale);
  if (sale)
    ctx.store.write(
      (tx) => tx.keepSaleInProgress(journalRecord(ctx, sale, tx.head().seq)),
      paid.has(sale) ? 'power-loss' : 'process-crash',
    );
  else if (ctx.store.saleInProgress()) ctx.store.write((tx) => tx.keepSaleInProgress(null));
}

/** Whether the ledger ended this sale after the journal was saved (completed, or cancelled with a void). */
function endedInLedger(ctx: TerminalContext, saleId: string, afterSeq: number): boolean {
  for (const e of ctx.store.entries({ from: afterSeq + 1 })) {
    if (entryOf(e, 'sale')?.body.saleId === saleId) return true;
    const v = entryOf(e, 'void');
    if (v && v.body.scope === 'sale' && v.body.saleId === saleId) return true;
  }
  return false;
}

/** Every approval the sale refers to, which must be approval entries of this ledger. */
function approvalsOf(s: SaleSnapshot): number[] {
  const seqs = [...s.approvalSeqs, s.member?.approvalSeq, s.orderDiscount?.approvalSeq];
  for (const l of s.lines) seqs.push(l.discount?.approvalSeq, l.override?.approvalSeq, l.serial?.approvalSeq);
  return seqs.filter((x) => x !== undefined);
}

function signedByThisTill(ctx: TerminalContext, r: SaleInProgressRecord, snapshotSaleId: string): boolean {
  const { signature, ...unsigned } = r;
  if (ctx.signer.keyId !== r.keyId || snapshotSaleId !== r.saleId) return false;
  try {
    return ctx.crypto.verifyEd25519(ctx.signer.publicKey, signedMessage(ctx.store.terminalId, unsigned), fromBase64(signature));
  } catch {
    // A signature that is not even base64 is no signature.
    return false;
  }
}

/**
 * The sale a held sale's snapshot (a sale-parked entry, signed in the chain) describes, checked as
 * a resumed one is: its shape, its approvals in this ledger, its totals. Throws with why not.
 */
export function saleOfSnapshot(ctx: TerminalContext, snapshot: string): Sale {
  const parsed = snapshotSchema.parse(JSON.parse(snapshot)) satisfies SaleSnapshot;
  const missing = approvalsOf(parsed).find((s) => ctx.store.entry(s)?.kind !== 'approval');
  if (missing !== undefined) throw new Error(`the held sale refers to approval ${missing}, which is not in the ledger`);
  return Sale.restore(parsed);
}

/** A sale's snapshot as canonical JSON (no `undefined`: optional fields left unset are absent). */
export function snapshotJson(sale: Sale): string {
  // Through JSON first, written straight from the sale's fields (no structured copy).
  return canonicalJson(JSON.parse(sale.snapshotJson()));
}

type Checked = { ok: true; sale: Sale } | { ok: false; reason: string; snapshot?: SaleSnapshot };

/** The journaled sale, or why it cannot be resumed. */
function checkRecord(ctx: TerminalContext, r: SaleInProgressRecord): Checked {
  let parsed: SaleSnapshot;
  try {
    parsed = snapshotSchema.parse(JSON.parse(r.snapshot)) satisfies SaleSnapshot;
  } catch (e) {
    return { ok: false, reason: `the saved sale is unreadable: ${errorMessage(e).slice(0, 200)}` };
  }
  if (!signedByThisTill(ctx, r, parsed.saleId)) return { ok: false, reason: 'the saved sale is not signed by this till', snapshot: parsed };
  const missing = approvalsOf(parsed).find((s) => ctx.store.entry(s)?.kind !== 'approval');
  if (missing !== undefined)
    return { ok: false, reason: `the saved sale refers to approval ${missing}, which is not in the ledger`, snapshot: parsed };
  try {
    return { ok: true, sale: Sale.restore(parsed) };
  } catch (e) {
    return { ok: false, reason: `the saved sale does not add up: ${errorMessage(e).slice(0, 200)}`, snapshot: parsed };
  }
}

function summary(s: SaleSnapshot | undefined, sale?: Sale) {
  const tenders = (s?.tenders ?? []).map((t) => ({
    type: t.type,
    amount: t.amount,
    ...(t.reference ? { reference: t.reference } : {}),
    ...(t.last4 ? { last4: t.last4 } : {}),
  }));
  const total = sale ? sale.totals().total : 0;
  return { lines: s?.lines.filter((l) => !l.voided).length ?? 0, total, tenders };
}

/**
 * On start: takes up the sale the till was ringing up when it stopped, and records it. A sale that
 * did not check out is not resumed but recorded as rejected, with the tenders it said were taken,
 * so a manager can see a payment that has no sale. A sale the ledger ended already is forgotten.
 */
export function resumeInterruptedSale(ctx: TerminalContext): void {
  const r = savedRecord(ctx);
  if (!r) return;
  if (r !== UNREADABLE && endedInLedger(ctx, r.saleId, r.headSeq)) {
    ctx.store.write((tx) => tx.keepSaleInProgress(null));
    return;
  }
  const checked = checkRecord(ctx, r);
  const snapshot = checked.ok ? checked.sale.snapshot() : checked.snapshot;
  const body = {
    saleId: r.saleId,
    startedAt: (snapshot?.startedAt || r.savedAt || ctx.now().toISOString()).slice(0, 40),
    savedAt: r.savedAt,
    savedBy: r.operatorId,
    ...summary(snapshot, checked.ok ? checked.sale : undefined),
  };
  if (checked.ok) {
    checked.sale.resumedAt = ctx.now().toISOString();
    checked.sale.resumedTenders = checked.sale.takenTenders().length;
    ctx.session.sale = checked.sale;
    ctx.store.write((tx) => tx.append(ctx.draft('sale-resumed', { ...body, outcome: 'resumed' }, body.startedAt)));
    return;
  }
  ctx.store.write((tx) => {
    tx.append(ctx.draft('sale-resumed', { ...body, outcome: 'rejected', reason: checked.reason.slice(0, 500) }, body.startedAt));
    tx.keepSaleInProgress(null);
  });
}
