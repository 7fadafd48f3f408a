// A standalone drawer interface on its own serial port or device file (USB drawers that
// enumerate as CDC serial ports, RS-232 drawer interfaces). The interface opens the drawer on
// its open command and, when it has a sensor, answers the status query with one byte whose
// configured bit is the sensor level.
import type { DrawerConfig } from '../../core/config/devices.ts';
import type { DrawerOutcome } from '../../core/ports/cash-drawer.ts';
import { DeviceError, type DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';
import { SensedDrawer, type LinkState } from './sensed-drawer.ts';

export interface SerialDrawerOptions {
  id: string;
  config: DrawerConfig;
  transport: ByteTransport;
  resource: string;
  log?: DeviceLog;
  replyTimeoutMs?: number;
}

export class SerialDrawerDevice extends SensedDrawer {
  private readonly link: SupervisedLink;
  private readonly replyTimeoutMs: number;
  private readonly openCommand: Uint8Array;
  private readonly statusQuery: Uint8Array | null;
  private readonly sensorBit: number;
  private waiter: ((byte: number) => void) | null = null;
  private reading: Promise<boolean | null> | null = null;

  constructor(options: SerialDrawerOptions) {
    super({ id: options.id, config: options.config, resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    const connection = options.config.connection;
    if (connection.kind !== 'standalone')
      throw new DeviceError('device.unsupported', `drawer ${options.id} is connected through a printer`);
    this.openCommand = Uint8Array.from(connection.openCommand);
    this.statusQuery = connection.statusQuery ? Uint8Array.from(connection.statusQuery) : null;
    this.sensorBit = connection.sensorBit;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 500;
    this.link = new SupervisedLink(
      options.transport,
      options.config.reconnect,
      {
        up: () => this.updateState(),
        failed: () => this.updateState(),
        down: () => {
          this.waiter = null;
          this.count('disconnects');
          this.updateState();
        },
        data: (bytes) => {
          for (const b of bytes) {
            const w = this.waiter;
            this.waiter = null;
            w?.(b);
          }
        },
      },
      this.log,
    );
  }

  protected override onClaim(): void {
    this.link.start();
  }

  protected override onEnable(): void {
    this.startSensorPolling();
    this.updateState();
  }

  protected override async onRelease(): Promise<void> {
    await this.link.stop();
  }

  protected async kick(): Promise<DrawerOutcome> {
    if (!this.link.connected && !(await this.link.connectNow(1000)))
      return { ok: false, reason: 'offline', detail: `${this.link.transport.description}: not connected` };
    try {
      await this.link.write(this.openCommand);
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: 'offline', detail: errorWithCode(e) };
    }
  }

  protected readSensor(): Promise<boolean | null> {
    if (!this.statusQuery || !this.link.connected) return Promise.resolve(null);
    // One query at a time: the reply byte carries no tag.
    this.reading ??= this.query(this.statusQuery).finally(() => (this.reading = null));
    return this.reading;
  }

  private async query(bytes: Uint8Array): Promise<boolean | null> {
    const reply = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, this.replyTimeoutMs);
      this.waiter = (b) => {
        clearTimeout(timer);
        resolve(b);
      };
    });
    await this.link.write(bytes);
    const byte = await reply;
    return byte === null ? null : this.sensorToOpen(((byte >> this.sensorBit) & 1) === 1);
  }

  protected reportsChanges(): boolean {
    return false;
  }

  protected linkState(): LinkState {
    if (!this.link.connected)
      return { state: 'offline', detail: this.link.error ? this.link.error.message : 'not connected', reason: 'not-connected' };
    return { state: 'idle' };
  }
}
