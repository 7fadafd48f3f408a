// The one permission path. Every check of what someone may do goes through `authorize`: the
// operator holds the permission, or (where the action allows it) someone who holds it approves on
// the spot with a PIN or badge, and the approval is recorded with the action. A check no approval
// can lift is the same path without a request (`requirePermission`).
import type { StaffMember } from './staff-member.ts';
import type { Permission } from '../config/permissions.ts';
import type { EntryDraft } from '../ledger/entry.ts';
import type { Approval } from '../contract/methods.ts';
import { HostError } from '../contract/errors.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { authenticate } from './authenticate.ts';

/** An action someone else may approve: who approves, and what the approval entry records it was for. */
export interface ApprovalRequest {
  approval: Approval | undefined;
  subject: Record<string, unknown>;
}

/** What a staff member's role allows under the configuration in force. */
export function permissionsOf(ctx: TerminalContext, member: StaffMember): Permission[] {
  return ctx.config().roles[member.role] ?? [];
}

/** Whether `member` holds `permission`: what the checks below and the screens' flags read. */
export function holdsPermission(ctx: TerminalContext, member: StaffMember, permission: Permission): boolean {
  return permissionsOf(ctx, member).includes(permission);
}

function authenticateApprover(ctx: TerminalContext, approval: Approval, permission: Permission, what: string): StaffMember {
  let approver: StaffMember;
  try {
    approver = authenticate(ctx, approval);
  } catch (e) {
    // A wrong PIN at an approval is the approval's refusal (and still counts toward the approver's lockout).
    if (e instanceof HostError && (e.code === 'auth.bad-credentials' || e.code === 'auth.locked-out')) {
      const reason = e.code === 'auth.locked-out' ? 'locked-out' : 'bad-credentials';
      throw new HostError('approval.denied', e.message, { permission, action: what, reason });
    }
    throw e;
  }
  if (!holdsPermission(ctx, approver, permission)) {
    throw new HostError('approval.denied', `${approver.name} (${approver.role}) may not approve ${what}`, {
      permission,
      action: what,
      reason: 'not-allowed',
      approver: approver.name,
    });
  }
  return approver;
}

function check(
  ctx: TerminalContext,
  member: StaffMember,
  permission: Permission,
  what: string,
  request?: ApprovalRequest,
): EntryDraft | null {
  if (holdsPermission(ctx, member, permission)) return null;
  if (!request) throw new HostError('permission.denied', `${member.name} may not ${what}`, { permission });
  if (!request.approval) throw new HostError('approval.required', `${what} needs a manager's approval`, { permission, action: what });
  const approver = authenticateApprover(ctx, request.approval, permission, what);
  // The action is the permission's stable id (what loss-prevention reports group by); the sentence is the reason.
  const { approval, subject } = request;
  const body = {
    action: permission,
    approverId: approver.staffId,
    requesterId: member.staffId,
    method: approval.method,
    reason: what,
    subject,
  };
  return ctx.draft('approval', body);
}

/**
 * The signed-in operator may do `what` (needing `permission`), or `request.approval` names someone
 * who may. Returns the approval entry to append with the action, null when none is needed.
 */
export function authorize(ctx: TerminalContext, permission: Permission, what: string, request: ApprovalRequest): EntryDraft | null {
  return check(ctx, ctx.requireOperator(), permission, what, request);
}

/** A check no approval lifts: `member` (the signed-in operator by default) holds `permission`, or permission.denied. */
export function requirePermission(
  ctx: TerminalContext,
  permission: Permission,
  what: string,
  member: StaffMember = ctx.requireOperator(),
): StaffMember {
  check(ctx, member, permission, what);
  return member;
}

/**
 * A co-sign: approved by someone holding `permission` other than `notStaffId` (the cashier who
 * counted), the operator themself when they qualify. Always recorded, so it returns the entry.
 */
export function authorizeSecondPerson(
  ctx: TerminalContext,
  permission: Permission,
  request: ApprovalRequest & { notStaffId: string | null; reason: string },
): EntryDraft {
  const op = ctx.requireOperator();
  const { approval, notStaffId, subject, reason } = request;
  if (holdsPermission(ctx, op, permission) && op.staffId !== notStaffId) {
    return ctx.draft('approval', { action: permission, approverId: op.staffId, requesterId: op.staffId, method: 'pin', reason, subject });
  }
  if (!approval)
    throw new HostError('approval.required', `${permission} needs a second person's approval`, { permission, action: permission });
  const approver = authenticateApprover(ctx, approval, permission, permission);
  if (approver.staffId === notStaffId) {
    throw new HostError('approval.denied', 'the co-sign must come from someone other than the cashier who counted', {
      permission,
      action: permission,
      reason: 'same-person',
    });
  }
  return ctx.draft('approval', {
    action: permission,
    approverId: approver.staffId,
    requesterId: op.staffId,
    method: approval.method,
    reason,
    subject,
  });
}

/** The `approvalSeq` field of an action's entry: present only when an approval was recorded. */
export function approvalRef(approvalSeq: number | undefined): { approvalSeq?: number } {
  return approvalSeq ? { approvalSeq } : {};
}

/** Appends an approval (if any) and the action's entries in one transaction; returns the approval's seq. */
export function writeApproved(
  ctx: TerminalContext,
  approval: EntryDraft | null,
  build: (approvalSeq: number | undefined) => EntryDraft[],
): number | undefined {
  return ctx.store.write((tx) => {
    const approvalSeq = approval ? tx.append(approval).seq : undefined;
    for (const d of build(approvalSeq)) tx.append(d);
    return approvalSeq;
  });
}
