// Members by id and card number; db/ implements it over the master data tables.
import type { Member } from '../sales/member.ts';

export interface MemberDirectory {
  byId(memberId: string): Member | undefined;
  byCard(cardNumber: string): Member | undefined;
  /** Active members whose name contains `fragment` (any case), at most `limit`, by member id. */
  searchByName(fragment: string, limit: number): Member[];
}
