import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS, type ReasonGroup } from './reasons.ts';

/** Asks which receipt (typed, or its QR scanned) and, for voids, why. Used by reprint and post-void. */
export function ReceiptNumberDialog({
  title,
  text,
  initial,
  reasonGroup,
  confirmLabel,
  danger,
  onSubmit,
  onClose,
}: {
  title: string;
  text: string;
  initial: number | null;
  reasonGroup?: ReasonGroup;
  confirmLabel: string;
  danger?: boolean;
  onSubmit: (receiptNo: number, reason: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useState(initial ? String(initial) : '');
  const [reason, setReason] = useState<string>(reasonGroup ? REASONS[reasonGroup][0] : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async (no: number) => {
    setBusy(true);
    const ok = await onSubmit(no, reason);
    setBusy(false);
    if (ok) onClose();
  };

  useScanTarget((scan) => {
    const m = /;N=(\d+);/.exec(scan.code);
    if (m) setValue(m[1]!);
  }, 'dialog');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{1,12}$/.test(value.trim())) return setError(t('receiptNo.bad'));
    if (reasonGroup && !reason) return setError(t('reason.needed'));
    setError(null);
    void go(Number(value.trim()));
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{text}</p>
        <div className="field">
          <label htmlFor={id}>{t('returns.receiptNo')}</label>
          {/* Selected when focused: the last receipt's number is filled in, and typing another replaces it. */}
          <input
            id={id}
            autoFocus
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onFocus={(e) => e.currentTarget.select()}
            inputMode="numeric"
            autoComplete="off"
          />
        </div>
        {reasonGroup && <ReasonPicker group={reasonGroup} onChange={setReason} />}
        <FormFooter error={error} onCancel={onClose} submitLabel={confirmLabel} danger={danger} disabled={busy} />
      </form>
    </Modal>
  );
}
