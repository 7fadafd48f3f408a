import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Approval } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import type { CallFailure } from '../bridge/call-failure.ts';

/**
 * The manager's credentials in the approval dialog: staff number and PIN checked for form before
 * they go, or a badge scan; a refused attempt (`previous`) clears the PIN for another try.
 */
export function useManagerApproval(previous: CallFailure | null, onApprove: (a: Approval) => void) {
  const { t } = useI18n();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);
  const staffRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  // A refused attempt comes back here: clear the PIN and let the manager try again.
  const [answered, setAnswered] = useState(previous);
  if (answered !== previous) {
    setAnswered(previous);
    setBusy(false);
    setPin('');
  }
  useEffect(() => {
    if (previous) pinRef.current?.focus();
    else staffRef.current?.focus();
  }, [previous]);

  useScanTarget((scan) => {
    if (busy) return;
    setBusy(true);
    onApprove({ method: 'badge', badge: scan.code });
  }, 'dialog');

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (!staffId.trim()) {
      setLocal(t('approval.needStaff'));
      staffRef.current?.focus();
      return;
    }
    if (!/^\d{4,8}$/.test(pin)) {
      setLocal(t('login.pinFormat'));
      pinRef.current?.focus();
      return;
    }
    setLocal(null);
    setBusy(true);
    onApprove({ method: 'pin', staffId: staffId.trim(), pin });
  };

  return { staffId, setStaffId, pin, setPin, busy, local, staffRef, pinRef, submit };
}
