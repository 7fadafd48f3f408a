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
