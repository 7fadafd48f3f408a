import type { RefObject } from 'react';
import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useShortcuts } from '../app/shortcuts.ts';
import type { SaleDialog } from './sale-dialogs.tsx';
import { isTextInput } from './use-scan-focus.ts';

/** What the selling keys act on and call. */
export interface SaleKeys {
  lines: readonly SaleLineView[];
  selected: number | null;
  setSelected: (lineNo: number) => void;
  selectedLine: SaleLineView | null;
  tendering: boolean;
  sale: SaleView | null;
  code: string;
  setCode: (code: string) => void;
  search: string | null;
  setSearch: (search: string | null) => void;
  scanRef: RefObject<HTMLInputElement | null>;
  setDialog: (dialog: SaleDialog) => void;
  focusScan: () => void;
  onHelp: () => void;
  onReturns: () => void;
  onFunctions: () => void;
  present: () => Promise<void>;
  complete: () => Promise<void>;
}

/** The selling keys: F1-F10, Delete on the selected line, the arrows through the lines and Escape. */
export function useSaleShortcuts({
  lines,
  selected,
  setSelected,
  selectedLine,
  tendering,
  sale,
  code,
  setCode,
  search,
  setSearch,
  scanRef,
  setDialog,
  focusScan,
  onHelp,
  onReturns,
  onFunctions,
  present,
  complete,
}: SaleKeys) {
  const moveSelection = (delta: number) => {
    if (lines.length === 0) return;
    const i = lines.findIndex((l) => l.lineNo === selected);
    const next = lines[Math.min(Math.max((i < 0 ? lines.length : i) + delta, 0), lines.length - 1)];
    if (next) setSelected(next.lineNo);
  };

  const noSearch = search === null;
  useShortcuts([
    { key: 'F1', run: onHelp },
    { key: 'F2', run: () => !tendering && setSearch(code) },
    { key: 'F3', run: () => selectedLine && !tendering && setDialog({ kind: 'quantity', line: selectedLine }) },
    { key: 'F4', run: () => !tendering && setDialog({ kind: 'member' }) },
    { key: 'F5', run: () => sale && sale.tenders.length === 0 && setDialog({ kind: 'salesperson' }) },
    { key: 'F6', run: () => sale && !tendering && setDialog({ kind: 'discount' }) },
    { key: 'F7', run: onReturns },
    { key: 'F8', run: () => void present() },
    { key: 'F9', run: () => void complete() },
    { key: 'F10', run: onFunctions },
    {
      key: 'Delete',
      inFields: true,
      // From the empty scan field or outside text fields only: Delete still deletes in the payment fields.
      when: () =>
        code === '' &&
        noSearch &&
        selectedLine !== null &&
        !tendering &&
        (document.activeElement === scanRef.current || !isTextInput(document.activeElement)),
      run: () => selectedLine && setDialog({ kind: 'void', line: selectedLine }),
    },
    { key: 'ArrowUp', inFields: true, run: () => noSearch && document.activeElement === scanRef.current && moveSelection(-1) },
    { key: 'ArrowDown', inFields: true, run: () => noSearch && document.activeElement === scanRef.current && moveSelection(1) },
    {
      key: 'Escape',
      run: () => {
        if (search !== null) setSearch(null);
        else setCode('');
        focusScan();
      },
    },
  ]);
}
