import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ParamsInput } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useTill } from '../app/till-context.tsx';

/** What a PIN looks like (the contract's rule): a burst of this shape typed into a PIN field was typed, not scanned. */
export function isPinShaped(code: string): boolean {
  return /^\d{4,8}$/.test(code);
}

/**
 * Signing in: staff number and PIN checked for form before they go, or a badge scan; a refusal
 * says why, clears the PIN and puts the cursor back in it. A fast typist can look like a scanner:
 * a staff number so typed goes back in its field (the host tells a staff number from a badge),
 * and a PIN typed into the PIN field is taken as the PIN.
 */
export function useLogin() {
  const { t } = useI18n();
  const { bridge, store, failureText } = useTill();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [training, setTraining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

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
      if (params.method === 'badge' && f.code === 'auth.not-a-badge' && f.details.kind === 'staff-number') setStaffId(params.badge);
      else setError(failureText(f).text);
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  useScanTarget((scan) => {
    if (busy) return;
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

  return { staffId, setStaffId, pin, setPin, training, setTraining, error, busy, staffRef, pinRef, submit };
}
