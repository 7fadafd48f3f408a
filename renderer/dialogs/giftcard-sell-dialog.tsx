import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import { Modal } from '../components/modal.tsx';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTill, useTillState } from '../app/till-context.tsx';

/**
 * Sells and loads a gift card (issue #15), with no sale in progress: the card scanned or typed,
 * the value to load, paid in cash (change shown) or by card. The host checks the permission and
 * records it; the number goes to the host only.
 */
export function GiftCardSellDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const minorDigits = useTillState((s) => s.terminal)?.minorDigits ?? 2;
  const id = useId();
  const [cardNumber, setCardNumber] = useState('');
  const [amountText, setAmountText] = useState('');
  const [pay, setPay] = useState<'cash' | 'card'>('cash');
  const [tenderedText, setTenderedText] = useState('');
  const [reference, setReference] = useState('');
  const [last4, setLast4] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!cardNumber.trim()) return setError(t('tender.giftcardNeedNumber'));
    const amount = parseMoneyInput(amountText, minorDigits);
    if (amount === null || amount <= 0) return setError(t('tender.badAmount'));
    let tender: { type: 'cash'; tendered: number } | { type: 'card'; reference: string; last4: string };
    if (pay === 'cash') {
      const tendered = tenderedText.trim() === '' ? amount : parseMoneyInput(tenderedText, minorDigits);
      if (tendered === null || tendered <= 0) return setError(t('tender.badAmount'));
      tender = { type: 'cash', tendered };
    } else {
      if (!reference.trim()) return setError(t('tender.needReference'));
      if (!/^\d{4}$/.test(last4)) return setError(t('tender.needLast4'));
      tender = { type: 'card', reference: reference.trim(), last4 };
    }
    setError(null);
    setBusy(true);
    const r = await run(
      'giftcard.issue',
      { cardNumber, amount, tender },
      { summary: t('giftcard.sellSummary', { amount: f.money(amount) }) },
    );
    setBusy(false);
    if (r) {
      const done = t('giftcard.sold', { last4: r.last4, amount: f.money(r.balance) });
      notify('success', r.change ? `${done} ${t('giftcard.change', { amount: f.money(r.change) })}` : done);
      onClose();
    }
  };

  return (
    <Modal title={t('giftcard.sellTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-number`}>{t('tender.giftcardNumber')}</label>
          <input
            id={`${id}-number`}
            autoFocus
            value={cardNumber}
            onChange={(e) => setCardNumber(e.target.value.replace(/[^\d\s-]/g, '').slice(0, 40))}
            inputMode="numeric"
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-amount`}>{t('giftcard.amount')}</label>
          <input
            id={`${id}-amount`}
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            inputMode="decimal"
            autoComplete="off"
          />
        </div>
        <fieldset className="segmented">
          <legend>{t('tender.method')}</legend>
          {(['cash', 'card'] as const).map((k) => (
            <label key={k} className={pay === k ? 'selected' : ''}>
              <input type="radio" name="giftcard-pay" value={k} checked={pay === k} onChange={() => setPay(k)} />
              {t(`tender.${k}`)}
            </label>
          ))}
        </fieldset>
        {pay === 'cash' ? (
          <div className="field">
            <label htmlFor={`${id}-tendered`}>{t('tender.cashGiven')}</label>
            <input
              id={`${id}-tendered`}
              value={tenderedText}
              onChange={(e) => setTenderedText(e.target.value)}
              inputMode="decimal"
              autoComplete="off"
              placeholder={amountText}
            />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-ref`}>{t('tender.reference')}</label>
              <input id={`${id}-ref`} value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-last4`}>{t('tender.last4')}</label>
              <input
                id={`${id}-last4`}
                value={last4}
                onChange={(e) => setLast4(e.target.value.replace(/\D/g, '').slice(0, 4))}
                inputMode="numeric"
                autoComplete="off"
              />
            </div>
          </>
        )}
        <FormFooter error={error} onCancel={onClose} submitLabel={t('giftcard.sellConfirm')} disabled={busy} />
      </form>
    </Modal>
  );
}
