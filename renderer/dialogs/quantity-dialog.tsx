import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import type { SaleLineView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { parseMoneyInput } from '../format/money.ts';

/** Sets a line's quantity: pieces for items sold by the piece, kilograms (3 decimals) by weight. */
export function QuantityDialog({
  line,
  onSubmit,
  onClose,
}: {
  line: SaleLineView;
  onSubmit: (qtyMilli: number) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const milli = line.unit === 'kg' ? parseMoneyInput(text, 3) : /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) * 1000 : null;
    if (milli === null || milli <= 0) {
      setError(line.unit === 'kg' ? t('quantity.badWeight') : t('quantity.badCount'));
      return;
    }
    onSubmit(milli);
  };
  return (
    <Modal title={t('quantity.title', { name: line.name })} onClose={onClose}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>{line.unit === 'kg' ? t('quantity.weight') : t('quantity.count')}</label>
          <input
            id={id}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode={line.unit === 'kg' ? 'decimal' : 'numeric'}
            autoComplete="off"
          />
        </div>
        <PinPad value={text} onChange={setText} allowDot={line.unit === 'kg'} />
        <FormFooter error={error} onCancel={onClose} submitLabel={t('common.ok')} />
      </form>
    </Modal>
  );
}
