// A member of staff as sign-in and approvals see them. The roles are one list (core/shared/enums.ts).
import type { Role } from '../shared/enums.ts';

export interface StaffMember {
  staffId: string;
  name: string;
  role: Role;
  active: boolean;
}

/** A staff member as the settings screen lists them: whether a PIN or badge is set, never its value. */
export interface StaffRosterEntry extends StaffMember {
  hasPin: boolean;
  hasBadge: boolean;
}

/** One staff member as written by a manager at the till; `pin` omitted keeps the stored PIN. */
export interface StaffChange {
  staffId: string;
  name: string;
  role: Role;
  active: boolean;
  pin?: string;
}
