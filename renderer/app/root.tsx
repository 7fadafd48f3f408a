import { useEffect, useState, useSyncExternalStore } from 'react';
import { openBridge, type BridgeHandle } from '../bridge/connect-bridge.ts';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { ScanRoutingProvider } from '../scan/scan-routing.tsx';
import { TillStore } from '../state/till-store.ts';
import { unlockAudio } from '../devices/beep.ts';
import { TillProvider } from './till-context.tsx';
import { App } from './app.tsx';

const DEVICE_POLL_MS = 15_000;

export function Root() {
  const [{ handle, store }] = useState(() => {
    const h: BridgeHandle = openBridge();
    return { handle: h, store: new TillStore(h.bridge) };
  });
  const snapshot = useSyncExternalStore(store.subscribe, store.get);

  useEffect(() => {
    store.setConnection(handle.connection());
    const off = handle.onConnection((s) => store.setConnection(s));
    // Device events keep the status bar current; a slow poll covers hosts that do not send them.
    const poll = window.setInterval(() => void store.refreshDevices(), DEVICE_POLL_MS);
    const shell = window.tillproofShell;
    const offShell = shell?.onHostStatus((s) => store.setHostStatus(s));
    shell?.hostStatus().then(
      (s) => store.setHostStatus(s),
      () => undefined,
    );
    const unlock = () => unlockAudio();
    window.addEventListener('keydown', unlock, { once: true });
    window.addEventListener('pointerdown', unlock, { once: true });
    return () => {
      off();
      offShell?.();
      window.clearInterval(poll);
      window.removeEventListener('keydown', unlock);
      window.removeEventListener('pointerdown', unlock);
    };
  }, [handle, store]);

  return (
    <I18nProvider storeLocale={snapshot.terminal?.locale ?? null}>
      <ScanRoutingProvider>
        <TillProvider bridge={handle.bridge} store={store}>
          <App />
        </TillProvider>
      </ScanRoutingProvider>
    </I18nProvider>
  );
}
