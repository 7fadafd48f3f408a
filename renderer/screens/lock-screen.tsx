import { useId, useState, type FormEvent } from 'react';
import { toCallFailure } from '../bridge/call-failure.ts';
import { isPinShaped } from './use-login.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { PinField, StaffNumberField } from '../components/staff-fields.tsx';
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
          <PinField label={t('lock.pin')} value={pin} onChange={setPin} inputRef={pinRef} />
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
          <StaffNumberField label={t('login.staff')} value={staffId} onChange={setStaffId} autoFocus />
          <PinField label={t('login.pin')} value={pin} onChange={setPin} />
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
