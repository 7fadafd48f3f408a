import { useEffect, useRef } from 'react';
import { dialogOpen } from '../components/open-dialogs.ts';

// Keyboard shortcuts for the screen in front. Function keys work from any field; plain keys
// only when no text field has the focus. Nothing fires under an open dialog unless asked.

export interface Shortcut {
  /** "F2", "Escape", "Ctrl+L", "Delete", "ArrowUp"... */
  readonly key: string;
  readonly run: (e: KeyboardEvent) => void;
  /** Also when typing in a text field (default: true for F-keys, Escape and Ctrl combos). */
  readonly inFields?: boolean;
  /** Also while a dialog is open (default false). */
  readonly inDialogs?: boolean;
  /** Only when this holds; otherwise the key does what it normally does (e.g. Delete in a text field). */
  readonly when?: () => boolean;
}

export function keyName(e: KeyboardEvent): string {
  return `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.key.length === 1 ? e.key.toUpperCase() : e.key}`;
}

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Keydowns whose browser default a skipped Ctrl shortcut prevented (Ctrl+P would open the print
 * dialog under one of our dialogs): still free for another screen's shortcut on the same key.
 */
const reserved = new WeakSet<Event>();

export function useShortcuts(shortcuts: readonly Shortcut[], enabled = true): void {
  const ref = useRef(shortcuts);
  useEffect(() => {
    ref.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.defaultPrevented && !reserved.has(e)) || e.isComposing) return;
      const name = keyName(e);
      const s = ref.current.find((x) => x.key === name);
      if (!s) return;
      const global = /^F\d+$/.test(e.key) || e.key === 'Escape' || name.startsWith('Ctrl+');
      // A Ctrl combination is the till's even where it does nothing right now: never the browser's (print, address bar).
      const skip = () => {
        if (name.startsWith('Ctrl+')) {
          e.preventDefault();
          reserved.add(e);
        }
      };
      if (!(s.inFields ?? global) && isTextField(document.activeElement)) return skip();
      if (!s.inDialogs && dialogOpen()) return skip();
      if (s.when && !s.when()) return;
      reserved.delete(e);
      e.preventDefault();
      s.run(e);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
