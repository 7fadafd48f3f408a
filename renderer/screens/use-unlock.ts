import { useEffect, useRef, useState, type FormEvent } from 'react';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { isPinShaped } from './use-login.ts';

/**
 * Unlocking the till: the signed-in operator's PIN, or a badge (another operator's badge switches
 * to them); a refusal says why, clears the PIN and puts the cursor back in it.
 */
export function useUnlock() {
  const { t } = useI18n();
  const { bridge, store, failureText } = useTill();
  const { operator, training } = useSnapshot();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);

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

  return { pin, setPin, error, pinRef, submit };
}
