import { useState } from 'react';
import type { SaleLineView } from '../../core/contract/index.ts';

/**
 * Which line the quantity, price and void keys act on. The line that just arrived is selected,
 * so its buttons are at hand; when the selected line goes, the last line is. `lines` must keep
 * its identity while the sale does not change.
 */
export function useLineSelection(lines: readonly SaleLineView[]): [number | null, (lineNo: number) => void] {
  const [selected, setSelected] = useState<number | null>(null);
  // The lines last looked at: none at first, so a sale already on screen selects its last line.
  const [seen, setSeen] = useState<readonly SaleLineView[]>([]);
  if (seen !== lines) {
    setSeen(lines);
    const before = new Set(seen.map((l) => l.lineNo));
    const added = lines.filter((l) => !before.has(l.lineNo)).at(-1);
    if (added) setSelected(added.lineNo);
    else if (selected !== null && !lines.some((l) => l.lineNo === selected)) setSelected(lines.at(-1)?.lineNo ?? null);
  }
  return [selected, setSelected];
}
