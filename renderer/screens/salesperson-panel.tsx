import type { SaleView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Who served the customer (issue #14): those chosen with their shares, or the cashier; changeable until a payment is taken. */
export function SalespersonPanel({ sale, onChoose }: { sale: SaleView | null; onChoose: () => void }) {
  const { t } = useI18n();
  const people = sale?.salespersons ?? [];
  return (
    <section className="member-panel salesperson-panel" aria-label={t('salesperson.label')}>
      <div className="member-info">
        <span className="member-meta">{t('salesperson.label')}</span>
        <span className="member-name" data-testid="salespersons">
          {people.length === 0
            ? t('salesperson.cashier')
            : people.map((p) => (people.length > 1 ? `${p.name} ${p.shareBp / 100} %` : p.name)).join(', ')}
        </span>
      </div>
      <button type="button" onClick={onChoose} disabled={!sale || sale.tenders.length > 0}>
        {t('salesperson.choose')} <kbd>F5</kbd>
      </button>
    </section>
  );
}
