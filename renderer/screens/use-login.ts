import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ParamsInput } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useTill } from '../app/till-context.tsx';

/**
 * Signing in: staff number and PIN checked for form before they go, or a badge scan; a refusal
 * says why, clears the PIN and puts the cursor back in it.
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
      setError(failureText(f).text);
      setPin('');
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  useScanTarget((scan) => {
    if (!busy) void login({ method: 'badge', badge: scan.code, training });
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!staffId.trim()) {
      setError(t('login.needStaff'));
      staffRef.current?.focus();
      return;
    }
    if (!/^\d{4,8}$/.test(pin)) {
      setError(t('login.pinFormat'));
      pinRef.current?.focus();
      return;
    }
    void login({ method: 'pin', staffId: staffId.trim(), pin, training });
  };

  return { staffId, setStaffId, pin, setPin, training, setTraining, error, busy, staffRef, pinRef, submit };
}
