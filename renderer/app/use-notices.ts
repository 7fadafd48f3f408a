import { useCallback, useRef, useState } from 'react';
import type { Notice } from './till-context.tsx';

/** The notices on screen: at most two, a repeated text replacing the older one; errors stay longer than the rest. */
export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);

  const dismissNotice = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const clearErrors = useCallback(
    () => setNotices((list) => (list.some((n) => n.kind === 'error') ? list.filter((n) => n.kind !== 'error') : list)),
    [],
  );
  const notify = useCallback(
    (kind: Notice['kind'], text: string, hint?: string) => {
      const id = nextId.current++;
      setNotices((list) => [...list.filter((n) => n.text !== text).slice(-1), { id, kind, text, ...(hint ? { hint } : {}) }]);
      window.setTimeout(() => dismissNotice(id), kind === 'error' ? 9000 : 4000);
    },
    [dismissNotice],
  );

  return { notices, notify, dismissNotice, clearErrors };
}
