// Devices that report their state; host/ forwards it to the screens ('device.status').
import type { DeviceStatus } from '../contract/views.ts';

/** A device that reports its state (closed | idle | busy | error | offline) as it changes. */
export interface DeviceStatusSource {
  readonly id: string;
  status(): DeviceStatus;
  /** Called on every change of state, detail or flags; returns the unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** Counters since the device was created, e.g. receiptsPrinted, paperOuts, goodOpens, failedOpens. */
  statistics(): Readonly<Record<string, number>>;
}

/** What the settings screen shows about devices beyond their status (hardware/ knows it). */
export interface DeviceInventory {
  /** Counters per device id since the till started (receiptsPrinted, paperOuts, goodOpens...). */
  statistics(): Record<string, Readonly<Record<string, number>>>;
  /** The receipt printer's resolved text encoding (code page) and paper, when it is a configured device. */
  printerSetup(): { encoding: string; paperMm: number; columns: number } | null;
}
