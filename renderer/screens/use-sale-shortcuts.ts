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
export function useSaleShortcuts(k: SaleKeys) {
  const moveSelection = (delta: number) => {
    if (k.lines.length === 0) return;
    const i = k.lines.findIndex((l) => l.lineNo === k.selected);
    const next = k.lines[Math.min(Math.max((i < 0 ? k.lines.length : i) + delta, 0), k.lines.length - 1)];
    if (next) k.setSelected(next.lineNo);
  };

  const noSearch = k.search === null;
  useShortcuts([
    { key: 'F1', run: k.onHelp },
    { key: 'F2', run: () => !k.tendering && k.setSearch(k.code) },
    { key: 'F3', run: () => k.selectedLine && !k.tendering && k.setDialog({ kind: 'quantity', line: k.selectedLine }) },
    { key: 'F4', run: () => !k.tendering && k.setDialog({ kind: 'member' }) },
    { key: 'F5', run: () => k.sale && k.sale.tenders.length === 0 && k.setDialog({ kind: 'salesperson' }) },
    { key: 'F6', run: () => k.sale && !k.tendering && k.setDialog({ kind: 'discount' }) },
    { key: 'F7', run: k.onReturns },
    { key: 'F8', run: () => void k.present() },
    { key: 'F9', run: () => void k.complete() },
    { key: 'F10', run: k.onFunctions },
    { key: 'Ctrl+H', run: () => k.sale && k.sale.lines.length > 0 && k.sale.tenders.length === 0 && k.setDialog({ kind: 'park' }) },
    { key: 'Ctrl+R', run: () => !k.sale && k.setDialog({ kind: 'recall' }) },
    {
      key: 'Delete',
      inFields: true,
      // From the empty scan field or outside text fields only: Delete still deletes in the payment fields.
      when: () =>
        k.code === '' &&
        noSearch &&
        k.selectedLine !== null &&
        !k.tendering &&
        (document.activeElement === k.scanRef.current || !isTextInput(document.activeElement)),
      run: () => k.selectedLine && k.setDialog({ kind: 'void', line: k.selectedLine }),
    },
    { key: 'ArrowUp', inFields: true, run: () => noSearch && document.activeElement === k.scanRef.current && moveSelection(-1) },
    { key: 'ArrowDown', inFields: true, run: () => noSearch && document.activeElement === k.scanRef.current && moveSelection(1) },
    {
      key: 'Escape',
      run: () => {
        if (k.search !== null) k.setSearch(null);
        else k.setCode('');
        k.focusScan();
      },
    },
  ]);
}
