import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { toCallFailure } from '../bridge/call-failure.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { LockIcon } from '../components/icons.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { isPinShaped } from './login-screen.tsx';

/** The till is locked: the signed-in operator unlocks with their PIN or badge; anyone may switch operator. */
export function LockScreen() {
  const { t } = useI18n();
  const { bridge, store, failureText, run } = useTill();
  const { operator, training, sale } = useSnapshot();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => pinRef.current?.focus(), []);

  const unlock = async (params: { method: 'pin'; pin: string } | { method: 'badge'; badge: string }) => {
    if (!operator) return;
    setError(null);
    try {
      const who = await bridge['session.login'](
        params.method === 'pin'
          ? { method: 'pin', staffId: operator.staffId, pin: params.pin, training }
          : { method: 'badge', badge: params.badge, training },
      );
      if (who.staffId !== operator.staffId) {
        // Another operator's badge: that is a switch, which the host has just done.
        store.setOperator(who, training);
      }
      store.unlock();
      await store.refresh();
    } catch (e) {
      setError(failureText(toCallFailure(e)).text);
      setPin('');
      pinRef.current?.focus();
    }
  };

  // A PIN typed quickly into the PIN field is a PIN; anything else scanned is tried as a badge (the
  // host refuses a product's barcode without counting it as a failed badge).
  useScanTarget(
    (scan) =>
      void unlock(
        document.activeElement === pinRef.current && isPinShaped(scan.code)
          ? { method: 'pin', pin: scan.code }
          : { method: 'badge', badge: scan.code },
      ),
  );

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!isPinShaped(pin)) {
      setError(t('login.pinFormat'));
      return;
    }
    void unlock({ method: 'pin', pin });
  };

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
