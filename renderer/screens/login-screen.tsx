import { useId } from 'react';
import { PinPad } from '../components/pin-pad.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSnapshot } from '../app/till-context.tsx';
import { useLogin } from './use-login.ts';

/** Sign in with staff number and PIN (keyboard or pad) or by scanning a staff badge. */
export function LoginScreen() {
  const { t } = useI18n();
  const { staffId, setStaffId, pin, setPin, training, setTraining, error, busy, staffRef, pinRef, submit } = useLogin();
  const ids = useId();

  return (
    <main className="login-screen">
      <LoginBrand />
      <section className="card login-card" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>{t('login.title')}</h2>
        <form onSubmit={submit} className="login-form">
          <div className="field">
            <label htmlFor={`${ids}-staff`}>{t('login.staff')}</label>
            <input
              id={`${ids}-staff`}
              ref={staffRef}
              value={staffId}
              onChange={(e) => setStaffId(e.target.value)}
              autoComplete="username"
              // Staff numbers may hold letters (S001): a tablet keyboard must offer them.
              autoCapitalize="characters"
              spellCheck={false}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  pinRef.current?.focus();
                }
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-pin`}>{t('login.pin')}</label>
            <input
              id={`${ids}-pin`}
              ref={pinRef}
              type="password"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
              autoComplete="current-password"
              inputMode="numeric"
            />
          </div>
          <PinPad value={pin} onChange={setPin} />
          <label className="checkbox">
            <input type="checkbox" checked={training} onChange={(e) => setTraining(e.target.checked)} />
            {t('login.training')}
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.signIn')}
          </button>
          <p className="hint">{t('login.badgeHint')}</p>
        </form>
      </section>
    </main>
  );
}

/** The store and till being signed in to, a receipt still owed from before, and the language. */
function LoginBrand() {
  const { t } = useI18n();
  const { terminal, receipt } = useSnapshot();
  return (
    <section className="login-brand">
      <div className="brand-mark" aria-hidden="true">
        T
      </div>
      <h1>{terminal?.storeName ?? t('app.name')}</h1>
      <p className="muted">{terminal ? t('status.terminal', { id: terminal.terminalId }) : ''}</p>
      {receipt && receipt.status !== 'printed' && receipt.status !== 'electronic' && (
        <p className="login-obligation" role="status">
          {t('login.obligationWaiting', { no: receipt.receiptNo })}
        </p>
      )}
      <LanguageSwitch />
    </section>
  );
}
