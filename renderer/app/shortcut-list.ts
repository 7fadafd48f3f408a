import type { MessageKey } from '../i18n/i18n.ts';

/** The documented shortcuts (help dialog, docs/cashier.md). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: MessageKey }> = [
  { keys: 'F1', what: 'shortcut.help' },
  { keys: 'F2', what: 'shortcut.search' },
  { keys: 'F3', what: 'shortcut.quantity' },
  { keys: 'F4', what: 'shortcut.member' },
  { keys: 'F5', what: 'shortcut.salesperson' },
  { keys: 'F6', what: 'shortcut.discount' },
  { keys: 'F7', what: 'shortcut.returns' },
  { keys: 'F8', what: 'shortcut.pay' },
  { keys: 'F9', what: 'shortcut.complete' },
  { keys: 'F10', what: 'shortcut.more' },
  { keys: '↑ ↓', what: 'shortcut.select' },
  { keys: 'Delete', what: 'shortcut.void' },
  { keys: 'Esc', what: 'shortcut.back' },
  { keys: 'Ctrl+H', what: 'shortcut.park' },
  { keys: 'Ctrl+R', what: 'shortcut.recall' },
  { keys: 'Ctrl+L', what: 'shortcut.lock' },
  { keys: 'Ctrl+P', what: 'shortcut.periodReport' },
  { keys: 'Ctrl+K', what: 'shortcut.priceCheck' },
  { keys: 'Enter', what: 'shortcut.enter' },
];
