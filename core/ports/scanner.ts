// Serial and HID scanners; host/ passes their scans to sale.scan and their rejections to the screens.
import type { DeviceStatusSource } from './device-status.ts';

export type ScanSource = 'serial' | 'hid';

/** A scan read by a hardware scanner; the host passes `code` and `source` to `sale.scan` as they are. */
export interface ScanEvent {
  code: string;
  source: ScanSource;
  deviceId: string;
}

/** A read the scanner source refused (noise, a partial read, bad framing, an invalid barcode). */
export interface ScanRejection {
  source: ScanSource;
  deviceId: string;
  /** 'scan.noise' | 'scan.partial' | 'scan.overlong' | 'scan.framing' | 'scan.malformed-report', or a BarcodeErrorCode. */
  reason: string;
  detail: string;
  /**
   * The code as read, when the read itself was whole and clean but is not a barcode the store
   * sells (a staff badge, a mistyped label): the host may still take it as a badge.
   */
  code?: string;
}

/** A serial or HID scanner. Keyboard-wedge scanners are detected in the UI, not here. */
export interface ScannerSource extends DeviceStatusSource {
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onRejected(listener: (rejection: ScanRejection) => void): () => void;
}
