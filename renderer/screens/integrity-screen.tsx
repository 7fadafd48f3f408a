import type { IntegrityView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * The blocking screen when the till's ledger or master data fails its check: what is wrong, what
 * the manager does now, and what IT does. Nothing else of the till is reachable behind it.
 */
export function IntegrityScreen({ view, onCheckAgain }: { view: IntegrityView; onCheckAgain: () => void }) {
  const { t } = useI18n();
  const ledgerBroken = view.problems.some((p) => p.kind === 'ledger');
  return (
    <main className="center-screen">
      <div className="card narrow" role="alert" aria-labelledby="integrity-title">
        <h1 id="integrity-title">{t('integrity.title')}</h1>
        <ul>
          {view.problems.map((p, i) => (
            <li key={i}>
              {p.kind === 'ledger'
                ? t('integrity.ledger', { seq: String(p.seq), reason: p.reason, message: p.message })
                : t('integrity.masterData', { section: p.section, tables: p.tables.join(', ') })}
            </li>
          ))}
        </ul>
        <p>{t('integrity.manager')}</p>
        <p>{ledgerBroken ? t('integrity.itLedger') : t('integrity.itMasterData')}</p>
        <button type="button" onClick={onCheckAgain}>
          {t('integrity.checkAgain')}
        </button>
      </div>
    </main>
  );
}
