import { useId } from 'react';
import { PinPad } from '../components/pin-pad.tsx';
import { LockIcon } from '../components/icons.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { useUnlock } from './use-unlock.ts';

/** The till is locked: the signed-in operator unlocks with their PIN or badge; anyone may switch operator. */
export function LockScreen() {
  const { t } = useI18n();
  const { store, run } = useTill();
  const { operator, sale } = useSnapshot();
  const { pin, setPin, error, pinRef, submit } = useUnlock();
  const ids = useId();

  const switchOperator = async () => {
    const ok = await run('session.logout', { reason: 'switch' });
    if (ok) store.setOperator(null);
  };

  if (!operator) return null;
  return (
    <main className="center-screen lock-screen">
      <section className="card narrow" aria-labelledby={`${ids}-title`}>
        <div className="lock-icon">
          <LockIcon size={48} />
        </div>
        <h1 id={`${ids}-title`}>{t('lock.title')}</h1>
        <p>{t('lock.signedIn', { name: operator.name })}</p>
        {sale && <p className="muted">{t('lock.saleWaiting', { count: sale.lines.length })}</p>}
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${ids}-pin`}>{t('lock.pin')}</label>
            <input
              id={`${ids}-pin`}
              ref={pinRef}
              type="password"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
              autoComplete="current-password"
            />
          </div>
          <PinPad value={pin} onChange={setPin} />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => void switchOperator()}>
              {t('lock.switch')}
            </button>
            <button type="submit" className="primary">
              {t('lock.unlock')}
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
