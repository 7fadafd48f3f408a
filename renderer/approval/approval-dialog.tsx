import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Approval, OperatorView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { useScanTarget } from '../scan/scan-routing.tsx';
import type { CallFailure } from '../bridge/call-failure.ts';
import type { ApprovalRequest } from './approval-retry.ts';

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
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  // A refused attempt comes back here: clear the PIN and let the manager try again.
  const [answered, setAnswered] = useState(previous);
  if (answered !== previous) {
    setAnswered(previous);
    setBusy(false);
    setPin('');
  }
  useEffect(() => {
    if (previous) pinRef.current?.focus();
    else staffRef.current?.focus();
  }, [previous]);

  useScanTarget((scan) => {
    if (busy) return;
    setBusy(true);
    onApprove({ method: 'badge', badge: scan.code });
  }, 'dialog');

  const permissionKey = `permission.${request.permission}`;
  const permissionLabel = hasMessage(permissionKey) ? t(permissionKey) : request.action;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (!staffId.trim()) {
      setLocal(t('approval.needStaff'));
      staffRef.current?.focus();
      return;
    }
    if (!/^\d{4,8}$/.test(pin)) {
      setLocal(t('login.pinFormat'));
      pinRef.current?.focus();
      return;
    }
    setLocal(null);
    setBusy(true);
    onApprove({ method: 'pin', staffId: staffId.trim(), pin });
  };

  const error = local ?? (previous ? failureText(previous).text : null);

  return (
    <Modal title={t('approval.title')} onClose={onCancel} className="approval-dialog" holdsIdleLock>
      <div className="approval-what">
        <p className="approval-summary">{summary || permissionLabel}</p>
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
      <form onSubmit={submit} className="approval-form">
        <div className="field">
          <label htmlFor={`${ids}-staff`}>{t('approval.managerStaff')}</label>
          <input
            id={`${ids}-staff`}
            ref={staffRef}
            value={staffId}
            onChange={(e) => setStaffId(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                pinRef.current?.focus();
              }
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-pin`}>{t('approval.managerPin')}</label>
          <input
            id={`${ids}-pin`}
            ref={pinRef}
            type="password"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            autoComplete="off"
            inputMode="numeric"
          />
        </div>
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

export function roleKey(role: string) {
  return role === 'cashier' || role === 'supervisor' || role === 'manager' || role === 'admin'
    ? (`role.${role}` as const)
    : ('role.other' as const);
}
