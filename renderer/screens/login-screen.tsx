import { useId, useState, type FormEvent } from 'react';
import { PinPad } from '../components/pin-pad.tsx';
import { PinField, StaffNumberField } from '../components/staff-fields.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { isPinShaped, useLogin } from './use-login.ts';

/**
 * Sign in with staff number and PIN (keyboard or pad) or by scanning a staff badge. On the first
 * start of a till without HQ (no staff at all) it offers to create the first administrator instead.
 */
export function LoginScreen() {
  const { t } = useI18n();
  const { firstStart } = useSnapshot();
  const { staffId, setStaffId, pin, setPin, training, setTraining, error, busy, staffRef, pinRef, submit } = useLogin();
  const [created, setCreated] = useState<string | null>(null);
  const ids = useId();

  if (firstStart) {
    return (
      <main className="login-screen">
        <LoginBrand />
        <FirstAdminCard
          onCreated={(id) => {
            setCreated(id);
            setStaffId(id);
          }}
        />
      </main>
    );
  }
  return (
    <main className="login-screen">
      <LoginBrand />
      <section className="card login-card" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>{t('login.title')}</h2>
        {created && (
          <p className="hint" role="status">
            {t('firstAdmin.created', { staffId: created })}
          </p>
        )}
        <form onSubmit={submit} className="login-form">
          <StaffNumberField label={t('login.staff')} value={staffId} onChange={setStaffId} inputRef={staffRef} next={pinRef} />
          <PinField label={t('login.pin')} value={pin} onChange={setPin} inputRef={pinRef} />
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

/**
 * The first administrator of a till without HQ: name, staff number and the PIN twice. The host
 * checks all of it again and refuses once anyone exists; this only saves a round trip.
 */
function FirstAdminCard({ onCreated }: { onCreated: (staffId: string) => void }) {
  const { t } = useI18n();
  const { bridge, store, failureText } = useTill();
  const [name, setName] = useState('');
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = !name.trim()
      ? t('firstAdmin.needName')
      : !staffId.trim()
        ? t('login.needStaff')
        : !isPinShaped(pin)
          ? t('login.pinFormat')
          : pin !== pinAgain
            ? t('firstAdmin.pinMismatch')
            : null;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await bridge['staff.createFirstAdmin']({ staffId: staffId.trim(), name: name.trim(), pin, pinAgain });
      onCreated(staffId.trim());
      await store.refresh();
    } catch (err) {
      setError(failureText(toCallFailure(err)).text);
      setPin('');
      setPinAgain('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card login-card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('firstAdmin.title')}</h2>
      <p className="muted">{t('firstAdmin.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="login-form">
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('firstAdmin.name')}</label>
          <input id={`${ids}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus />
        </div>
        <StaffNumberField label={t('login.staff')} value={staffId} onChange={setStaffId} />
        <PinField label={t('firstAdmin.pin')} value={pin} onChange={setPin} autoComplete="new-password" maxDigits={8} />
        <PinField label={t('firstAdmin.pinAgain')} value={pinAgain} onChange={setPinAgain} autoComplete="new-password" maxDigits={8} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary big" disabled={busy}>
          {t('firstAdmin.create')}
        </button>
      </form>
    </section>
  );
}
