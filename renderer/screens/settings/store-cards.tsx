import type { ReactNode } from 'react';
import type { StoreSettings } from '../../../core/contract/index.ts';
import { useFormat } from '../../app/use-format.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage } from '../../i18n/i18n.ts';
import { Card } from '../../components/card.tsx';
import { Fact } from '../../components/fact.tsx';

/** The words the store cards share: a rounding mode, a percentage in basis points, lines of text. */
function useStoreWords() {
  const { t } = useI18n();
  const f = useFormat();
  const mode = (m: string) => (hasMessage(`storeset.mode.${m}`) ? t(`storeset.mode.${m}` as 'storeset.mode.up') : m);
  const percent = (bp: number) => t('storeset.percent', { n: f.number(bp / 100) });
  const lines = (xs: readonly string[]) => (xs.length ? xs.map((x, i) => <div key={i}>{x}</div>) : '—');
  return { mode, percent, lines };
}

function Where({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <p className="hint where">
      <strong>{t('storeset.where')}: </strong>
      {children}
    </p>
  );
}

/** The store itself: name, ids, address, tax number, currency, time zone, day rollover, language. */
export function StoreCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const { lines } = useStoreWords();
  const fromConfig = t('storeset.fromConfig');
  return (
    <Card title={t('storeset.storeTitle')}>
      <dl className="facts">
        <Fact term={t('storeset.name')}>{s.store.name}</Fact>
        <dt>{t('storeset.id')}</dt>
        <dd className="mono">{s.store.storeId}</dd>
        <dt>{t('storeset.terminal')}</dt>
        <dd className="mono">{s.terminalId}</dd>
        <dt>{t('storeset.address')}</dt>
        <dd>{lines(s.store.address)}</dd>
        <dt>{t('storeset.taxNumber')}</dt>
        <dd>{s.store.taxNumber ?? '—'}</dd>
        <dt>{t('storeset.currency')}</dt>
        <dd>{t('storeset.currencyValue', { currency: s.store.currency, digits: s.store.minorDigits })}</dd>
        <dt>{t('storeset.timeZone')}</dt>
        <dd>{s.store.timeZone}</dd>
        <dt>{t('storeset.rollover')}</dt>
        <dd>{t('storeset.rolloverValue', { hour: String(s.store.rolloverHour).padStart(2, '0') })}</dd>
        <dt>{t('storeset.locale')}</dt>
        <dd>{hasMessage(`language.${s.store.locale}`) ? t(`language.${s.store.locale}` as 'language.en') : s.store.locale}</dd>
      </dl>
      <Where>{fromConfig}</Where>
    </Card>
  );
}

