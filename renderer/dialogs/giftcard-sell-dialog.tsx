import { useId, useState, type FormEvent } from 'react';
import { FormFooter } from '../components/form-footer.tsx';
import { Modal } from '../components/modal.tsx';
import { parseMoneyInput } from '../format/money.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTill, useTillState } from '../app/till-context.tsx';

/**
 * Sells or tops up a gift card (issue #15) as a line of the sale: the card scanned or typed and the
 * value to load. The customer then pays at Pay as for any sale and gets its receipt; the host
 * checks the permission and loads the card when the sale completes. The number goes to the host only.
 */
export function GiftCardSellDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const minorDigits = useTillState((s) => s.terminal)?.minorDigits ?? 2;
  const id = useId();
  const [cardNumber, setCardNumber] = useState('');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!cardNumber.trim()) return setError(t('tender.giftcardNeedNumber'));
    const amount = parseMoneyInput(amountText, minorDigits);
    if (amount === null || amount <= 0) return setError(t('tender.badAmount'));
    setError(null);
    setBusy(true);
    const r = await run('giftcard.sell', { cardNumber, amount }, { summary: t('giftcard.sellSummary', { amount: f.money(amount) }) });
    setBusy(false);
    if (r) {
      notify('success', t('giftcard.onSale', { amount: f.money(amount) }));
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
        <FormFooter error={error} onCancel={onClose} submitLabel={t('giftcard.sellConfirm')} disabled={busy} />
      </form>
    </Modal>
  );
}
