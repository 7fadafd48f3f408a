// Who may sign in (PIN, badge) and the till's own staff list. db/ implements both.
import type { StaffChange, StaffMember, StaffRosterEntry } from '../auth/staff-member.ts';

export interface StaffDirectory {
  byId(staffId: string): StaffMember | undefined;
  /** The staff member if the PIN is right; undefined otherwise. Constant-time compare of a slow hash. */
  verifyPin(staffId: string, pin: string): StaffMember | undefined;
  byBadge(badge: string): StaffMember | undefined;
}

/**
 * The till's own staff list, for the settings screen. `save` writes the master data tables
 * inside the ledger's write transaction (same database), so the change and its config-change
 * entry commit together or not at all; it hashes the PIN the way login checks it.
 */
export interface StaffRoster {
  /** 'hq': staff come from HQ and are read-only at the till; 'local': a manager keeps them here. */
  readonly managedBy: 'local' | 'hq';
  list(): StaffRosterEntry[];
  /** Call inside LedgerStore.write. Returns the staff section's new version and digest (no PIN in either). */
  save(change: StaffChange): { version: number; digest: string };
}
