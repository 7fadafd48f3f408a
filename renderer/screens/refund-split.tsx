import type { RefundQuote } from './use-refund-quote.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { ReasonPicker } from '../dialogs/reason-picker.tsx';

/** Where the refund goes (card first, up to what it paid; the rest in cash) and any cash rounding. */
export function RefundSplit({ quote }: { quote: RefundQuote | null }) {
  const { t } = useI18n();
  const f = useFormat();
  if (!quote || quote.refunds.length === 0) return null;
  return (
    <ul className="refund-split" aria-label={t('returns.refundSplit')}>
      {quote.refunds.map((r, i) => (
        <li key={i}>
          <span>
            {r.type === 'card' && r.last4
              ? t('tender.cardLine', { last4: r.last4 })
              : hasMessage(`tender.type.${r.type}`)
                ? t(`tender.type.${r.type}` as 'tender.type.cash')
                : r.type}
          </span>
          <span>{f.money(r.amount)}</span>
        </li>
      ))}
      {quote.rounding !== 0 && (
        <li className="muted">
          <span>{t('returns.refundRounding')}</span>
          <span>{f.money(quote.rounding)}</span>
        </li>
      )}
    </ul>
  );
}

/** The end of every return: its reason, the refund total and where it goes, a note, and the button that completes it. */
export function RefundClose({
  ids,
  onReason,
  refund,
  quote,
  note,
  canComplete,
  onComplete,
}: {
  ids: string;
  onReason: (reason: string) => void;
  refund: number;
  quote: RefundQuote | null;
  note?: string;
  canComplete: boolean;
  onComplete: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <>
      <ReasonPicker group="return" onChange={onReason} />
      <div className="refund-total">
        <span id={`${ids}-refund`}>{t('returns.refundTotal')}</span>
        <output aria-labelledby={`${ids}-refund`}>
          <strong>{f.money(refund)}</strong>
        </output>
      </div>
      <RefundSplit quote={quote} />
      {note && <p className="hint">{note}</p>}
      <button type="button" className="primary big" disabled={!canComplete} onClick={onComplete}>
        {t('returns.complete')}
      </button>
    </>
  );
}
