import { z } from 'zod';

// What the till's Customers screen shows (issue #15): members found by phone or name, masked, and a
// member's card. Contact details are masked unless the operator holds 'member.contact'.

export const memberFoundSchema = z.strictObject({
  memberId: z.string(),
  /** Masked: `陳*明`. */
  name: z.string(),
  /** Masked (`09**-***-678`) when the till knows the member's phone (they joined here); null otherwise. */
  phone: z.string().nullable(),
  tier: z.string(),
  tierName: z.string().optional(),
  /** 'hq': in the master data from HQ (can be attached to a sale, with approval); 'this-till': joined here, on its way to HQ. */
  source: z.enum(['hq', 'this-till']),
});

export const memberSearchResultSchema = z.strictObject({
  members: z.array(memberFoundSchema),
  /** True when more members matched than are shown: narrow the search. */
  more: z.boolean(),
});

export const memberCardSchema = z.strictObject({
  memberId: z.string(),
  name: z.string(),
  tier: z.string(),
  tierName: z.string().optional(),
  source: z.enum(['hq', 'this-till']),
  /** True when the phone, e-mail and name are shown in full (the operator holds 'member.contact'). */
  contactShown: z.boolean(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  carrier: z.string().nullable(),
  /** The member's latest sales at this till, newest first. */
  purchases: z.array(
    z.strictObject({ receiptNo: z.number().int(), at: z.string(), total: z.number().int(), status: z.enum(['completed', 'post-voided']) }),
  ),
  currency: z.string(),
});

export type MemberFound = z.infer<typeof memberFoundSchema>;
export type MemberCard = z.infer<typeof memberCardSchema>;
