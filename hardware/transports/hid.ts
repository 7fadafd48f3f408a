// HID devices (HID POS scanners) as a byte transport: each data event is one whole input
// report. The seam is HidReportDevice: node-hid in production, recorded reports in tests
// (there is no /dev/uhid to fake a device here). Reports only flow device -> host.
import type * as NodeHid from 'node-hid';
import type { HidTransportConfig } from '../../core/config/devices.ts';
import { DeviceError } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { TransportEvents, type ByteTransport } from './transport.ts';

export interface HidReportDevice {
  readonly description: string;
  onReport(listener: (report: Uint8Array) => void): void;
  /** The device failed or was unplugged. */
  onError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export type HidOpener = () => Promise<HidReportDevice>;

const HID_POS_USAGE_PAGE = 0x8c;

/** Opens the configured scanner with node-hid, preferring its HID POS (usage page 0x8C) interface. */
export function nodeHidOpener(config: HidTransportConfig): HidOpener {
  const name = `hid ${config.vendorId.toString(16).padStart(4, '0')}:${config.productId.toString(16).padStart(4, '0')}`;
  return async () => {
    let HID: typeof NodeHid;
    try {
      HID = await import('node-hid');
    } catch (e) {
      throw new DeviceError('device.unsupported', `HID devices are not available here: ${errorWithCode(e)}`, { cause: e });
    }
    const found = (await HID.devicesAsync(config.vendorId, config.productId)).filter(
      (d) => d.path && (!config.path || d.path === config.path),
    );
    const device = found.find((d) => d.usagePage === HID_POS_USAGE_PAGE) ?? found.find((d) => d.usagePage === undefined);
    if (!device?.path) {
      const others = found.map((d) => `usage page 0x${(d.usagePage ?? 0).toString(16)}`).join(', ');
      throw new DeviceError(
        'device.offline',
        `${name}: no HID POS interface attached${others ? ` (found ${others}: set the scanner to HID POS mode)` : ''}`,
      );
    }
    const hid = await HID.HIDAsync.open(device.path);
    return {
      description: `${name} ${device.path}`,
      onReport: (listener) => hid.on('data', (data: Buffer) => listener(new Uint8Array(data))),
      onError: (listener) => hid.on('error', (e: unknown) => listener(e instanceof Error ? e : new Error(String(e)))),
      close: () => hid.close().catch(() => undefined),
    };
  };
}

export class HidTransport implements ByteTransport {
  readonly description: string;
  readonly duplex = false;
  readonly jobOriented = false;
  private readonly opener: HidOpener;
  private readonly events = new TransportEvents();
  private device: HidReportDevice | null = null;

  constructor(opener: HidOpener, description: string) {
    this.opener = opener;
    this.description = description;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.events.onData(listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    this.events.onClose(listener);
  }

  async open(): Promise<void> {
    if (this.device) return;
    const device = await this.opener();
    this.device = device;
    this.events.armed();
    device.onReport((report) => {
      if (this.device === device) this.events.data(report);
    });
    device.onError((error) => {
      if (this.device !== device) return;
      this.device = null;
      void device.close();
      this.events.lost(new DeviceError('device.offline', `${device.description}: ${error.message}`, { cause: error }));
    });
  }

  write(): Promise<void> {
    return Promise.reject(new DeviceError('device.unsupported', `${this.description}: scanners take no output here`));
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = null;
    this.events.disarm();
    if (device) await device.close();
  }
}
