// A loyalty member: their tier sets the price tier of a sale they are verified on.

export interface Member {
  memberId: string;
  name: string;
  tier: string;
  /** Shared secret for the member app's time-based codes (base32, RFC 6238). */
  tokenSecret: string;
  cardNumbers: string[];
  email: string | null;
  active: boolean;
}

/** A member looked up by hand (typed card or member number): 'manual' on entries from before issue #12. */
export function isManualLookup(verification: unknown): boolean {
  return verification === 'manual' || verification === 'manual-lookup';
}

/** The day totals' key for how members were verified: manual lookups old and new count together. */
export function memberTotalsKey(verification: string): string {
  return `member:${isManualLookup(verification) ? 'manual' : verification}`;
}

/** A member who joined at this till (a member-created entry), as the till's customer search reads them. */
export interface MemberCreatedHere {
  memberId: string;
  seq: number;
  name: string;
  tier: string;
  phone: string | null;
  email: string | null;
  carrier: string | null;
  operatorId: string | null;
  createdAt: string;
}

/** A member's purchase at this till, for the member card. */
export interface MemberPurchase {
  receiptNo: number;
  endedAt: string;
  total: number;
  status: 'completed' | 'post-voided';
}
