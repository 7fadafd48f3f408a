import { useEffect, useRef, useState } from 'react';
import type { ProductView } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';
import { toCallFailure } from '../bridge/call-failure.ts';

/** Results as you type: every keystroke asks, only the answer to the latest question is shown. */
export function useProductSearch(initial: string) {
  const { bridge, showFailure } = useTill();
  const [query, setQuery] = useState(initial);
  const [results, setResults] = useState<ProductView[]>([]);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState('');
  const seq = useRef(0);

  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (!q) return;
    // Every keystroke asks; only the answer to the latest question is shown.
    bridge['catalog.search']({ query: q.slice(0, 64), limit: 30 }).then(
      (r) => {
        if (mine !== seq.current) return;
        setResults(r);
        setActive(0);
        setSearched(q);
      },
      (e: unknown) => {
        if (mine === seq.current) showFailure(toCallFailure(e));
      },
    );
  }, [query, bridge, showFailure]);

  /** A new query; an empty one clears the results at once. */
  const type = (value: string) => {
    setQuery(value);
    if (value.trim() === '') {
      setResults([]);
      setSearched('');
    }
  };

  return { query, type, results, active, setActive, searched };
}
