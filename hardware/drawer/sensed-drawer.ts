// What printer-driven and standalone drawers share: the kick, confirmation by the sensor,
// the left-open alarm, statistics (goodOpens, failedOpens, alarms) and status reporting.
import type { DrawerConfig } from '../../core/config/devices.ts';
import type { DeviceReason } from '../../core/contract/views.ts';
import type { DrawerAlarm, DrawerOutcome, MonitoredCashDrawer } from '../../core/ports/cash-drawer.ts';
import { PosDevice, type DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { DrawerMonitor } from './drawer-monitor.ts';

/** The drawer's link: idle when it can be kicked; otherwise why not (detail in English for logs). */
export interface LinkState {
  state: 'idle' | 'offline' | 'error' | 'closed';
  detail?: string;
  reason?: DeviceReason;
}

export interface SensedDrawerOptions {
  id: string;
  config: DrawerConfig;
  resource: string | null;
  log?: DeviceLog;
}

export abstract class SensedDrawer extends PosDevice implements MonitoredCashDrawer {
  readonly config: DrawerConfig;
  protected readonly monitor: DrawerMonitor;
  protected readonly hasSensor: boolean;
  private sensorTimer: ReturnType<typeof setInterval> | null = null;

  constructor(options: SensedDrawerOptions) {
    super({ id: options.id, kind: 'drawer', resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    this.config = options.config;
    this.hasSensor = options.config.sensor.polarity !== 'none';
    this.monitor = new DrawerMonitor({
      drawerId: options.id,
      alarmAfterMs: options.config.alarmAfterSeconds === null ? null : Math.round(options.config.alarmAfterSeconds * 1000),
      log: this.log,
    });
    this.monitor.onChange(() => this.updateState());
    this.monitor.onAlarm((alarm) => {
      if (alarm.open) this.count('alarms');
      this.updateState();
    });
  }

  isOpen(): boolean | null {
    return this.monitor.isOpen();
  }

  onDrawerChange(listener: (event: { drawerId: string; open: boolean }) => void): () => void {
    return this.monitor.onChange(listener);
  }

  onAlarm(listener: (alarm: DrawerAlarm) => void): () => void {
    return this.monitor.onAlarm(listener);
  }

  async open(): Promise<DrawerOutcome> {
    if (!this.isEnabled) return { ok: false, reason: 'offline', detail: `drawer ${this.id} is not enabled` };
    let outcome: DrawerOutcome;
    try {
      outcome = await this.kick();
      if (outcome.ok && this.hasSensor) {
        const opened = await this.waitForOpen(this.config.sensor.confirmMs);
        if (!opened)
          outcome = {
            ok: false,
            reason: 'error',
            detail: `kicked, but the sensor did not read open within ${this.config.sensor.confirmMs} ms`,
          };
      }
    } catch (e) {
      outcome = { ok: false, reason: 'error', detail: errorWithCode(e) };
    }
    this.count(outcome.ok ? 'goodOpens' : 'failedOpens');
    if (!outcome.ok) this.log.warn(`drawer ${this.id}: open failed: ${outcome.detail ?? outcome.reason}`);
    this.updateState();
    return outcome;
  }

  /** Raw sensor level to open/closed by the configured polarity. */
  protected sensorToOpen(levelHigh: boolean | null): boolean | null {
    if (levelHigh === null || !this.hasSensor) return null;
    return this.config.sensor.polarity === 'high-is-open' ? levelHigh : !levelHigh;
  }

  /** Polls the sensor while enabled, when the device does not report changes by itself. */
  protected startSensorPolling(): void {
    if (!this.hasSensor || this.sensorTimer) return;
    this.sensorTimer = setInterval(() => {
      this.readSensor()
        .then((open) => {
          this.monitor.update(open);
          this.updateState();
        })
        .catch((e: unknown) => this.log.warn(`drawer ${this.id}: sensor read failed: ${errorWithCode(e)}`));
    }, this.config.sensor.pollMs);
    this.sensorTimer.unref?.();
  }

  protected stopSensorPolling(): void {
    if (this.sensorTimer) clearInterval(this.sensorTimer);
    this.sensorTimer = null;
  }

  /** Waits for the sensor to read open, polling it meanwhile. */
  private async waitForOpen(timeoutMs: number): Promise<boolean> {
    const opened = this.monitor.waitForOpen(timeoutMs);
    let done = false;
    void opened.then(() => (done = true));
    const poll = async (): Promise<void> => {
      const interval = Math.max(20, Math.min(100, Math.floor(timeoutMs / 10)));
      while (!done) {
        const open = await this.readSensor().catch(() => null);
        this.monitor.update(open);
        if (done || open) break;
        await new Promise((r) => setTimeout(r, interval));
      }
    };
    if (!this.reportsChanges()) void poll();
    return opened;
  }

  protected override onDisable(): void {
    this.stopSensorPolling();
  }

  protected override onClose(): void {
    this.monitor.stop();
  }

  protected updateState(): void {
    if (!this.isDeviceOpen) return;
    const link = this.linkState();
    if (link.state !== 'idle')
      return this.report(link.state, link.detail, { sensor: this.hasSensor }, link.reason ? { reason: link.reason } : undefined);
    const open = this.monitor.isOpen();
    const flags: Record<string, boolean> = { sensor: this.hasSensor, ...(open === null ? {} : { open }) };
    if (open && this.monitor.isAlarmed()) {
      const openSeconds = this.monitor.openSeconds();
      return this.report('error', `left open (${openSeconds} s)`, { ...flags, alarm: true }, { reason: 'left-open', openSeconds });
    }
    if (open === null) return this.report('idle', undefined, flags);
    this.report('idle', open ? 'open' : 'closed', flags, { reason: open ? 'open' : 'closed' });
  }

  /** Pulses the solenoid. */
  protected abstract kick(): Promise<DrawerOutcome>;
  /** Reads the sensor now: true open, false closed, null unknown. */
  protected abstract readSensor(): Promise<boolean | null>;
  /** The device reports sensor changes by itself (printer ASB): no polling needed while waiting. */
  protected abstract reportsChanges(): boolean;
  protected abstract linkState(): LinkState;
}