/** How tax is charged and rounded, with each tax class and its rates. */
export function TaxCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const { mode, percent } = useStoreWords();
  return (
    <Card title={t('storeset.taxTitle')}>
      <dl className="facts">
        <Fact term={t('storeset.taxMode')}>{s.tax.mode === 'inclusive' ? t('storeset.inclusive') : t('storeset.exclusive')}</Fact>
        <dt>{t('storeset.taxRounding')}</dt>
        <dd>{s.tax.rounding === 'per-line' ? t('storeset.perLine') : t('storeset.perReceipt')}</dd>
        <dt>{t('storeset.taxRoundingMode')}</dt>
        <dd>{mode(s.tax.roundingMode)}</dd>
      </dl>
      <table className="report-table settings-table">
        <thead>
          <tr>
            <th scope="col">{t('storeset.class')}</th>
            <th scope="col">{t('storeset.rates')}</th>
            <th scope="col" className="num">
              {t('storeset.totalRate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.tax.classes.map((c) => (
            <tr key={c.id}>
              <th scope="row" className="mono">
                {c.id}
              </th>
              <td>
                {c.rates.length === 0
                  ? t('storeset.noTax')
                  : c.rates.map((r) => `${r.id} ${percent(r.bp)}${r.label ? ` (${r.label})` : ''}`).join(' + ')}
              </td>
              <td className="num">{percent(c.totalBp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Where>{s.tax.source === 'hq' ? t('storeset.fromHq') : t('storeset.taxFromConfig')}</Where>
    </Card>
  );
}

/** Price and cash rounding, and the price tiers. */
export function RoundingCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const f = useFormat();
  const { mode } = useStoreWords();
  const fromConfig = t('storeset.fromConfig');
  return (
    <section className="card">
      <h2>{t('storeset.roundingTitle')}</h2>
      <dl className="facts">
        <dt>{t('storeset.priceRounding')}</dt>
        <dd>{mode(s.pricing.roundingMode)}</dd>
        <dt>{t('storeset.cashRounding')}</dt>
        <dd>
          {s.cashRounding.increment <= 1
            ? t('storeset.cashRoundingNone')
            : t('storeset.cashRoundingValue', { step: f.money(s.cashRounding.increment), mode: mode(s.cashRounding.mode) })}
        </dd>
        <dt>{t('storeset.tiers')}</dt>
        <dd className="mono">{s.pricing.tiers.join(', ')}</dd>
        <dt>{t('storeset.defaultTier')}</dt>
        <dd className="mono">{s.pricing.defaultTier}</dd>
      </dl>
      <Where>{fromConfig}</Where>
    </section>
  );
}

/** The receipt: width, header, footer, and whether it may be e-mailed. */
export function ReceiptCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const { lines } = useStoreWords();
  const fromConfig = t('storeset.fromConfig');
  return (
    <section className="card">
      <h2>{t('storeset.receiptTitle')}</h2>
      <dl className="facts">
        <dt>{t('storeset.width')}</dt>
        <dd>{t('storeset.columns', { n: s.receipt.width })}</dd>
        <dt>{t('storeset.header')}</dt>
        <dd>{lines(s.receipt.header)}</dd>
        <dt>{t('storeset.footer')}</dt>
        <dd>{lines(s.receipt.footer)}</dd>
        <dt>{t('storeset.email')}</dt>
        <dd>{s.receipt.emailEnabled ? t('storeset.yes') : t('storeset.no')}</dd>
      </dl>
      <Where>{fromConfig}</Where>
    </section>
  );
}

/** What needs a manager: discount limits, free reprints, over/short threshold, PIN lockout. */
export function ApprovalsCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const f = useFormat();
  const { percent } = useStoreWords();
  const fromConfig = t('storeset.fromConfig');
  return (
    <section className="card">
      <h2>{t('storeset.approvalsTitle')}</h2>
      <dl className="facts">
        <dt>{t('storeset.discountPercent')}</dt>
        <dd>{percent(s.approvals.discountPercentBp)}</dd>
        <dt>{t('storeset.discountAmount')}</dt>
        <dd>{f.money(s.approvals.discountAmount)}</dd>
        <dt>{t('storeset.freeReprints')}</dt>
        <dd>{f.number(s.approvals.freeReprints)}</dd>
        <dt>{t('storeset.overShort')}</dt>
        <dd>{f.money(s.approvals.overShortThreshold)}</dd>
        <dt>{t('storeset.pinAttempts')}</dt>
        <dd>{f.number(s.security.pinMaxAttempts)}</dd>
        <dt>{t('storeset.lockout')}</dt>
        <dd>{t('storeset.minutes', { n: s.security.lockoutMinutes })}</dd>
      </dl>
      <Where>{fromConfig}</Where>
    </section>
  );
}

/** The HQ this till syncs with, if any. */
export function HqCard({ s }: { s: StoreSettings }) {
  const { t } = useI18n();
  const fromConfig = t('storeset.fromConfig');
  return (
    <section className="card">
      <h2>{t('storeset.hqTitle')}</h2>
      <p>{s.hq.connected ? t('storeset.hqConnected') : t('storeset.hqNone')}</p>
      {s.hq.url && (
        <dl className="facts">
          <dt>{t('storeset.hqUrl')}</dt>
          <dd className="mono">{s.hq.url}</dd>
        </dl>
      )}
      <Where>{fromConfig}</Where>
    </section>
  );
}
