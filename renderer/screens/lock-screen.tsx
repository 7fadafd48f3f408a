import { useId, useState, type FormEvent } from 'react';
import { toCallFailure } from '../bridge/call-failure.ts';
import { isPinShaped } from './use-login.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { LockIcon } from '../components/icons.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { useUnlock } from './use-unlock.ts';

/**
 * The till is locked: the signed-in operator unlocks with their PIN or badge. Switch operator signs
 * them out when no sale is open; with a sale open, a supervisor or manager takes it over here (their
 * staff number and PIN, or their badge) to finish or cancel it.
 */
export function LockScreen() {
  const { t } = useI18n();
  const { store, run } = useTill();
  const { operator, sale } = useSnapshot();
  const { pin, setPin, error, pinRef, submit } = useUnlock();
  const [takingOver, setTakingOver] = useState(false);
  const ids = useId();

  const switchOperator = async () => {
    if (sale) {
      setTakingOver(true);
      return;
    }
    const ok = await run('session.logout', { reason: 'switch' });
    if (ok) store.setOperator(null);
  };

  if (!operator) return null;
  if (takingOver) return <TakeOver onBack={() => setTakingOver(false)} />;
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

/** Another operator signs in over the open sale: the host allows it to a supervisor or manager only, and logs it. */
function TakeOver({ onBack }: { onBack: () => void }) {
  const { t } = useI18n();
  const { bridge, store, failureText } = useTill();
  const { operator } = useSnapshot();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!staffId.trim()) return setError(t('login.needStaff'));
    if (!isPinShaped(pin)) return setError(t('login.pinFormat'));
    setError(null);
    try {
      const who = await bridge['session.login']({ method: 'pin', staffId: staffId.trim(), pin });
      store.setOperator(who, store.get().training);
      store.unlock();
      await store.refresh();
    } catch (err) {
      setError(failureText(toCallFailure(err)).text);
      setPin('');
    }
  };

  return (
    <main className="center-screen lock-screen">
      <section className="card narrow" aria-labelledby={`${ids}-title`}>
        <h1 id={`${ids}-title`}>{t('lock.takeoverTitle')}</h1>
        <p>{t('lock.takeoverIntro', { name: operator?.name ?? '' })}</p>
        <form onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${ids}-staff`}>{t('login.staff')}</label>
            <input
              id={`${ids}-staff`}
              value={staffId}
              onChange={(e) => setStaffId(e.target.value)}
              autoComplete="username"
              autoCapitalize="characters"
              spellCheck={false}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-pin`}>{t('login.pin')}</label>
            <input
              id={`${ids}-pin`}
              type="password"
              inputMode="numeric"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
              autoComplete="current-password"
            />
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onBack}>
              {t('common.back')}
            </button>
            <button type="submit" className="primary">
              {t('lock.takeover')}
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
