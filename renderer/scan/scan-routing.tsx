import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { DEFAULT_WEDGE_OPTIONS, createWedgeDetector, type WedgeScan } from './wedge-detector.ts';

// Scans typed by a keyboard-wedge scanner go to whichever screen or dialog is on top: the sale
// screen (items, member codes), the login and approval dialogs (badges), the return screen
// (receipt QR codes). The newest registered target wins; the rest wait underneath.

export type ScanHandler = (scan: WedgeScan) => void;

interface Registry {
  register(handler: { current: ScanHandler }, layer: ScanLayer): () => void;
}

/** Dialogs sit above screens: a scan goes to the newest dialog, else to the newest screen. */
export type ScanLayer = 'screen' | 'dialog';

interface Registration {
  readonly handler: { current: ScanHandler };
  readonly layer: ScanLayer;
}

const ScanRoutingContext = createContext<Registry | null>(null);

function setFieldValue(target: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = target instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (!setter) return;
  // Through the native setter plus an input event, so React's controlled input sees the change.
  setter.call(target, value);
  target.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Takes the scanned characters back out of the text field they were typed into. In a field marked
 * `data-scan-field` (the sale's scan input) keys typed just before the burst (under the end
 * pause) are the scan's own delayed start and belong to the code; anything typed earlier is a
 * leftover, and a scanner burst starts a fresh code: the field is emptied either way.
 */
function takeTypedCode(target: EventTarget | null, scan: WedgeScan, endPauseMs: number): WedgeScan {
  if (!(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement)) return scan;
  if (!target.value.endsWith(scan.code)) return scan;
  if (target.dataset.scanField !== undefined) {
    const delayedStart = scan.leadGapMs !== null && scan.leadGapMs < endPauseMs;
    const code = delayedStart ? target.value.trim() : scan.code;
    setFieldValue(target, '');
    return { ...scan, code };
  }
  setFieldValue(target, target.value.slice(0, target.value.length - scan.code.length));
  return scan;
}

export function ScanRoutingProvider({ children }: { children: ReactNode }) {
  const stack = useRef<Registration[]>([]);
  const [registry] = useState<Registry>(() => ({
    register(handler, layer) {
      const entry = { handler, layer };
      stack.current.push(entry);
      return () => {
        stack.current = stack.current.filter((h) => h !== entry);
      };
    },
  }));

  useEffect(() => {
    const detector = createWedgeDetector();
    let timer: number | undefined;
    let lastTarget: EventTarget | null = null;
    // Key times come from the events (when the scanner sent them); quiet time is measured on this
    // page's clock since the last key was handled. Mixing the two would split a scan whose keys
    // were queued behind a busy frame.
    let lastStamp = 0;
    let lastHandled = 0;
    const deliver = (scan: WedgeScan, target: EventTarget | null) => {
      const top = stack.current.findLast((h) => h.layer === 'dialog') ?? stack.current.at(-1);
      top?.handler.current(takeTypedCode(target, scan, DEFAULT_WEDGE_OPTIONS.endPauseMs));
    };
    const schedule = () => {
      window.clearTimeout(timer);
      const deadline = detector.deadline();
      if (deadline === null) return;
      const wait = Math.max(deadline - lastStamp - (performance.now() - lastHandled), 0) + 1;
      timer = window.setTimeout(() => {
        // Let key events that queued up while this page was busy run first (input outranks
        // ordinary tasks): only a quiet keyboard ends a scan.
        const handledBefore = lastHandled;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          if (lastHandled !== handledBefore) return;
          const scan = detector.idle(lastStamp + (performance.now() - lastHandled));
          if (scan) deliver(scan, lastTarget);
          else schedule();
        };
        channel.port2.postMessage(null);
      }, wait);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) {
        detector.reset();
        return;
      }
      lastTarget = e.target;
      lastStamp = e.timeStamp || performance.now();
      lastHandled = performance.now();
      const scan = detector.key(e.key, lastStamp);
      if (scan) {
        if (e.key === 'Enter' || e.key === 'Tab') {
          // The terminator belongs to the scanner: it must not submit a form or move focus.
          e.preventDefault();
          e.stopImmediatePropagation();
        }
        deliver(scan, e.target);
      }
      schedule();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.clearTimeout(timer);
    };
  }, []);

  return <ScanRoutingContext.Provider value={registry}>{children}</ScanRoutingContext.Provider>;
}

/** Receives wedge scans while mounted and `enabled`, unless a newer target (or any dialog) is on top. */
export function useScanTarget(handler: ScanHandler, layer: ScanLayer = 'screen', enabled = true): void {
  const registry = useContext(ScanRoutingContext);
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!registry || !enabled) return;
    return registry.register(ref, layer);
  }, [registry, layer, enabled]);
}
