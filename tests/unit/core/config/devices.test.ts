import { describe, expect, it } from 'vitest';
import { DeviceConfigError, parseDevicesConfig } from '../../../../core/config/devices.ts';

function issues(input: unknown): string[] {
  try {
    parseDevicesConfig(input);
  } catch (e) {
    if (e instanceof DeviceConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('parseDevicesConfig', () => {
  it('fills defaults: port 9100, 80 mm, ASB on, CR suffix, 2 x 20 ASCII display', () => {
    const config = parseDevicesConfig({
      receipt: { type: 'printer', transport: { kind: 'tcp', host: '192.168.1.50' } },
      drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' } },
      scanner: { type: 'scanner', transport: { kind: 'serial', path: '/dev/ttyUSB0' } },
      hid: { type: 'scanner', transport: { kind: 'hid', vendorId: '0x0c2e', productId: '0b61' } },
      pole: { type: 'display', transport: { kind: 'serial', path: '/dev/ttyUSB1' } },
    });
    expect(config.receipt).toMatchObject({
      transport: { port: 9100 },
      paper: { widthMm: 80 },
      status: { asb: true },
      commandSet: 'escpos',
    });
    expect(config.drawer).toMatchObject({ pulse: { pin: 2, onMs: 50, offMs: 500 }, sensor: { polarity: 'none' }, alarmAfterSeconds: 60 });
    expect(config.scanner).toMatchObject({ suffix: 'cr', transport: { baudRate: 9600, flowControl: 'none' } });
    expect(config.hid).toMatchObject({ transport: { vendorId: 0x0c2e, productId: 0x0b61 } });
    expect(config.pole).toMatchObject({ columns: 20, rows: 2, encoding: 'ascii' });
  });

  it('names the path of every bad field', () => {
    expect(
      issues({
        receipt: { type: 'printer', transport: { kind: 'tcp', host: 'printer.local', port: 70000 }, paper: { widthMm: 76 } },
        drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'kitchen' }, pulse: { onMs: 51 } },
        scan: { type: 'scanner', transport: { kind: 'serial', path: '/dev/ttyS0', baudRate: 9601 }, suffix: 'tab' },
      }),
    ).toEqual([
      'devices.receipt.transport.port: Too big: expected number to be <=65535',
      'devices.receipt.paper.widthMm: Invalid option: expected one of 58|80',
      'devices.drawer.pulse.onMs: the pulse is set in 2 ms steps: use an even number',
      'devices.scan.transport.baudRate: Invalid option: expected one of 1200|2400|4800|9600|19200|38400|57600|115200',
      'devices.scan.suffix: Invalid option: expected one of "cr"|"lf"|"crlf"|"timeout"',
    ]);
    // Cross-device checks run once each device is valid on its own.
    expect(issues({ drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'kitchen' } } })).toEqual([
      'devices.drawer.connection.printer: no printer "kitchen" is configured',
    ]);
    expect(issues({ 'Bad Id': { type: 'display', transport: { kind: 'serial', path: '/dev/ttyS0' } } })).toEqual([
      'devices.Bad Id: bad device id: a device id is lower-case letters, digits, ".", "_" and "-", up to 32',
    ]);
    expect(issues({ pole: { type: 'display', transport: { kind: 'serial', path: '/dev/x\n' } } })).toEqual([
      'devices.pole.transport.path: a device path cannot contain control characters',
    ]);
  });

  it('refuses settings that cannot work together', () => {
    expect(
      issues({ p: { type: 'printer', transport: { kind: 'spooler', queue: 'receipts' }, status: { confirm: 'printer-status' } } }),
    ).toEqual(['devices.p.status.confirm: a spooler transport cannot read the printer\'s status: use "write-only"']);
    expect(issues({ p: { type: 'printer', commandSet: 'star', encoding: 'big5', transport: { kind: 'tcp', host: '10.0.0.9' } } })).toEqual([
      expect.stringMatching(/^devices\.p\.encoding: Kanji text is printed in ESC\/POS only/),
    ]);
    // Star Line Mode status is read (ASB), so a Star printer may confirm receipts.
    expect(
      issues({
        p: { type: 'printer', commandSet: 'star', transport: { kind: 'tcp', host: '10.0.0.9' }, status: { confirm: 'printer-status' } },
      }),
    ).toEqual([]);
    expect(
      issues({
        a: { type: 'scanner', transport: { kind: 'serial', path: '/dev/ttyS0' } },
        b: { type: 'display', transport: { kind: 'serial', path: '/dev/ttyS0' } },
      }),
    ).toEqual(['devices.b.transport: "a" already uses /dev/ttyS0']);
    // Several receipt printers are fine; one of them at most is the primary.
    expect(
      issues({
        p: { type: 'printer', transport: { kind: 'tcp', host: 'x' } },
        q: { type: 'printer', transport: { kind: 'tcp', host: 'y' } },
      }),
    ).toEqual([]);
    expect(
      issues({
        p: { type: 'printer', primary: true, transport: { kind: 'tcp', host: 'x' } },
        q: { type: 'printer', primary: true, transport: { kind: 'tcp', host: 'y' } },
      }),
    ).toEqual(['devices.q.primary: only one primary printer per terminal ("p" is already one)']);
    expect(
      issues({
        p: { type: 'printer', transport: { kind: 'tcp', host: 'x' } },
        q: { type: 'printer', transport: { kind: 'tcp', host: 'x' } },
      }),
    ).toEqual(['devices.q.transport: "p" already uses x:9100']);
    expect(
      issues({
        d: {
          type: 'drawer',
          connection: { kind: 'standalone', transport: { kind: 'serial', path: '/dev/ttyS1' } },
          sensor: { polarity: 'low-is-open' },
        },
      }),
    ).toEqual(['devices.d.connection.statusQuery: a sensor polarity needs the status query bytes of the drawer interface']);
  });

  it('parses hex drawer commands', () => {
    const config = parseDevicesConfig({
      d: {
        type: 'drawer',
        connection: {
          kind: 'standalone',
          transport: { kind: 'serial', path: '/dev/ttyS1' },
          openCommand: '1b 70 00 19 fa',
          statusQuery: '05',
        },
      },
    });
    expect(config.d).toMatchObject({ connection: { openCommand: [0x1b, 0x70, 0x00, 0x19, 0xfa], statusQuery: [0x05] } });
  });

  it('fills a scale with the 8217 defaults (9600 7E1) and checks its fields', () => {
    const config = parseDevicesConfig({
      scale: { type: 'scale', transport: { kind: 'serial', path: '/dev/ttyUSB2' }, tares: { '1046': 15 } },
    });
    expect(config.scale).toMatchObject({
      protocol: 'toledo',
      transport: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
      replyTimeoutMs: 1000,
      settleMs: 3000,
      minimumGrams: 2,
      tares: { '1046': 15 },
    });
    expect(
      issues({
        a: { type: 'scale', transport: { kind: 'tcp', host: '10.0.0.9' }, tares: { '1046': 1.5 } },
        b: { type: 'scale', transport: { kind: 'serial', path: '/dev/ttyUSB3' }, protocol: 'cas' },
      }),
    ).toEqual([
      'devices.a.transport.port: Invalid input: expected number, received undefined',
      'devices.a.tares.1046: Invalid input: expected int, received number',
      'devices.b.protocol: Invalid input: expected "toledo"',
    ]);
    expect(
      issues({
        a: { type: 'scale', transport: { kind: 'serial', path: '/dev/ttyUSB2' } },
        b: { type: 'scale', transport: { kind: 'serial', path: '/dev/ttyUSB2' } },
      }),
    ).toEqual(['devices.b.type: only one scale per terminal ("a" is already one)', 'devices.b.transport: "a" already uses /dev/ttyUSB2']);
  });
});
