import { describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../../core/config/devices.ts';
import { describeDevice } from '../../../../core/config/device-summary.ts';

const devices = parseDevicesConfig(
  {
    receipt: { type: 'printer', transport: { kind: 'tcp', host: '192.168.1.50' }, paper: { widthMm: 58 } },
    drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' }, sensor: { polarity: 'high-is-open' } },
    scanner: {
      type: 'scanner',
      transport: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600, parity: 'even', dataBits: 7 },
      suffix: 'crlf',
    },
    hid: { type: 'scanner', transport: { kind: 'hid', vendorId: '05e0', productId: 4608 } },
    pole: { type: 'display', transport: { kind: 'device-file', path: '/dev/usb/pole', bidirectional: true } },
    scale: { type: 'scale', transport: { kind: 'serial', path: '/dev/ttyUSB2' }, tares: { '1046': 15 } },
  },
  'devices',
);
const spooled = parseDevicesConfig(
  { spool: { type: 'printer', transport: { kind: 'spooler', queue: 'Receipt_1' }, status: { confirm: 'write-only' } } },
  'devices',
);

describe('device summaries for the settings screen', () => {
  it('says how each device is connected, in the config file’s terms', () => {
    expect(describeDevice(devices.receipt!, 'big5')).toEqual({
      connection: 'tcp 192.168.1.50:9100',
      settings: [
        { key: 'commandSet', value: 'escpos' },
        { key: 'paper', value: '58 mm' },
        { key: 'columns', value: '32' },
        { key: 'encoding', value: 'big5' },
        { key: 'confirm', value: 'auto' },
      ],
    });
    expect(describeDevice(devices.drawer!).connection).toBe('printer receipt');
    expect(describeDevice(devices.drawer!).settings).toContainEqual({ key: 'sensor', value: 'high-is-open' });
    expect(describeDevice(devices.scanner!)).toEqual({
      connection: 'serial /dev/ttyUSB0 9600 7E1',
      settings: [{ key: 'suffix', value: 'crlf' }],
    });
    expect(describeDevice(devices.hid!).connection).toBe('hid 05e0:1200');
    expect(describeDevice(devices.pole!)).toEqual({
      connection: 'device-file /dev/usb/pole (bidirectional)',
      settings: [
        { key: 'size', value: '20 x 2' },
        { key: 'encoding', value: 'ascii' },
      ],
    });
    expect(describeDevice(devices.scale!)).toEqual({
      connection: 'serial /dev/ttyUSB2 9600 7E1',
      settings: [
        { key: 'protocol', value: 'toledo' },
        { key: 'settle', value: '3000 ms' },
        { key: 'tares', value: '1' },
      ],
    });
    expect(describeDevice(spooled.spool!).connection).toBe('spooler Receipt_1');
    expect(describeDevice(spooled.spool!).settings).toContainEqual({ key: 'confirm', value: 'write-only' });
  });
});
