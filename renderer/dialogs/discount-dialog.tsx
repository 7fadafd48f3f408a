import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import type { SaleLineView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTillState } from '../app/till-context.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

export interface DiscountRequest {
  scope: 'line' | 'order';
  lineNo?: number;
  kind: 'percent' | 'amount';
  /** Basis points for percent, minor units for amount. */
  value: number;
  reason: string;
  /** What it is, in words, for the manager's approval dialog. */
  summary: string;
}

/** A discount on the selected line or the whole sale, as a percentage or an amount. */
export function DiscountDialog({
  line,
  onSubmit,
  onClose,
}: {
  line: SaleLineView | null;
  onSubmit: (d: DiscountRequest) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const terminal = useTillState((s) => s.terminal);
  const ids = useId();
  const [scope, setScope] = useState<'line' | 'order'>('order');
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState('');
  const [reason, setReason] = useState<string>(REASONS.discount[0]);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = kind === 'percent' ? parseMoneyInput(text, 2) : parseMoneyInput(text, terminal?.minorDigits ?? 2);
    if (value === null || value <= 0 || (kind === 'percent' && value > 10_000)) {
      setError(kind === 'percent' ? t('discount.badPercent') : t('tender.badAmount'));
      return;
    }
    if (!reason) return setError(t('reason.needed'));
    const what = kind === 'percent' ? t('discount.percentValue', { value: f.number(value / 100) }) : f.money(value);
    const summary =
      scope === 'line' && line ? t('discount.summaryLine', { what, name: f.product(line) }) : t('discount.summaryOrder', { what });
    onSubmit({ scope, ...(scope === 'line' && line ? { lineNo: line.lineNo } : {}), kind, value, reason, summary });
  };

  return (
    <Modal title={t('discount.title')} onClose={onClose}>
      <form onSubmit={submit}>
        <fieldset className="segmented">
          <legend>{t('discount.scope')}</legend>
          <label className="radio">
            <input type="radio" name={`${ids}-scope`} checked={scope === 'order'} onChange={() => setScope('order')} />
            {t('discount.wholeSale')}
          </label>
          <label className="radio">
            <input type="radio" name={`${ids}-scope`} checked={scope === 'line'} disabled={!line} onChange={() => setScope('line')} />
            {line ? t('discount.thisLine', { name: f.product(line) }) : t('discount.noLine')}
          </label>
        </fieldset>
        <fieldset className="segmented">
          <legend>{t('discount.kind')}</legend>
          <label className="radio">
            <input type="radio" name={`${ids}-kind`} checked={kind === 'percent'} onChange={() => setKind('percent')} />
            {t('discount.percent')}
          </label>
          <label className="radio">
            <input type="radio" name={`${ids}-kind`} checked={kind === 'amount'} onChange={() => setKind('amount')} />
            {t('discount.amount')}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-value`}>{kind === 'percent' ? t('discount.percentLabel') : t('discount.amountLabel')}</label>
          <input
            id={`${ids}-value`}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode="decimal"
            autoComplete="off"
          />
        </div>
        <ReasonPicker group="discount" onChange={setReason} />
        <FormFooter error={error} onCancel={onClose} submitLabel={t('discount.apply')} />
      </form>
    </Modal>
  );
}
