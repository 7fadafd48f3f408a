import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import type { SaleLineView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { isLargeQuantity, readQuantity, type QuantityProblem } from './quantity-input.ts';

const PROBLEM_KEYS = {
  'not-whole': 'quantity.badCount',
  'bad-weight': 'quantity.badWeight',
  'too-large': 'quantity.tooLarge',
} as const satisfies Record<Exclude<QuantityProblem, 'zero'>, string>;

/**
 * Sets a line's quantity: pieces for items sold by the piece, kilograms (3 decimals) by weight.
 * 0 is refused with how to take the line off instead; a very large quantity is asked about once.
 */
export function QuantityDialog({
  line,
  onSubmit,
  onClose,
  onSale = false,
}: {
  line: SaleLineView;
  onSubmit: (qtyMilli: number) => void;
  onClose: () => void;
  /** The line is already on the sale: 0 explains how to remove it. */
  onSale?: boolean;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The large quantity the cashier was asked about: submitting it again confirms it.
  const [asked, setAsked] = useState<number | null>(null);
  const type = (value: string) => {
    setText(value);
    setAsked(null);
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const read = readQuantity(text, line.unit);
    if (!read.ok) {
      setAsked(null);
      setError(read.problem === 'zero' ? t(onSale ? 'quantity.zeroOnSale' : 'quantity.zero') : t(PROBLEM_KEYS[read.problem]));
      return;
    }
    if (isLargeQuantity(read.qtyMilli) && asked !== read.qtyMilli) {
      setError(null);
      setAsked(read.qtyMilli);
      return;
    }
    onSubmit(read.qtyMilli);
  };
  return (
    <Modal title={t('quantity.title', { name: f.product(line) })} onClose={onClose}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>{line.unit === 'kg' ? t('quantity.weight') : t('quantity.count')}</label>
          <input
            id={id}
            autoFocus
            value={text}
            onChange={(e) => type(e.target.value)}
            inputMode={line.unit === 'kg' ? 'decimal' : 'numeric'}
            autoComplete="off"
          />
        </div>
        <PinPad value={text} onChange={type} allowDot={line.unit === 'kg'} />
        {asked !== null && (
          <p className="form-warning" role="alert">
            {t('quantity.large', { qty: f.qty(asked, line.unit) })}
          </p>
        )}
        <FormFooter
          error={error}
          onCancel={onClose}
          submitLabel={asked !== null ? t('quantity.confirmLarge', { qty: f.qty(asked, line.unit) }) : t('common.ok')}
        />
      </form>
    </Modal>
  );
}
