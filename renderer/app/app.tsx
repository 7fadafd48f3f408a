import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { LoginScreen } from '../screens/login-screen.tsx';
import { LockScreen } from '../screens/lock-screen.tsx';
import { MainScreen } from '../screens/main-screen.tsx';
import { StatusBar } from '../devices/status-bar.tsx';
import { DrawerAlarmBanner } from '../devices/drawer-alarm.tsx';
import { Notices } from './notices.tsx';
import { useTillState } from './till-context.tsx';
import { useIntegrity } from './use-integrity.ts';
import { IntegrityScreen } from '../screens/integrity-screen.tsx';

export function App() {
  const s = {
    connection: useTillState((x) => x.connection),
    loaded: useTillState((x) => x.loaded),
    operator: useTillState((x) => x.operator),
    locked: useTillState((x) => x.locked),
    training: useTillState((x) => x.training),
    alarm: useTillState((x) => x.alarm),
    host: useTillState((x) => x.host),
  };
  const { t } = useI18n();
  const integrity = useIntegrity(s.loaded && s.connection !== 'no-token');

  if (s.connection === 'no-token' || s.connection === 'unpaired') {
    const unpaired = s.connection === 'unpaired';
    return (
      <main className="center-screen">
        <div className="card narrow" role="alert">
          <h1>{t(unpaired ? 'connect.unpairedTitle' : 'connect.pairTitle')}</h1>
          <p>{t(unpaired ? 'connect.unpairedText' : 'connect.pairText')}</p>
        </div>
      </main>
    );
  }
  if (!s.loaded) {
    // After a drop nothing of the old screen stays: the sale, the operator and the receipt come back from the host.
    const lost = s.connection === 'lost';
    return (
      <main className="center-screen" aria-busy="true">
        <div className="card narrow" role={lost ? 'status' : undefined}>
          <h1>{t(lost ? 'connect.reconnecting' : 'connect.connecting')}</h1>
          <p>{lost ? t('connect.reconnectingText') : t('connect.wait')}</p>
        </div>
      </main>
    );
  }

  // A till whose records fail their check shows only what is wrong and what to do.
  if (integrity.view && !integrity.view.ok) return <IntegrityScreen view={integrity.view} onCheckAgain={integrity.checkAgain} />;

  const content = !s.operator ? <LoginScreen /> : s.locked ? <LockScreen /> : <MainScreen />;
  return (
    <div className={`app${s.training ? ' is-training' : ''}`}>
      {s.training && (
        <div className="training-banner" role="status">
          {t('training.banner')}
        </div>
      )}
      {s.host && (
        <div className="connection-banner" role="alert">
          {t(hasMessage(s.host.messageKey) ? s.host.messageKey : 'shell.host.restarting')}
          {s.host.state === 'failed' && (
            <button type="button" className="banner-button" onClick={() => void window.tillproofShell?.retryHost()}>
              {t('shell.retry')}
            </button>
          )}
        </div>
      )}
      {s.alarm && <DrawerAlarmBanner alarm={s.alarm} />}
      <div className="app-body">{content}</div>
      <StatusBar />
      <Notices />
    </div>
  );
}
