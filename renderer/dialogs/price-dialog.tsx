import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import type { SaleLineView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTillState } from '../app/till-context.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

/** Changes a line's unit price (shelf label differs, damaged goods); usually needs a supervisor. */
export function PriceDialog({
  line,
  onSubmit,
  onClose,
}: {
  line: SaleLineView;
  onSubmit: (unitPrice: number, reason: string, summary: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const terminal = useTillState((s) => s.terminal);
  const id = useId();
  const [text, setText] = useState('');
  const [reason, setReason] = useState<string>(REASONS.priceOverride[0]);
  const [error, setError] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const price = parseMoneyInput(text, terminal?.minorDigits ?? 2);
    if (price === null) return setError(t('tender.badAmount'));
    if (!reason) return setError(t('reason.needed'));
    onSubmit(price, reason, t('price.summary', { name: f.product(line), from: f.money(line.unitPrice), to: f.money(price) }));
  };
  return (
    <Modal title={t('price.title', { name: f.product(line) })} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="muted">{t('price.current', { price: f.money(line.unitPrice) })}</p>
        <div className="field">
          <label htmlFor={id}>{t('price.new')}</label>
          <input id={id} autoFocus value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" autoComplete="off" />
        </div>
        <PinPad value={text} onChange={setText} allowDot={(terminal?.minorDigits ?? 2) > 0} />
        <ReasonPicker group="priceOverride" onChange={setReason} />
        <FormFooter error={error} onCancel={onClose} submitLabel={t('price.apply')} />
      </form>
    </Modal>
  );
}
