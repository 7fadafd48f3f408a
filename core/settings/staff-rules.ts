import type { Permission } from '../config/permissions.ts';
import type { Role } from '../shared/enums.ts';
import type { StaffMember } from '../auth/staff-member.ts';

// Who may change whom when a till keeps its own staff. Pure, so the rules are tested alone;
// the host checks them against the signed-in operator before anything is written.

export type RolePermissions = Readonly<Record<Role, readonly Permission[]>>;

const RANK: Readonly<Record<Role, number>> = { cashier: 0, supervisor: 1, manager: 2, admin: 3 };

export interface StaffOperator {
  staffId: string;
  role: Role;
  permissions: readonly Permission[];
}

/**
 * A role may be given (or its holder managed) only by someone of at least that rank who holds
 * every permission it has: nobody grants more than they hold, and a manager cannot take over
 * an administrator's account by resetting its PIN.
 */
export function mayAssign(
  operator: Pick<StaffOperator, 'role' | 'permissions'>,
  role: Role,
  rolePermissions: readonly Permission[],
): boolean {
  return RANK[role] <= RANK[operator.role] && rolePermissions.every((p) => operator.permissions.includes(p));
}

export type StaffEdit =
  { kind: 'add'; staffId: string; role: Role } | { kind: 'update'; target: StaffMember; role?: Role; pin?: boolean; active?: boolean };

/** Why the operator may not make this edit (English, for the log and the error), or null when they may. */
export function staffEditDenial(operator: StaffOperator, edit: StaffEdit, roles: RolePermissions): string | null {
  if (!operator.permissions.includes('staff.manage')) return 'changing staff needs the staff.manage permission';
  if (edit.kind === 'add') {
    return mayAssign(operator, edit.role, roles[edit.role])
      ? null
      : `only someone of the ${edit.role} role or above, with all its permissions, may give it`;
  }
  const { target } = edit;
  if (!mayAssign(operator, target.role, roles[target.role]))
    return `${target.staffId} is a ${target.role}: only someone of that role or above, with all its permissions, may change them`;
  const self = target.staffId === operator.staffId;
  if (edit.role !== undefined && edit.role !== target.role) {
    if (self) return 'you cannot change your own role: ask another manager';
    if (!mayAssign(operator, edit.role, roles[edit.role]))
      return `only someone of the ${edit.role} role or above, with all its permissions, may give it`;
  }
  if (edit.active === false && self) return 'you cannot deactivate yourself: ask another manager';
  return null;
}

/** The config-change summary of an edit: what changed, never a PIN. */
export function staffEditSummary(edit: StaffEdit, byStaffId: string): string {
  if (edit.kind === 'add') return `at the till by ${byStaffId}: added ${edit.staffId} (${edit.role})`;
  const parts: string[] = [];
  if (edit.role !== undefined && edit.role !== edit.target.role) parts.push(`role ${edit.target.role} -> ${edit.role}`);
  if (edit.pin) parts.push('PIN reset');
  if (edit.active !== undefined && edit.active !== edit.target.active) parts.push(edit.active ? 'reactivated' : 'deactivated');
  return `at the till by ${byStaffId}: ${edit.target.staffId} ${parts.length ? parts.join(', ') : 'unchanged'}`;
}

/** The staff number a staffEditSummary is about (a PIN reset there lifts that staff member's lockout). */
export function staffEditTarget(summary: string): string | undefined {
  return /^at the till by \S+: (?:added )?(\S+)/.exec(summary)?.[1];
}
