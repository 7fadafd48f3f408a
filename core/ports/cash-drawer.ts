// A cash drawer, and one with a sensor; hardware/drawer implements them.
import type { DeviceStatusSource } from './device-status.ts';

export type DrawerOutcome = { ok: true } | { ok: false; reason: 'offline' | 'error'; detail?: string };

export interface CashDrawer {
  readonly id: string;
  open(): Promise<DrawerOutcome>;
}

/** The drawer has been open longer than allowed (open: true), or closed again after that (open: false). */
export interface DrawerAlarm {
  drawerId: string;
  open: boolean;
  openSeconds: number;
}

/** A cash drawer with a sensor: open/closed changes and the left-open alarm. */
export interface MonitoredCashDrawer extends CashDrawer, DeviceStatusSource {
  /** true open, false closed, null unknown (no sensor, or the drawer cannot be reached). */
  isOpen(): boolean | null;
  onDrawerChange(listener: (event: { drawerId: string; open: boolean }) => void): () => void;
  onAlarm(listener: (alarm: DrawerAlarm) => void): () => void;
}
