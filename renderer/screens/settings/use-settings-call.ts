import { useCallback, useEffect, useState } from 'react';
import type { MethodName, Result } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { useTill } from '../../app/till-context.tsx';

/**
 * Loads a settings view when the tab opens (and on `reload`). A refusal or failure is kept as
 * the text to show in the tab, which says what to do next, rather than a passing notice.
 */
export function useSettingsView<M extends MethodName>(
  method: M,
): { data: Result<M> | null; error: string | null; reload: () => Promise<void>; set: (data: Result<M>) => void } {
  const { attempt, failureText } = useTill();
  const [data, setData] = useState<Result<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  // State is set only when the answer comes (never while the effect below runs).
  const reload = useCallback(
    () =>
      attempt(method, {} as never).then(
        (answer) => {
          setData(answer);
          setError(null);
        },
        (e: unknown) => setError(failureText(toCallFailure(e)).text),
      ),
    [attempt, failureText, method],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, set: setData };
}
