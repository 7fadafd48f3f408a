import { useCallback, useEffect, useState } from 'react';
import type { MethodName, Result } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { useTill } from '../../app/till-context.tsx';

/**
 * Loads a settings view when the tab opens (and on `reload`). A refusal or failure is kept as
 * the text to show in the tab, which says what to do next, rather than a passing notice.
 */
export function useSettingsView<M extends MethodName>(method: M): { data: Result<M> | null; error: string | null; reload: () => Promise<void>; set: (data: Result<M>) => void } {
  const { attempt, failureText } = useTill();
  const [data, setData] = useState<Result<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await attempt(method, {} as never));
      setError(null);
    } catch (e) {
      setError(failureText(toCallFailure(e)).text);
    }
  }, [attempt, failureText, method]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, set: setData };
}
