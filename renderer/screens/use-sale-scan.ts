import { useCallback } from 'react';
import { toCallFailure } from '../bridge/call-failure.ts';
import { beep } from '../devices/beep.ts';
import { scanAbandoned, scanStarted } from '../scan/scan-timing.ts';
import { isDischarged } from '../state/till-store.ts';
import { useTill } from '../app/till-context.tsx';

export type SaleScan = (
  code: string,
  source: 'wedge' | 'manual',
  /** afterBreak: the wedge burst began right after a pause-ended scan or half-typed keys, and may be a split scan's tail. */
  options?: { onUnknown?: (code: string) => void; afterBreak?: boolean },
) => Promise<boolean>;

/** A receipt's own QR code ("TPR1;..." or HQ's receipt link "https://.../r?q=TPR1..."): scanned at the till it means "return this". */
export function isReceiptQr(code: string): boolean {
  return code.startsWith('TPR1;') || /^https?:\/\/[^\s?#]+\/r\?q=TPR1/i.test(code);
}

/**
 * Everything scanned during selling goes through here: items and member codes to `sale.scan`
 * (the host tells them apart), receipt QR codes to the return screen.
 */
export function useSaleScan(onReceiptQr: (qr: string) => void): SaleScan {
  const { attempt, store, showFailure } = useTill();
  return useCallback(
    async (raw, source, options = {}) => {
      const code = raw.trim();
      if (!code) return false;
      if (isReceiptQr(code)) {
        onReceiptQr(code);
        return true;
      }
      const shown = store.get().receipt;
      if (shown && isDischarged(shown)) store.dismissReceipt();
      scanStarted();
      try {
        await attempt('sale.scan', { code, source, ...(options.afterBreak ? { afterBreak: true } : {}) });
        return true;
      } catch (e) {
        scanAbandoned();
        const f = toCallFailure(e);
        beep('error');
        if (source === 'manual' && options.onUnknown && (f.code === 'scan.unknown-product' || f.code === 'scan.invalid-barcode')) {
          // Typed text that is no barcode or SKU: the cashier was probably searching.
          options.onUnknown(code);
          return false;
        }
        showFailure(f);
        return false;
      }
    },
    [attempt, store, showFailure, onReceiptQr],
  );
}
