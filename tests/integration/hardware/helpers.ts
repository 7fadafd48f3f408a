// Shared by the hardware integration tests: waiting on device events with bounded timeouts
// (never a fixed sleep), sample receipts, fast reconnect settings.
import { spawnSync } from 'node:child_process';
import type { DeviceStatus, ReceiptDocument, ReceiptLine } from '../../../core/contract/views.ts';
import type { DeviceStatusSource } from '../../../core/ports/device-status.ts';
import type { DeviceLog } from '../../../hardware/device.ts';

export const socatAvailable = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
export const SOCAT_MISSING = 'socat is not installed (apt-get install -y socat): serial tests over pty pairs skipped';

/** Reconnect quickly in tests. */
export const FAST_RECONNECT = { initialMs: 20, maxMs: 200 };

/** Resolves with the first value `subscribe` delivers that matches, or rejects after `timeoutMs`. */
export function nextEvent<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  what: string,
  predicate: (value: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let off: () => void = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    off = subscribe((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** The device's status once it matches (at once if it already does). */
export function statusWhere(
  device: DeviceStatusSource,
  predicate: (status: DeviceStatus) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<DeviceStatus> {
  const now = device.status();
  if (predicate(now)) return Promise.resolve(now);
  return nextEvent((l) => device.onStatus(l), `${device.id} ${what}`, predicate, timeoutMs).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)} (status now: ${JSON.stringify(device.status())})`);
  });
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const isIdle = (s: DeviceStatus): boolean => s.state === 'idle';
export const isOffline = (s: DeviceStatus): boolean => s.state === 'offline';

export function receipt(lines: ReceiptLine[], receiptNo = 1, width = 48): ReceiptDocument {
  return { receiptNo, kind: 'sale', copyNo: 0, training: false, width, lines };
}

/** A receipt of `items` item lines (each feeds paper), a barcode, a QR code and a cut. */
export function saleReceipt(receiptNo: number, items = 8, qr = `TP1:DEMO-01:${receiptNo}:abcdef0123456789`): ReceiptDocument {
  const lines: ReceiptLine[] = [
    { type: 'text', text: 'Tillproof Demo 示範商店', align: 'center', bold: true, size: 'double' },
    { type: 'rule' },
  ];
  for (let i = 1; i <= items; i++) lines.push({ type: 'pair', left: `${i} 烏龍茶 Oolong tea`, right: `${i * 35}.00` });
  lines.push({ type: 'rule' }, { type: 'pair', left: '合計 TOTAL', right: '999.00', bold: true });
  lines.push(
    { type: 'barcode', symbology: 'CODE128', data: `DEMO-01-${receiptNo}` },
    { type: 'qr', data: qr, size: 4 },
    { type: 'feed', lines: 3 },
    { type: 'cut', partial: true },
  );
  return receipt(lines, receiptNo);
}

export function collectingLog(): { log: DeviceLog; lines: string[] } {
  const lines: string[] = [];
  const line = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, log: { info: line('info'), warn: line('warn'), error: line('error') } };
}
