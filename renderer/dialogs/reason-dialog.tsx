import { useState, type FormEvent, type ReactNode } from 'react';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS, type ReasonGroup } from './reasons.ts';

/** Confirms an action that needs a recorded reason (void, cancel, no-sale...). */
export function ReasonDialog({
  title,
  group,
  confirmLabel,
  danger,
  children,
  onConfirm,
  onClose,
}: {
  title: string;
  group: ReasonGroup;
  confirmLabel: string;
  danger?: boolean;
  children?: ReactNode;
  onConfirm: (reason: string) => Promise<unknown> | void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState<string>(REASONS[group][0]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason || busy) return;
    setBusy(true);
    try {
      await onConfirm(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        {children}
        <ReasonPicker group={group} onChange={setReason} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className={danger ? 'danger-solid' : 'primary'} disabled={!reason || busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
