import type { Approval } from '../../core/contract/index.ts';
import { TillproofError } from '../../core/shared/errors.ts';
import { toCallFailure, type CallFailure } from '../bridge/call-failure.ts';

// The host answers an action the operator may not do alone with `approval.required`
// (details: permission, action). The UI then asks a manager for their credentials and sends
// the very same call again with `approval`. A refused approval asks again; cancelling stops.

export interface ApprovalRequest {
  /** The permission the action needs (details.permission). */
  readonly permission: string;
  /** The host's short description of the action (details.action), English. */
  readonly action: string;
}

/** Thrown when the manager dialog was closed without approving. */
export class ApprovalCancelled extends TillproofError<'approval.cancelled'> {
  constructor() {
    super('approval.cancelled', 'approval cancelled');
    this.name = 'ApprovalCancelled';
  }
}

/** Codes after which the manager may simply try again (wrong PIN, not allowed, locked out). */
const RETRYABLE = new Set<CallFailure['code']>(['approval.denied', 'auth.bad-credentials', 'auth.locked-out']);

export function approvalRequestOf(failure: CallFailure): ApprovalRequest {
  const permission = typeof failure.details.permission === 'string' ? failure.details.permission : '';
  const action = typeof failure.details.action === 'string' ? failure.details.action : '';
  return { permission, action };
}

/**
 * Runs `call` once without approval; on `approval.required` asks `askApproval` for a manager's
 * credentials and repeats the call with them until it succeeds, fails for another reason, or
 * the manager cancels (ApprovalCancelled). Other failures are thrown as CallFailure.
 */
export async function runWithApproval<T>(
  call: (approval: Approval | undefined) => Promise<T>,
  askApproval: (request: ApprovalRequest, previous: CallFailure | null) => Promise<Approval | null>,
  maxAttempts = 10,
): Promise<T> {
  let first: CallFailure;
  try {
    return await call(undefined);
  } catch (e) {
    first = toCallFailure(e);
  }
  if (first.code !== 'approval.required') throw first;
  const request = approvalRequestOf(first);
  let previous: CallFailure | null = null;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const approval = await askApproval(request, previous);
    if (!approval) throw new ApprovalCancelled();
    try {
      return await call(approval);
    } catch (e) {
      const failure = toCallFailure(e);
      if (!RETRYABLE.has(failure.code)) throw failure;
      previous = failure;
    }
  }
  throw previous ?? first;
}

/** Adds the approval to a call's params (only methods that take one ever ask for it). */
export function withApproval<P extends object>(params: P, approval: Approval | undefined): P {
  return approval ? { ...params, approval } : params;
}

/** Why an approval was refused, as the host says (details.reason): the message names it instead of listing every possibility. */
export function approvalDeniedKey(
  reason: unknown,
):
  | 'error.approval.denied.bad-credentials'
  | 'error.approval.denied.locked-out'
  | 'error.approval.denied.not-allowed'
  | 'error.approval.denied.same-person'
  | null {
  switch (reason) {
    case 'bad-credentials':
    case 'locked-out':
    case 'not-allowed':
    case 'same-person':
      return `error.approval.denied.${reason}`;
    default:
      return null;
  }
}
