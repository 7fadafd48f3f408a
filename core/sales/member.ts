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
