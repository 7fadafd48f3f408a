import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import type { SaleView } from '../../core/contract/index.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { parseMoneyInput, quickCashAmounts } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState, useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';

/**
 * Payment once the total is presented: cash with quick amounts and change, card with the
 * terminal's reference and last four digits, or any mix of them (split tender).
 */
export function TenderPanel({
  sale,
  onComplete,
  onBack,
  completing,
  ref,
}: {
  sale: SaleView;
  onComplete: () => void;
  onBack: () => void;
  completing: boolean;
  ref?: Ref<HTMLElement>;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  const terminal = useTillState((s) => s.terminal);
  const minorDigits = terminal?.minorDigits ?? 2;
  const [tab, setTab] = useState<'cash' | 'card'>('cash');
  const [cash, setCash] = useState('');
  const [cardAmount, setCardAmount] = useState('');
  const [reference, setReference] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashRef = useRef<HTMLInputElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const paidUp = sale.due === 0 && sale.tenders.length > 0;
  // Computed by the host, which knows the store's cash rounding.
  const change = sale.change;
  const cashDue = sale.due + sale.cashRounding;

  useEffect(() => {
    if (paidUp) return;
    if (tab === 'cash') cashRef.current?.focus();
    else referenceRef.current?.focus();
  }, [tab, paidUp]);

  const addCash = async (amount: number) => {
    if (amount <= 0) return;
    setError(null);
    const ok = await run('sale.addTender', { type: 'cash', amount });
    if (ok) setCash('');
  };

  const submitCash = (e?: FormEvent) => {
    e?.preventDefault();
    const amount = cash.trim() === '' ? cashDue : parseMoneyInput(cash, minorDigits);
    if (amount === null || amount <= 0) {
      setError(t('tender.badAmount'));
      return;
    }
    void addCash(amount);
  };

  const submitCard = async (e?: FormEvent) => {
    e?.preventDefault();
    const amount = cardAmount.trim() === '' ? sale.due : parseMoneyInput(cardAmount, minorDigits);
    if (amount === null || amount <= 0) return setError(t('tender.badAmount'));
    if (!reference.trim()) return setError(t('tender.needReference'));
    if (!/^\d{4}$/.test(last4)) return setError(t('tender.needLast4'));
    setError(null);
    const ok = await run('sale.addTender', { type: 'card', amount, reference: reference.trim(), last4 });
    if (ok) {
      setCardAmount('');
      setReference('');
      setLast4('');
      // Whatever is left of a split payment is usually cash.
      if (ok.due > 0) setTab('cash');
    }
  };

  return (
    <section
      ref={ref}
      className="tender-panel"
      aria-label={t('tender.label')}
      data-idle-hold={cash || cardAmount || reference || last4 ? '' : undefined}
    >
      <div className={`due-box${paidUp ? ' paid' : ''}`}>
        <span className="due-label" id={`${ids}-due`}>
          {paidUp ? t('tender.change') : t('tender.due')}
        </span>
        <output className="due-amount" aria-labelledby={`${ids}-due`}>
          {f.money(paidUp ? change : sale.due)}
        </output>
        {!paidUp && sale.cashRounding !== 0 && <span className="muted">{t('tender.cashDue', { amount: f.money(cashDue) })}</span>}
      </div>

      {sale.tenders.length > 0 && (
        <ul className="tender-list" aria-label={t('tender.taken')}>
          {sale.tenders.map((x) => (
            <li key={x.index}>
              <span>{x.type === 'card' ? t('tender.cardLine', { last4: x.last4 ?? '????' }) : t(`tender.type.${x.type}`)}</span>
              <span className="tender-amount">{f.money(x.amount)}</span>
              <button
                type="button"
                className="icon"
                aria-label={t('tender.remove')}
                onClick={() => void run('sale.removeTender', { index: x.index })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      {!paidUp && (
        <>
          <div className="tabs" role="tablist" aria-label={t('tender.method')}>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'cash'}
              className={tab === 'cash' ? 'selected' : ''}
              onClick={() => setTab('cash')}
            >
              {t('tender.cash')}
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'card'}
              className={tab === 'card' ? 'selected' : ''}
              onClick={() => setTab('card')}
            >
              {t('tender.card')}
            </button>
          </div>
          {tab === 'cash' ? (
            <form className="tender-form" onSubmit={submitCash} role="tabpanel">
              <div className="quick-cash" role="group" aria-label={t('tender.quick')}>
                {quickCashAmounts(cashDue, sale.currency, minorDigits).map((a, i) => (
                  <button key={a} type="button" className={i === 0 ? 'exact' : ''} onClick={() => void addCash(a)}>
                    {i === 0 ? t('tender.exact', { amount: f.money(a) }) : f.money(a)}
                  </button>
                ))}
              </div>
              <div className="field">
                <label htmlFor={`${ids}-cash`}>{t('tender.cashGiven')}</label>
                <input
                  id={`${ids}-cash`}
                  ref={cashRef}
                  value={cash}
                  onChange={(e) => setCash(e.target.value)}
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder={f.amount(cashDue)}
                />
              </div>
              <PinPad value={cash} onChange={setCash} allowDot={minorDigits > 0} />
              <button type="submit" className="primary">
                {t('tender.addCash')} <kbd>Enter</kbd>
              </button>
            </form>
          ) : (
            <form className="tender-form" onSubmit={(e) => void submitCard(e)} role="tabpanel">
              <div className="field">
                <label htmlFor={`${ids}-amount`}>{t('tender.cardAmount')}</label>
                <input
                  id={`${ids}-amount`}
                  value={cardAmount}
                  onChange={(e) => setCardAmount(e.target.value)}
                  inputMode="decimal"
                  placeholder={f.amount(sale.due)}
                  autoComplete="off"
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-ref`}>{t('tender.reference')}</label>
                <input
                  id={`${ids}-ref`}
                  ref={referenceRef}
                  value={reference}
                  onChange={(e) => setReference(e.target.value)}
                  autoComplete="off"
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-last4`}>{t('tender.last4')}</label>
                <input
                  id={`${ids}-last4`}
                  value={last4}
                  onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
                  inputMode="numeric"
                  autoComplete="off"
                />
              </div>
              <button type="submit" className="primary">
                {t('tender.addCard')} <kbd>Enter</kbd>
              </button>
            </form>
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="tender-footer">
        <button type="button" onClick={onBack} disabled={sale.tenders.length > 0}>
          {t('tender.back')}
        </button>
        <button type="button" className="primary big complete" onClick={onComplete} disabled={!paidUp || completing}>
          {t('tender.complete')} <kbd>F9</kbd>
        </button>
      </div>
    </section>
  );
}
