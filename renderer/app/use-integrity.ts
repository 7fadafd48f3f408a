import { useCallback, useEffect, useState } from 'react';
import type { IntegrityView } from '../../core/contract/index.ts';
import { useTill } from './till-context.tsx';

/** How often the screen asks again (the host re-checks at once when its file changed). */
const INTEGRITY_POLL_MS = 15_000;

/** The till's check of its ledger and master data, asked on start, on a slow poll and on demand. */
export function useIntegrity(enabled: boolean): { view: IntegrityView | null; checkAgain: () => void } {
  const { bridge } = useTill();
  const [view, setView] = useState<IntegrityView | null>(null);
  const checkAgain = useCallback(() => {
    bridge['ledger.integrity']({}).then(setView, () => undefined);
  }, [bridge]);
  useEffect(() => {
    if (!enabled) return;
    checkAgain();
    const poll = window.setInterval(checkAgain, INTEGRITY_POLL_MS);
    return () => window.clearInterval(poll);
  }, [enabled, checkAgain]);
  return { view, checkAgain };
}
