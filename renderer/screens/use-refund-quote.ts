import { useEffect, useEffectEvent, useRef, useState } from 'react';
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
  // The answer with the question it answers: a quote for other lines is no quote for these.
  const [answer, setAnswer] = useState<{ key: string; quote: RefundQuote } | null>(null);
  const latest = useRef(0);
  const key = params ? JSON.stringify(params) : '';
  const currentParams = useEffectEvent(() => params);
  useEffect(() => {
    const ask = ++latest.current;
    const asked = currentParams();
    if (!asked) return;
    bridge['return.quote'](asked).then(
      (quote) => {
        if (ask === latest.current) setAnswer({ key, quote });
      },
      () => undefined,
    );
    // Re-quoted whenever the lines, quantities or refund choice change (key is their JSON).
  }, [key, bridge]);
  return answer && answer.key === key ? answer.quote : null;
}
