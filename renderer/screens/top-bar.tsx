import { useEffect, useState } from 'react';
import { useTill, useTillState } from '../app/till-context.tsx';
import { roleKey } from '../approval/approval-dialog.tsx';
import { LockIcon } from '../components/icons.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { View } from './main-screen.tsx';

/** The time in the store's time zone, to the minute. */
function Clock() {
  const { locale } = useI18n();
  const terminal = useTillState((s) => s.terminal);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time className="clock">
      {new Intl.DateTimeFormat(locale, { timeZone: terminal?.timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit' }).format(now)}
    </time>
  );
}

/** The store and terminal, the screens, who is signed in, the clock and Lock. */
export function TopBar({ view, onView, onReturns }: { view: View['kind']; onView: (view: View) => void; onReturns: () => void }) {
  const { t } = useI18n();
  const { store } = useTill();
  const terminal = useTillState((x) => x.terminal);
  const operator = useTillState((x) => x.operator);
  const training = useTillState((x) => x.training);
  return (
    <header className="top-bar">
      <div className="top-brand">
        <span className="brand-mark small" aria-hidden="true">
          T
        </span>
        <div>
          <strong>{terminal?.storeName}</strong>
          <span className="muted"> · {terminal?.terminalId}</span>
        </div>
      </div>
      <nav className="top-nav" aria-label={t('nav.label')}>
        <button
          type="button"
          className={view === 'sale' ? 'selected' : ''}
          aria-current={view === 'sale' ? 'page' : undefined}
          onClick={() => onView({ kind: 'sale' })}
        >
          {t('nav.sale')}
        </button>
        <button
          type="button"
          className={view === 'returns' ? 'selected' : ''}
          aria-current={view === 'returns' ? 'page' : undefined}
          onClick={onReturns}
        >
          {t('nav.returns')}
        </button>
        <button
          type="button"
          className={view === 'settings' ? 'selected' : ''}
          aria-current={view === 'settings' ? 'page' : undefined}
          onClick={() => onView({ kind: 'settings', tab: 'general' })}
        >
          {t('nav.settings')}
        </button>
      </nav>
      <div className="top-operator">
        {training && <span className="badge training">{t('training.short')}</span>}
        {operator && (
          <span className="operator">
            {operator.name} <span className="muted">· {t(roleKey(operator.role))}</span>
          </span>
        )}
        <Clock />
        <button type="button" onClick={() => store.lock()} title={t('fn.lock')}>
          <LockIcon /> {t('top.lock')}
        </button>
      </div>
    </header>
  );
}
