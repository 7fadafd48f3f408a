// The drawer sensor over time: open/closed changes and the left-open alarm. An open drawer
// with nobody at the till is how cash walks away; the host logs the alarm and shows it.
import type { DrawerAlarm } from '../../core/ports/cash-drawer.ts';
import { callListeners, subscribe, type DeviceLog } from '../device.ts';

export interface DrawerMonitorOptions {
  drawerId: string;
  /** Raise the alarm after the drawer has been open this long; null: never. */
  alarmAfterMs: number | null;
  log: DeviceLog;
  now?: () => number;
}

export class DrawerMonitor {
  private readonly options: DrawerMonitorOptions;
  private readonly now: () => number;
  private open: boolean | null = null;
  private openedAt: number | null = null;
  private alarmed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly changeListeners = new Set<(event: { drawerId: string; open: boolean }) => void>();
  private readonly alarmListeners = new Set<(alarm: DrawerAlarm) => void>();
  opensSeen = 0;
  alarms = 0;

  constructor(options: DrawerMonitorOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  isOpen(): boolean | null {
    return this.open;
  }

  isAlarmed(): boolean {
    return this.alarmed;
  }

  /** Seconds the drawer has been open (0 when closed or unknown). */
  openSeconds(): number {
    return this.openedAt === null ? 0 : Math.round((this.now() - this.openedAt) / 1000);
  }

  onChange(listener: (event: { drawerId: string; open: boolean }) => void): () => void {
    return subscribe(this.changeListeners, listener);
  }

  onAlarm(listener: (alarm: DrawerAlarm) => void): () => void {
    return subscribe(this.alarmListeners, listener);
  }

  /** A sensor reading: true open, false closed, null unknown (the sensor cannot be read now). */
  update(open: boolean | null): void {
    // Unknown keeps the last known state and its alarm clock: the drawer did not close by itself.
    if (open === null || open === this.open) return;
    const wasKnown = this.open !== null;
    this.open = open;
    if (open) {
      this.openedAt = this.now();
      this.opensSeen++;
      this.arm();
    } else {
      const seconds = this.openSeconds();
      this.disarm();
      this.openedAt = null;
      if (this.alarmed) {
        this.alarmed = false;
        callListeners(
          this.alarmListeners,
          { drawerId: this.options.drawerId, open: false, openSeconds: seconds },
          this.options.log,
          'drawer alarm',
        );
      }
    }
    // The first reading after start is a state, not a change someone caused; still tell listeners.
    if (wasKnown || open) callListeners(this.changeListeners, { drawerId: this.options.drawerId, open }, this.options.log, 'drawer change');
  }

  /** Resolves true as soon as the sensor reads open, false after `timeoutMs`. */
  waitForOpen(timeoutMs: number): Promise<boolean> {
    if (this.open === true) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.onChange((e) => {
        if (!e.open) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  stop(): void {
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    const after = this.options.alarmAfterMs;
    if (after === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.open !== true) return;
      this.alarmed = true;
      this.alarms++;
      this.options.log.warn(`drawer ${this.options.drawerId}: open for ${this.openSeconds()} s`);
      callListeners(
        this.alarmListeners,
        { drawerId: this.options.drawerId, open: true, openSeconds: this.openSeconds() },
        this.options.log,
        'drawer alarm',
      );
    }, after);
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
