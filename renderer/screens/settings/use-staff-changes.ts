import { useState } from 'react';
import type { StaffView } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { useTill } from '../../app/till-context.tsx';

/** A staff change and its outcome: the new list and what was done, or what to do next. */
export function useStaffChanges(set: (view: StaffView) => void) {
  const { failureText } = useTill();
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  /** Runs a change; on success shows the new list and `done`, on failure what to do next. */
  const change = async (run: () => Promise<StaffView>, done: string): Promise<boolean> => {
    setActionError(null);
    setMessage(null);
    try {
      set(await run());
      setMessage(done);
      return true;
    } catch (e) {
      setActionError(failureText(toCallFailure(e)).text);
      return false;
    }
  };

  const clear = () => {
    setMessage(null);
    setActionError(null);
  };

  return { message, actionError, change, clear };
}
