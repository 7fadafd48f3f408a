import type { SaleView } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Fact } from '../components/fact.tsx';

/** Subtotal, discounts, tax and the total, as the host computed them. */
export function TotalsPanel({ sale }: { sale: SaleView | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const discounts = sale ? sale.lineDiscounts + sale.orderDiscount : 0;
  return (
    <section className="totals" aria-label={t('totals.label')}>
      <dl>
        <div className="totals-row">
          <dt>{t('totals.items', { count: sale ? f.number(sale.itemCount) : '0' })}</dt>
          <dd />
        </div>
        <div className="totals-row">
          <dt>{t('totals.subtotal')}</dt>
          <dd>{f.money(sale?.subtotal ?? 0)}</dd>
        </div>
        {discounts > 0 && (
          <div className="totals-row good">
            <dt>{t('totals.discounts')}</dt>
            <dd>−{f.money(discounts)}</dd>
          </div>
        )}
        <div className="totals-row">
          <dt>{sale?.taxMode === 'exclusive' ? t('totals.tax') : t('totals.taxIncluded')}</dt>
          <dd>{f.money(sale?.tax ?? 0)}</dd>
        </div>
        <div className="totals-row total">
          <Fact term={t('totals.total')}>{f.money(sale?.total ?? 0)}</Fact>
        </div>
      </dl>
    </section>
  );
}

/** Who the customer is, if they showed their member code (tier prices apply only then). */
export function MemberPanel({ sale, onAdd }: { sale: SaleView | null; onAdd: () => void }) {
  const { t } = useI18n();
  const member = sale?.member ?? null;
  return (
    <section className={`member-panel${member ? ' has-member' : ''}`} aria-label={t('member.label')}>
      {member ? (
        <>
          <div className="member-avatar" aria-hidden="true">
            {member.name.slice(0, 1)}
          </div>
          <div className="member-info">
            <span className="member-name">{member.name}</span>
            <span className="member-meta">
              {t('member.tier', { tier: member.tierName ?? member.tier })} ·{' '}
              <span
                className={member.verification === 'manual' || member.verification === 'manual-lookup' ? 'badge warn' : undefined}
                data-verification={member.verification}
              >
                {t(`member.verified.${member.verification}`)}
              </span>
            </span>
          </div>
        </>
      ) : (
        <>
          <div className="member-info">
            <span className="member-name muted">{t('member.none')}</span>
            <span className="member-meta">{t('member.scanHint')}</span>
          </div>
          <button type="button" onClick={onAdd} disabled={sale?.status === 'tendering'}>
            {t('member.add')} <kbd>F4</kbd>
          </button>
        </>
      )}
    </section>
  );
}
