import type { StaffMember } from '../auth/staff-member.ts';
import type { Sale } from '../sales/sale.ts';

/** How printing a receipt stands in this run; the ledger has the outcome once there is one. */
export interface ReceiptPrinting {
  printing: boolean;
  failure: { reason: string; detail?: string; printerId: string } | null;
  /** Failed attempts since the till started. */
  failures?: number;
  /** A failed attempt may have printed, or may still print, some or all of the original. */
  mayHavePrinted?: boolean;
  /** The printer that confirmed the original when recording that failed (a full disk): it is never printed again. */
  printedOn?: string;
}

/**
 * Who is at the till and what they have open: the signed-in operator, the lock, training mode, the
 * sale in progress and the receipts printing now. Held in memory only: what must survive a restart
 * (completed sales, receipts still owed, lockouts) is in the ledger.
 */
export class TerminalSession {
  operator: StaffMember | null = null;
  locked = false;
  training = false;
  sale: Sale | null = null;
  readonly receipts = new Map<number, ReceiptPrinting>();

  signIn(member: StaffMember, training: boolean): void {
    this.operator = member;
    this.locked = false;
    this.training = training;
  }

  signOut(): void {
    this.operator = null;
    this.locked = false;
    this.training = false;
  }
}
