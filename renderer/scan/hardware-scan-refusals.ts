import { useEffect } from 'react';
import type { EventPayload, TillproofBridge } from '../../core/contract/index.ts';
import { beep } from '../devices/beep.ts';
import { errorKey, hasMessage, type MessageKey } from '../i18n/i18n.ts';

// Refusals of serial and HID scanner reads, shown as the wedge path shows its own: the host
// reads those scanners itself and sends one `scan.received` per read; a refused one becomes an
// error notice (with the code that was read) and the error tone. Wedge and typed scans are not
// shown here: their caller already shows the failure of its own call.

/** Garbled or incomplete reads from the scanner itself (framing, noise, HID reports). */
const MISREADS = new Set(['scan.noise', 'scan.partial', 'scan.overlong', 'scan.framing', 'scan.malformed-report']);

/** Why a read was refused, in the UI's words. */
export function refusalReasonKey(errorCode: string | undefined): MessageKey {
  const code = errorCode ?? 'internal';
  if (MISREADS.has(code)) return 'scan.refused.misread';
  if (code === 'barcode.bad-check-digit' || code === 'barcode.bad-price-check-digit') return 'scan.refused.check-digit';
  if (code.startsWith('barcode.')) return 'error.scan.invalid-barcode';
  if (code === 'sale.locked') return 'scan.refused.presented';
  const own = `scan.refused.${code.replace(/^scan\./, '')}`;
  if (hasMessage(own)) return own;
  return errorKey(code);
}

/** A serial or HID read that was not added: the notice shows it until the cashier acts. */
export function isHardwareRefusal(e: EventPayload<'scan.received'>): boolean {
  return !e.ok && (e.source === 'serial' || e.source === 'hid');
}

/** Shows every refused serial or HID read as an error notice, with the error tone. */
export function useHardwareScanRefusals(bridge: TillproofBridge, show: (reason: MessageKey, code: string) => void): void {
  useEffect(
    () =>
      bridge.on('scan.received', (e) => {
        if (!isHardwareRefusal(e)) return;
        beep('error');
        show(refusalReasonKey(e.errorCode), e.code);
      }),
    [bridge, show],
  );
}
