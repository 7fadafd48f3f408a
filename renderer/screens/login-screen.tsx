import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ParamsInput } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { PinPad } from '../components/pin-pad.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';

/** What a PIN looks like (the contract's PIN rule): a burst of this shape typed into a PIN field was typed, not scanned. */
export function isPinShaped(code: string): boolean {
  return /^\d{4,8}$/.test(code);
}

/**
 * Sign in with staff number and PIN (keyboard or pad) or by scanning a staff badge. A fast typist
 * can look like a scanner: a staff number so typed is put back in its field (the host tells a
 * staff number from a badge), and a PIN typed into the PIN field is taken as the PIN.
 */
export function LoginScreen() {
  const { t } = useI18n();
  const { bridge, store, failureText } = useTill();
  const { terminal, receipt } = useSnapshot();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => staffRef.current?.focus(), []);

  const login = async (params: ParamsInput<'session.login'>) => {
    setBusy(true);
    setError(null);
    try {
      const operator = await bridge['session.login'](params);
      store.setOperator(operator, params.training ?? false);
      await store.refresh();
    } catch (e) {
      const f = toCallFailure(e);
      if (params.method === 'badge' && f.code === 'auth.not-a-badge' && f.details.kind === 'staff-number') {
        // A staff number typed fast enough to look like a scanner: it goes back where it was typed.
        setStaffId(params.badge);
      } else {
        setError(failureText(f).text);
      }
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  useScanTarget((scan) => {
    if (busy) return;
    // A PIN typed quickly into the PIN field is a PIN, not a badge.
    if (document.activeElement === pinRef.current && isPinShaped(scan.code)) {
      setPin(scan.code);
      if (staffId.trim()) void login({ method: 'pin', staffId: staffId.trim(), pin: scan.code, training });
      return;
    }
    void login({ method: 'badge', badge: scan.code, training });
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!staffId.trim()) {
      setError(t('login.needStaff'));
      staffRef.current?.focus();
      return;
    }
    if (!isPinShaped(pin)) {
      setError(t('login.pinFormat'));
      pinRef.current?.focus();
      return;
    }
    void login({ method: 'pin', staffId: staffId.trim(), pin, training });
  };

  return (
    <main className="login-screen">
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
