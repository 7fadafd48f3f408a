import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { SaleView } from '../../core/contract/index.ts';
import { dialogOpen, onDialogClosed } from '../components/open-dialogs.ts';

export function isTextInput(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/** Nothing has the focus: the control that had it went away (a dialog closed, a button vanished). */
function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

export interface ScanFocus {
  /** The scan field. */
  readonly scanRef: RefObject<HTMLInputElement | null>;
  /** The product search while it is open: the cashier is typing there. */
  readonly searchRef: RefObject<HTMLElement | null>;
  /** The payment panel while the sale is being paid: its fields are the cashier's. */
  readonly tenderRef: RefObject<HTMLElement | null>;
  /** After one of the screen's own actions: back to the scan field once React has settled. */
  focusScan(): void;
}

/**
 * Keeps the scan field ready, so the next scan always lands. The focus moves there on the events
 * that would otherwise leave it nowhere: a dialog closing, a click on nothing that takes the focus,
 * the sale changing (a button the cashier used may be gone), a printable key typed outside a text
 * field; and after each of the screen's own actions (`focusScan`). Never while the search or the
 * payment panel is open, nor under a dialog.
 */
export function useScanFocus(sale: SaleView | null): ScanFocus {
  const scanRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLElement>(null);
  const tenderRef = useRef<HTMLElement>(null);

  const focusScan = useCallback(() => {
    // After React has settled (a dialog closing returns focus to where it was opened).
    window.requestAnimationFrame(() => {
      const active = document.activeElement;
      const typingPayment = active instanceof HTMLInputElement && tenderRef.current?.contains(active) === true;
      if (!dialogOpen() && !searchRef.current && !typingPayment) scanRef.current?.focus();
    });
  }, []);

  // The cashier is selling: no dialog on top, no search open, not paying.
  const selling = useCallback(() => !dialogOpen() && !searchRef.current && !tenderRef.current, []);

  useEffect(() => {
    const takeLostFocus = () => {
      window.requestAnimationFrame(() => {
        if (focusLost() && selling()) scanRef.current?.focus();
      });
    };
    // Typing anywhere outside a text field goes to the scan field.
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1 || isTextInput(document.activeElement)) return;
      if (selling()) scanRef.current?.focus();
    };
    const offDialog = onDialogClosed(takeLostFocus);
    window.addEventListener('click', takeLostFocus);
    window.addEventListener('keydown', onKey, true);
    return () => {
      offDialog();
      window.removeEventListener('click', takeLostFocus);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [selling]);

  // Each change of the sale: a button the cashier used (pay, a line's own buttons) may be gone with the focus.
  useEffect(() => {
    if (focusLost() && selling()) scanRef.current?.focus();
  }, [sale, selling]);

  return { scanRef, searchRef, tenderRef, focusScan };
}
