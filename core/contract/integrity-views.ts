import { z } from 'zod';

// What the till found when it checked its own ledger and master data. The blocking screen reads
// it (ledger.integrity); while `ok` is false the till refuses to sell and to take privileged actions.

export const integrityProblemSchema = z.discriminatedUnion('kind', [
  /** The hash chain does not verify: an entry was forged, edited, removed, or the file is damaged. */
  z.strictObject({ kind: z.literal('ledger'), seq: z.number().int(), reason: z.string(), message: z.string() }),
  /** A master-data section differs from the digest the chain recorded for it. */
  z.strictObject({
    kind: z.literal('master-data'),
    section: z.string(),
    tables: z.array(z.string()),
    recordedSeq: z.number().int().nullable(),
    message: z.string(),
  }),
]);

export const integrityViewSchema = z.strictObject({
  ok: z.boolean(),
  /** When the check ran (ISO-8601 UTC). */
  checkedAt: z.string(),
  /** The last entry the check proved. */
  headSeq: z.number().int(),
  /** The verified checkpoint the check started from (0: the whole chain was walked). */
  fromSeq: z.number().int(),
  problems: z.array(integrityProblemSchema),
});

export type IntegrityProblem = z.infer<typeof integrityProblemSchema>;
export type IntegrityView = z.infer<typeof integrityViewSchema>;
