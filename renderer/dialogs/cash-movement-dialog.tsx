import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTill, useTillState } from '../app/till-context.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

type Kind = 'cash-in' | 'paid-out' | 'pickup';

/** Cash into the drawer, a paid-out, or a pickup to the safe: amount and reason, permission checked by the host. */
export function CashMovementDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const terminal = useTillState((s) => s.terminal);
  const id = useId();
  const [kind, setKind] = useState<Kind>('pickup');
  const [text, setText] = useState('');
  const [reason, setReason] = useState<string>(REASONS.cashMovement[0]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const amount = parseMoneyInput(text, terminal?.minorDigits ?? 2);
    if (amount === null || amount <= 0) return setError(t('tender.badAmount'));
    if (!reason) return setError(t('reason.needed'));
    setBusy(true);
    const ok = await run(
      'till.cashMovement',
      { kind, amount, reason },
      { summary: t('cash.summary', { kind: t(`cash.kind.${kind}`), amount: f.money(amount) }) },
    );
    setBusy(false);
    if (ok) {
      notify('success', t('cash.done', { kind: t(`cash.kind.${kind}`), amount: f.money(amount) }));
      onClose();
    }
  };
  return (
    <Modal title={t('cash.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="segmented">
          <legend>{t('cash.kindLabel')}</legend>
          {(['cash-in', 'paid-out', 'pickup'] as const).map((k) => (
            <label key={k} className={kind === k ? 'selected' : ''}>
              <input type="radio" name="cash-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`cash.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={id}>{t('cash.amount')}</label>
          <input id={id} autoFocus value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" autoComplete="off" />
        </div>
        <PinPad value={text} onChange={setText} allowDot={(terminal?.minorDigits ?? 2) > 0} />
        <ReasonPicker group="cashMovement" onChange={setReason} />
        <FormFooter error={error} onCancel={onClose} submitLabel={t('cash.confirm')} disabled={busy} />
      </form>
    </Modal>
  );
}
