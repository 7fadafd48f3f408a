// A drawer on the printer's drawer kick-out connector: kicked with ESC p through the printer
// (DLE DC4 while the printer is stopped), its sensor read from the printer's status (pin 3,
// in DLE EOT 1 and ASB), turned into open/closed by the configured polarity.
import type { DrawerConfig } from '../../core/config/devices.ts';
import type { DrawerOutcome } from '../../core/ports/cash-drawer.ts';
import type { DeviceLog } from '../device.ts';
import type { ReceiptPrinterDevice } from '../printer/receipt-printer.ts';
import { SensedDrawer, type LinkState } from './sensed-drawer.ts';

export interface PrinterDrawerOptions {
  id: string;
  config: DrawerConfig;
  printer: ReceiptPrinterDevice;
  log?: DeviceLog;
}

export class PrinterDrawerDevice extends SensedDrawer {
  private readonly printer: ReceiptPrinterDevice;
  private unsubscribe: Array<() => void> = [];

  constructor(options: PrinterDrawerOptions) {
    super({ id: options.id, config: options.config, resource: null, ...(options.log ? { log: options.log } : {}) });
    this.printer = options.printer;
  }

  protected override onEnable(): void {
    this.unsubscribe.push(
      this.printer.onPrinterStatus((status) => {
        this.monitor.update(this.sensorToOpen(status ? status.drawerOpen : null));
        this.updateState();
      }),
      this.printer.onStatus(() => this.updateState()),
    );
    const now = this.printer.printerStatus();
    if (now) this.monitor.update(this.sensorToOpen(now.drawerOpen));
    // With ASB the printer reports the sensor as it changes; otherwise ask it.
    if (!this.reportsChanges()) this.startSensorPolling();
    this.updateState();
  }

  protected override onDisable(): void {
    super.onDisable();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  protected kick(): Promise<DrawerOutcome> {
    return this.printer.kickDrawer(this.config.pulse);
  }

  protected async readSensor(): Promise<boolean | null> {
    const status = await this.printer.refreshStatus();
    return this.sensorToOpen(status ? status.drawerOpen : null);
  }

  protected reportsChanges(): boolean {
    return this.printer.readsStatus && this.printer.config.status.asb;
  }

  protected linkState(): LinkState {
    if (!this.printer.isEnabled) return { state: 'offline', detail: `printer ${this.printer.id} is not running`, reason: 'printer-down' };
    if (!this.printer.connected) return { state: 'offline', detail: `printer ${this.printer.id} is not connected`, reason: 'printer-down' };
    return { state: 'idle' };
  }
}
