import { useEffect } from 'react';
import { createIdleLock } from './idle-lock.ts';
import { useTill, useTillState } from './till-context.tsx';

// 'input' too: an on-screen keyboard or an IME may type without key events.
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart', 'input'] as const;

function hasTypedText(root: ParentNode): boolean {
  return [...root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].some(
    (el) => !['radio', 'checkbox', 'button', 'submit', 'date'].includes(el.type) && el.value.trim() !== '',
  );
}

/**
 * Whether locking now loses nothing. The sale, the tenders taken and an owed receipt live in the
 * host and come back after the PIN; what does not: a manager's approval being asked for, a
 * payment or anything else half typed into a dialog, a receipt still printing, and screens and
 * dialogs that mark work in progress with `data-idle-hold` (the approval dialog, a printing receipt).
 */
export function safeToLock(doc: Document = document): boolean {
  if (doc.querySelector('[data-idle-hold]')) return false;
  for (const dialog of doc.querySelectorAll('dialog[open]')) if (hasTypedText(dialog)) return false;
  return true;
}

/** Locks the till after the configured time without input (terminal config `session.idleLockSeconds`). */
export function useIdleLock(): void {
  const { store } = useTill();
  const seconds = useTillState((s) => s.terminal?.idleLockSeconds ?? 0);
  useEffect(() => {
    if (seconds <= 0) return;
    const idle = createIdleLock({ timeoutMs: seconds * 1000, canLock: () => safeToLock(), onIdle: () => store.lock() });
    const onInput = () => idle.activity();
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { capture: true, passive: true });
    // A scan from a serial or USB scanner reaches the host, not the keyboard: its answer counts as input.
    let { sale, receipt } = store.get();
    const unsubscribe = store.subscribe(() => {
      const s = store.get();
      if (s.sale === sale && s.receipt === receipt) return;
      ({ sale, receipt } = s);
      idle.activity();
    });
    return () => {
      idle.stop();
      unsubscribe();
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [seconds, store]);
}
