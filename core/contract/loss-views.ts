import { z } from 'zod';

// What the till's Loss prevention screen shows (loss.cases): the cases of core/loss/loss-scan.ts
// over this till's ledger, worded in the screen's language, each with the entries that show it.

export const lossEvidenceSchema = z.strictObject({
  seq: z.number().int(),
  kind: z.string(),
  /** When the entry was recorded (ISO time). */
  at: z.string(),
  /** The entry's total or amount in minor units, when it has one. */
  amount: z.number().int().nullable(),
  /** Who was signed in. */
  operatorId: z.string().nullable(),
});

export const LOSS_REVIEW_OUTCOMES = ['fraud', 'error', 'fine'] as const;

export const lossReviewSchema = z.strictObject({
  outcome: z.enum(LOSS_REVIEW_OUTCOMES),
  note: z.string(),
  /** The manager who reviewed, and when. */
  by: z.string().nullable(),
  at: z.string(),
  /** The review's ledger entry. */
  seq: z.number().int(),
});

export const lossCaseViewSchema = z.strictObject({
  rule: z.string(),
  score: z.number(),
  staffIds: z.array(z.string()),
  memberId: z.string().nullable(),
  businessDay: z.string(),
  amountAtRisk: z.number().int(),
  seqs: z.array(z.number().int()),
  explanation: z.string(),
  /** The facts the explanation is worded from (core/loss/loss-text.ts). */
  reason: z.record(z.string(), z.unknown()),
  /** This till's entries of the case, oldest first. */
  evidence: z.array(lossEvidenceSchema),
  /** Every entry of the case (also on other tills): what `loss.review` names the case by. */
  refs: z.array(z.strictObject({ terminalId: z.string(), seq: z.number().int() })),
  /** The latest review of this case at this till, if any. */
  review: lossReviewSchema.nullable(),
  /** A review 'fine' of the same pattern (rule, staff, member) that makes this case an accepted one. */
  acceptedBy: lossReviewSchema.nullable(),
});

/** Exceptions one staff member recorded in the period, by kind (core/loss/staff-exceptions.ts). */
export const lossExceptionCountSchema = z.strictObject({ staffId: z.string(), kind: z.string(), count: z.number().int().nonnegative() });

/** One salesperson's sales in the period, and how many had a line at a member tier price. */
export const lossTierSalesSchema = z.strictObject({
  staffId: z.string(),
  sales: z.number().int().nonnegative(),
  atTier: z.number().int().nonnegative(),
});

export const lossCasesSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  cases: z.array(lossCaseViewSchema),
  /** For the screen's charts: exceptions per cashier and tier-price sales per salesperson over the period. */
  charts: z.strictObject({ exceptions: z.array(lossExceptionCountSchema), tierSales: z.array(lossTierSalesSchema) }),
});

export type LossCaseView = z.infer<typeof lossCaseViewSchema>;
