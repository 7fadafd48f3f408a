import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import type { SaleView } from '../../core/contract/index.ts';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState, useTill } from '../app/till-context.tsx';
import { InvoiceBuyerForm } from './invoice-buyer-form.tsx';
import { CardForm, CashForm, DueBox, GiftCardForm, MethodTabs, TenderList, type TenderTab } from './tender-forms.tsx';

interface TenderPanelProps {
  sale: SaleView;
  onComplete: () => void;
  onBack: () => void;
  completing: boolean;
  ref?: Ref<HTMLElement>;
}

/** The payment being entered: the method, the cash and card fields, and adding them as tenders. */
function useTenderEntry(sale: SaleView) {
  const { t } = useI18n();
  const { run } = useTill();
  const terminal = useTillState((s) => s.terminal);
  const minorDigits = terminal?.minorDigits ?? 2;
  const [tab, setTab] = useState<TenderTab>('cash');
  const [cash, setCash] = useState('');
  const [cardAmount, setCardAmount] = useState('');
  const [reference, setReference] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashRef = useRef<HTMLInputElement>(null);
  const referenceRef = useRef<HTMLInputElement>(null);
  const giftcardRef = useRef<HTMLInputElement>(null);
  const paidUp = sale.due === 0 && sale.tenders.length > 0;
  const cashDue = sale.due + sale.cashRounding;

  useEffect(() => {
    if (paidUp) return;
    if (tab === 'cash') cashRef.current?.focus();
    else if (tab === 'giftcard') giftcardRef.current?.focus();
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

  return {
    tab,
    setTab,
    cash,
    setCash,
    cardAmount,
    setCardAmount,
    reference,
    setReference,
    last4,
    setLast4,
    error,
    cashRef,
    referenceRef,
    giftcardRef,
    paidUp,
    addCash,
    submitCash,
    submitCard,
  };
}

/**
 * Payment once the total is presented: cash with quick amounts and change, card with the
 * terminal's reference and last four digits, or any mix of them (split tender).
 */
export function TenderPanel({ sale, onComplete, onBack, completing, ref }: TenderPanelProps) {
  const { t } = useI18n();
  const ids = useId();
  const entry = useTenderEntry(sale);
  const { tab, cash, cardAmount, reference, last4, error, paidUp } = entry;
  const einvoice = useTillState((s) => s.terminal?.einvoice ?? false);

  return (
    <section
      ref={ref}
      className="tender-panel"
      aria-label={t('tender.label')}
      data-idle-hold={cash || cardAmount || reference || last4 ? '' : undefined}
    >
      <DueBox ids={ids} sale={sale} paidUp={paidUp} />

      <TenderList sale={sale} />

      {!paidUp && (
        <>
          <MethodTabs tab={tab} onTab={entry.setTab} />
          {tab === 'cash' ? (
            <CashForm
              ids={ids}
              sale={sale}
              inputRef={entry.cashRef}
              cash={cash}
              onCash={entry.setCash}
              onSubmit={entry.submitCash}
              onAddCash={(a) => void entry.addCash(a)}
            />
          ) : tab === 'giftcard' ? (
            <GiftCardForm ids={ids} sale={sale} numberRef={entry.giftcardRef} />
          ) : (
            <CardForm
              ids={ids}
              sale={sale}
              referenceRef={entry.referenceRef}
              card={{ cardAmount, reference, last4 }}
              onCard={entry}
              onSubmit={(e) => void entry.submitCard(e)}
            />
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {einvoice && !sale.training && <InvoiceBuyerForm sale={sale} />}
      <TenderFooter sale={sale} paidUp={paidUp} completing={completing} onBack={onBack} onComplete={onComplete} />
    </section>
  );
}

/** Back to the sale (only before any payment is taken) and Complete (F9, once paid up). */
function TenderFooter({
  sale,
  paidUp,
  completing,
  onBack,
  onComplete,
}: {
  sale: SaleView;
  paidUp: boolean;
  completing: boolean;
  onBack: () => void;
  onComplete: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="tender-footer">
      <button type="button" onClick={onBack} disabled={sale.tenders.length > 0}>
        {t('tender.back')}
      </button>
      <button type="button" className="primary big complete" onClick={onComplete} disabled={!paidUp || completing}>
        {t('tender.complete')} <kbd>F9</kbd>
      </button>
    </div>
  );
}
