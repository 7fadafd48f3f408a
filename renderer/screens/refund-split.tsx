import type { RefundQuote } from './use-refund-quote.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';

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
