import type { RefObject } from 'react';
import type { Approval, OperatorView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { PinField, StaffNumberField } from '../components/staff-fields.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import type { CallFailure } from '../bridge/call-failure.ts';
import type { ApprovalRequest } from './approval-retry.ts';
import { useManagerApproval } from './use-manager-approval.ts';

/**
 * Asks a manager to approve one action: says what is being approved and for whom, then takes
 * the manager's staff number and PIN, or their badge scan. The host checks the credentials.
 */
export function ApprovalDialog({
  request,
  summary,
  previous,
  requester,
  onApprove,
  onCancel,
  failureText,
}: {
  request: ApprovalRequest;
  summary: string;
  previous: CallFailure | null;
  requester: OperatorView | null;
  onApprove: (a: Approval) => void;
  onCancel: () => void;
  failureText: (f: CallFailure) => { text: string; hint?: string };
}) {
  const { t } = useI18n();
  const { staffId, setStaffId, pin, setPin, busy, local, staffRef, pinRef, submit } = useManagerApproval(previous, onApprove);

  const permissionKey = `permission.${request.permission}`;
  const permissionLabel = hasMessage(permissionKey) ? t(permissionKey) : request.action;

  const error = local ?? (previous ? failureText(previous).text : null);

  return (
    <Modal title={t('approval.title')} onClose={onCancel} className="approval-dialog" holdsIdleLock>
      <ApprovalWhat what={summary || permissionLabel} permissionLabel={permissionLabel} requester={requester} />
      <form onSubmit={submit} className="approval-form">
        <ManagerCredentialFields staffId={staffId} onStaffId={setStaffId} pin={pin} onPin={setPin} staffRef={staffRef} pinRef={pinRef} />
        <PinPad value={pin} onChange={setPin} />
        <p className="hint">{t('approval.badgeHint')}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('approval.checking') : t('approval.approve')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What the manager is asked to approve, and for whom. */
function ApprovalWhat({ what, permissionLabel, requester }: { what: string; permissionLabel: string; requester: OperatorView | null }) {
  const { t } = useI18n();
  return (
    <div className="approval-what">
      <p className="approval-summary">{what}</p>
      <dl className="approval-facts">
        <dt>{t('approval.needs')}</dt>
        <dd>{permissionLabel}</dd>
        {requester && (
          <>
            <dt>{t('approval.requestedBy')}</dt>
            <dd>
              {requester.name} ({t(roleKey(requester.role))})
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** The manager's staff number and PIN; Enter in the staff number moves on to the PIN. */
function ManagerCredentialFields({
  staffId,
  onStaffId,
  pin,
  onPin,
  staffRef,
  pinRef,
}: {
  staffId: string;
  onStaffId: (v: string) => void;
  pin: string;
  onPin: (v: string) => void;
  staffRef: RefObject<HTMLInputElement | null>;
  pinRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  return (
    <>
      <StaffNumberField
        label={t('approval.managerStaff')}
        value={staffId}
        onChange={onStaffId}
        inputRef={staffRef}
        next={pinRef}
        autoComplete="off"
      />
      <PinField label={t('approval.managerPin')} value={pin} onChange={onPin} inputRef={pinRef} autoComplete="off" />
    </>
  );
}

export function roleKey(role: string) {
  return role === 'cashier' || role === 'supervisor' || role === 'manager' || role === 'admin'
    ? (`role.${role}` as const)
    : ('role.other' as const);
}
