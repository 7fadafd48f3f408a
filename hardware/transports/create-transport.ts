// The transport for a device's configured link.
import type { TransportConfig } from '../../core/config/devices.ts';
import { DeviceError } from '../device.ts';
import { DeviceFileTransport } from './device-file.ts';
import { HidTransport, nodeHidOpener, type HidOpener } from './hid.ts';
import { SerialTransport } from './serial.ts';
import { SpoolerTransport } from './spooler.ts';
import { TcpTransport } from './tcp.ts';
import type { ByteTransport } from './transport.ts';

export interface TransportSeams {
  /** Opens HID devices; default node-hid. Tests pass recorded reports here. */
  hidOpener?: HidOpener;
  /** The spooler's lp command; default "lp". */
  spoolerCommand?: string;
}

export function createTransport(config: TransportConfig, seams: TransportSeams = {}): ByteTransport {
  switch (config.kind) {
    case 'tcp':
      return new TcpTransport(config);
    case 'serial':
      return new SerialTransport(config);
    case 'device-file':
      return new DeviceFileTransport({ path: config.path, bidirectional: config.bidirectional });
    case 'spooler':
      return new SpoolerTransport({ queue: config.queue, ...(seams.spoolerCommand ? { command: seams.spoolerCommand } : {}) });
    case 'hid': {
      const description = `hid ${config.vendorId.toString(16).padStart(4, '0')}:${config.productId.toString(16).padStart(4, '0')}`;
      return new HidTransport(seams.hidOpener ?? nodeHidOpener(config), description);
    }
    default:
      throw new DeviceError('device.unsupported', `unknown transport ${JSON.stringify(config)}`);
  }
}
