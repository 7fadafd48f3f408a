import { useState, type FormEvent, type RefObject } from 'react';
import type { SaleView } from '../../core/contract/index.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { parseMoneyInput, quickCashAmounts } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState, useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';

/** What is still due, or the change once paid up. */
export function DueBox({ ids, sale, paidUp }: { ids: string; sale: SaleView; paidUp: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  // Computed by the host, which knows the store's cash rounding.
  const change = sale.change;
  const cashDue = sale.due + sale.cashRounding;
  return (
    <div className={`due-box${paidUp ? ' paid' : ''}`}>
      <span className="due-label" id={`${ids}-due`}>
        {paidUp ? t('tender.change') : t('tender.due')}
      </span>
      <output className="due-amount" aria-labelledby={`${ids}-due`}>
        {f.money(paidUp ? change : sale.due)}
      </output>
      {!paidUp && sale.cashRounding !== 0 && <span className="muted">{t('tender.cashDue', { amount: f.money(cashDue) })}</span>}
    </div>
  );
}

/** The payments taken so far, each removable. */
export function TenderList({ sale }: { sale: SaleView }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  if (sale.tenders.length === 0) return null;
  return (
    <ul className="tender-list" aria-label={t('tender.taken')}>
      {sale.tenders.map((x) => (
        <li key={x.index}>
          <span>
            {x.type === 'card'
              ? t('tender.cardLine', { last4: x.last4 ?? '????' })
              : x.type === 'giftcard'
                ? t('tender.giftcardLine', { last4: x.last4 ?? '????' })
                : t(`tender.type.${x.type}`)}
          </span>
          <span className="tender-amount">{f.money(x.amount)}</span>
          <button
            type="button"
            className="icon"
            aria-label={t('tender.remove')}
            onClick={() => void run('sale.removeTender', { index: x.index }, { summary: t('approval.summary.removeResumedTender') })}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

export type TenderTab = 'cash' | 'card' | 'giftcard';

/** Cash, card or gift card. */
export function MethodTabs({ tab, onTab }: { tab: TenderTab; onTab: (tab: TenderTab) => void }) {
  const { t } = useI18n();
  return (
    <div className="tabs" role="tablist" aria-label={t('tender.method')}>
      <button
        type="button"
        role="tab"
        aria-selected={tab === 'cash'}
        className={tab === 'cash' ? 'selected' : ''}
        onClick={() => onTab('cash')}
      >
        {t('tender.cash')}
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={tab === 'card'}
        className={tab === 'card' ? 'selected' : ''}
        onClick={() => onTab('card')}
      >
        {t('tender.card')}
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={tab === 'giftcard'}
        className={tab === 'giftcard' ? 'selected' : ''}
        onClick={() => onTab('giftcard')}
      >
        {t('tender.giftcard')}
      </button>
    </div>
  );
}

/** Cash: quick amounts, the amount given and the pin pad. */
export function CashForm({
  ids,
  sale,
  inputRef,
  cash,
  onCash,
  onSubmit,
  onAddCash,
}: {
  ids: string;
  sale: SaleView;
  inputRef: RefObject<HTMLInputElement | null>;
  cash: string;
  onCash: (cash: string) => void;
  onSubmit: (e?: FormEvent) => void;
  onAddCash: (amount: number) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const minorDigits = useTillState((s) => s.terminal)?.minorDigits ?? 2;
  const cashDue = sale.due + sale.cashRounding;
  // Said as soon as Cash is chosen, before the customer hands over money (the host refuses it too).
  const noFloat = useTillState((s) => s.drawerOpen === false && !s.training);
  return (
    <form className="tender-form" onSubmit={onSubmit} role="tabpanel">
      {noFloat && (
        <p className="form-error" role="alert">
          {t('tender.noFloat')}
        </p>
      )}
      <div className="quick-cash" role="group" aria-label={t('tender.quick')}>
        {quickCashAmounts(cashDue, sale.currency, minorDigits).map((a, i) => (
          <button key={a} type="button" className={i === 0 ? 'exact' : ''} onClick={() => onAddCash(a)}>
            {i === 0 ? t('tender.exact', { amount: f.money(a) }) : f.money(a)}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-cash`}>{t('tender.cashGiven')}</label>
        <input
          id={`${ids}-cash`}
          ref={inputRef}
          value={cash}
          onChange={(e) => onCash(e.target.value)}
          inputMode="decimal"
          autoComplete="off"
          placeholder={f.amount(cashDue)}
        />
      </div>
      <PinPad value={cash} onChange={onCash} allowDot={minorDigits > 0} />
      <button type="submit" className="primary">
        {t('tender.addCash')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}

/** The card form's fields. */
interface CardFields {
  readonly cardAmount: string;
  readonly reference: string;
  readonly last4: string;
}

/** Card: the amount, the terminal's reference and the card's last four digits. */
export function CardForm({
  ids,
  sale,
  referenceRef,
  card,
  onCard,
  onSubmit,
}: {
  ids: string;
  sale: SaleView;
  referenceRef: RefObject<HTMLInputElement | null>;
  card: CardFields;
  onCard: { setCardAmount: (v: string) => void; setReference: (v: string) => void; setLast4: (v: string) => void };
  onSubmit: (e: FormEvent) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <form className="tender-form" onSubmit={onSubmit} role="tabpanel">
      <div className="field">
        <label htmlFor={`${ids}-amount`}>{t('tender.cardAmount')}</label>
        <input
          id={`${ids}-amount`}
          value={card.cardAmount}
          onChange={(e) => onCard.setCardAmount(e.target.value)}
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
          value={card.reference}
          onChange={(e) => onCard.setReference(e.target.value)}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-last4`}>{t('tender.last4')}</label>
        <input
          id={`${ids}-last4`}
          value={card.last4}
          onChange={(e) => onCard.setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      <button type="submit" className="primary">
        {t('tender.addCard')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}

/**
 * Gift card (issue #15): the card scanned or typed, its balance checked by the host, and the amount
 * to take from it (empty: as much as the card can pay of what is due). The host refuses more than
 * the card has left and says what that is; the number is sent to the host only, never kept here.
 */
export function GiftCardForm({ ids, sale, numberRef }: { ids: string; sale: SaleView; numberRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  const minorDigits = useTillState((s) => s.terminal)?.minorDigits ?? 2;
  const [cardNumber, setCardNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [balance, setBalance] = useState<{ last4: string; balance: number; known: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    if (!cardNumber.trim()) return;
    const view = await run('giftcard.balance', { cardNumber });
    if (view) setBalance(view);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!cardNumber.trim()) return setError(t('tender.giftcardNeedNumber'));
    const wanted = amount.trim() === '' ? Math.min(sale.due, balance?.balance ?? sale.due) : parseMoneyInput(amount, minorDigits);
    if (wanted === null || wanted <= 0) return setError(t('tender.badAmount'));
    setError(null);
    const ok = await run('sale.addTender', { type: 'giftcard', amount: wanted, cardNumber });
    if (ok) {
      setCardNumber('');
      setAmount('');
      setBalance(null);
      // Refused (the card has less left, or is unknown here): show what it has, so the cashier can take that.
    } else await check();
  };

  return (
    <form className="tender-form" onSubmit={(e) => void submit(e)} role="tabpanel">
      <div className="field">
        <label htmlFor={`${ids}-giftcard`}>{t('tender.giftcardNumber')}</label>
        <input
          id={`${ids}-giftcard`}
          ref={numberRef}
          value={cardNumber}
          onChange={(e) => {
            setCardNumber(e.target.value.replace(/[^\d\s-]/g, '').slice(0, 40));
            setBalance(null);
          }}
          onBlur={() => void check()}
          inputMode="numeric"
          autoComplete="off"
        />
      </div>
      <button type="button" onClick={() => void check()}>
        {t('tender.giftcardCheck')}
      </button>
      {balance && (
        <p className="muted" role="status">
          {balance.known
            ? t('tender.giftcardBalance', { last4: balance.last4, amount: f.money(balance.balance) })
            : t('error.giftcard.unknown')}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${ids}-giftcard-amount`}>{t('tender.giftcardAmount')}</label>
        <input
          id={`${ids}-giftcard-amount`}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          inputMode="decimal"
          placeholder={f.amount(Math.min(sale.due, balance?.balance ?? sale.due))}
          autoComplete="off"
        />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        {t('tender.addGiftcard')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
