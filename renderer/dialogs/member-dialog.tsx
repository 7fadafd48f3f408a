import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTillState } from '../app/till-context.tsx';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';

export type MemberLookup = { method: 'token'; token: string } | { method: 'card'; card: string } | { method: 'manual'; memberId: string };

/**
 * Adds the customer as a member: best by scanning the code in their member app (proves they are
 * here) or their card with the till's scanner. A card or member number typed in (or read by a
 * keyboard-wedge scanner, which the host cannot tell from typing) is a lookup by hand: the host
 * asks for a manager's approval.
 */
export function MemberDialog({
  onLookup,
  onRemove,
  onClose,
  onCustomers,
}: {
  onLookup: (m: MemberLookup) => Promise<boolean>;
  /** Takes the member on the sale off (before the total is presented). */
  onRemove: () => Promise<boolean>;
  onClose: () => void;
  /** Opens Customers: find a member by phone or name, or sign the customer up. */
  onCustomers?: () => void;
}) {
  const { t } = useI18n();
  const attached = useTillState((s) => (s.sale?.status === 'open' ? (s.sale.member?.name ?? null) : null));
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  // A card read by the till's own scanner attaches in the host, not through this dialog: close on it.
  const onSale = useTillState((s) => (s.sale?.member ? `${s.sale.member.memberId}|${s.sale.member.verification}` : null));
  const [whenOpened] = useState(onSale);
  useEffect(() => {
    if (onSale !== null && onSale !== whenOpened) onClose();
  }, [onSale, whenOpened, onClose]);

  const remove = async () => {
    setBusy(true);
    const ok = await onRemove();
    setBusy(false);
    if (ok) onClose();
  };

  const go = async (m: MemberLookup) => {
    setBusy(true);
    const ok = await onLookup(m);
    setBusy(false);
    if (ok) onClose();
  };

  useScanTarget(
    (scan) => void go(scan.code.startsWith('TPM1.') ? { method: 'token', token: scan.code } : { method: 'card', card: scan.code }),
    'dialog',
  );

  const submitCard = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    void go(v.startsWith('TPM1.') ? { method: 'token', token: v } : { method: 'card', card: v });
  };

  return (
    <Modal title={t('member.dialogTitle')} onClose={onClose}>
      <div className="scan-prompt" aria-hidden="true">
        ▦
      </div>
      <p>{t('member.scanPrompt')}</p>
      {attached !== null && (
        <div className="member-attached">
          <p>{t('member.onSale', { name: attached })}</p>
          <button type="button" disabled={busy} onClick={() => void remove()}>
            {t('member.remove')}
          </button>
        </div>
      )}
      <form onSubmit={submitCard}>
        <div className="field">
          <label htmlFor={`${ids}-code`}>{t('member.cardOrCode')}</label>
          <input id={`${ids}-code`} autoFocus value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" disabled={busy || !text.trim()} onClick={() => void go({ method: 'manual', memberId: text.trim() })}>
            {t('member.manual')}
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('member.find')}
          </button>
        </div>
      </form>
      <p className="hint">{t('member.manualHint')}</p>
      {onCustomers && (
        <button type="button" onClick={onCustomers}>
          {t('customers.open')}
        </button>
      )}
    </Modal>
  );
}
