import { useEffect, useRef, useState } from 'react';
import type { ParamsInput, Result } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';

export type RefundQuote = Result<'return.quote'>;

/**
 * The host's own figure for the return being put together (return.quote): what goes back to
 * each tender after cash rounding, so the screen and the approval show what the customer will
 * actually get. Null while there is nothing to quote or the answer is on its way; a refused quote
 * (e.g. a quantity the host will refuse anyway) is null too, and completing says why.
 */
export function useRefundQuote(params: ParamsInput<'return.quote'> | null): RefundQuote | null {
  const { bridge } = useTill();
  const [quote, setQuote] = useState<RefundQuote | null>(null);
  const latest = useRef(0);
  const key = params ? JSON.stringify(params) : '';
  useEffect(() => {
    const ask = ++latest.current;
    setQuote(null);
    if (!params) return;
    bridge['return.quote'](params).then(
      (q) => {
        if (ask === latest.current) setQuote(q);
      },
      () => undefined,
    );
    // Re-quoted whenever the lines, quantities or refund choice change (key is their JSON).
  }, [key, bridge]);
  return quote;
}
