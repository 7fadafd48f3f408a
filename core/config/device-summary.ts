import { PAPER_DEFAULTS, type DeviceConfig, type TransportConfig } from './devices.ts';

// One line per device for the settings screen: how it is connected and the settings IT
// chose, in the config file's own terms (so they can be found in the file again).

export interface DeviceSetting {
  /** The config field, e.g. "paper", "encoding", "sensor" (the UI labels the ones it knows). */
  key: string;
  value: string;
}

export interface DeviceSummary {
  /** "tcp 192.168.1.50:9100", "serial /dev/ttyUSB0 9600 8N1", "spooler Receipt", "via printer receipt". */
  connection: string;
  settings: DeviceSetting[];
}

export function describeTransport(t: TransportConfig): string {
  switch (t.kind) {
    case 'tcp':
      return `tcp ${t.host}:${t.port}`;
    case 'serial':
      return `serial ${t.path} ${t.baudRate} ${t.dataBits}${t.parity[0]!.toUpperCase()}${t.stopBits}${t.flowControl !== 'none' ? ` ${t.flowControl}` : ''}`;
    case 'device-file':
      return `device-file ${t.path}${t.bidirectional ? ' (bidirectional)' : ''}`;
    case 'spooler':
      return `spooler ${t.queue}`;
    case 'hid': {
      const hex = (n: number) => n.toString(16).padStart(4, '0');
      return `hid ${hex(t.vendorId)}:${hex(t.productId)}${t.path ? ` ${t.path}` : ''}`;
    }
  }
}

/** `encoding` is the printer's resolved encoding (config or store locale), when known. */
export function describeDevice(device: DeviceConfig, encoding?: string): DeviceSummary {
  switch (device.type) {
    case 'printer':
      return {
        connection: describeTransport(device.transport),
        settings: [
          { key: 'commandSet', value: device.commandSet },
          { key: 'paper', value: `${device.paper.widthMm} mm` },
          { key: 'columns', value: String(device.paper.columns ?? PAPER_DEFAULTS[device.paper.widthMm].columns) },
          { key: 'encoding', value: encoding ?? device.encoding ?? 'locale' },
          { key: 'confirm', value: device.status.confirm ?? 'auto' },
          ...(device.logo ? [{ key: 'logo', value: device.logo.file }] : []),
        ],
      };
    case 'drawer':
      return {
        connection:
          device.connection.kind === 'printer' ? `printer ${device.connection.printer}` : describeTransport(device.connection.transport),
        settings: [
          { key: 'sensor', value: device.sensor.polarity },
          { key: 'pulse', value: `pin ${device.pulse.pin}, ${device.pulse.onMs}/${device.pulse.offMs} ms` },
          { key: 'alarm', value: device.alarmAfterSeconds === null ? 'off' : `${device.alarmAfterSeconds} s` },
        ],
      };
    case 'scanner':
      return { connection: describeTransport(device.transport), settings: [{ key: 'suffix', value: device.suffix }] };
    case 'display':
      return {
        connection: describeTransport(device.transport),
        settings: [
          { key: 'size', value: `${device.columns} x ${device.rows}` },
          { key: 'encoding', value: device.encoding },
        ],
      };
    case 'scale':
      return {
        connection: describeTransport(device.transport),
        settings: [
          { key: 'protocol', value: device.protocol },
          { key: 'settle', value: `${device.settleMs} ms` },
          { key: 'tares', value: String(Object.keys(device.tares).length) },
        ],
      };
  }
}
