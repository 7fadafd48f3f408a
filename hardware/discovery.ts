// What is attached to this machine, for `tillproof devices list`: serial ports, HID POS
// scanners (usage page 0x8C) and USB/parallel printer device files. Best effort: a source
// that cannot be read (no udev in a container, no HID access) is reported, not thrown.
import { readdirSync } from 'node:fs';
import { errorWithCode } from './error-message.ts';

export interface AttachedDevice {
  kind: 'serial' | 'hid-pos' | 'printer-file';
  path: string;
  description: string;
}

export interface Discovery {
  devices: AttachedDevice[];
  problems: string[];
}

export async function discoverDevices(): Promise<Discovery> {
  const devices: AttachedDevice[] = [];
  const problems: string[] = [];
  try {
    const { SerialPort } = await import('serialport');
    for (const p of await SerialPort.list()) {
      devices.push({
        kind: 'serial',
        path: p.path,
        description:
          [p.manufacturer, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : undefined].filter(Boolean).join(' ') ||
          'serial port',
      });
    }
  } catch (e) {
    problems.push(`serial ports: ${errorWithCode(e)}`);
  }
  try {
    const HID = await import('node-hid');
    for (const d of await HID.devicesAsync()) {
      if (d.usagePage !== 0x8c || !d.path) continue;
      const id = `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`;
      devices.push({
        kind: 'hid-pos',
        path: d.path,
        description: `${[d.manufacturer, d.product].filter(Boolean).join(' ')} (${id})`.trim(),
      });
    }
  } catch (e) {
    problems.push(`HID devices: ${errorWithCode(e)}`);
  }
  for (const [dir, prefix] of [
    ['/dev/usb', 'lp'],
    ['/dev', 'lp'],
  ] as const) {
    try {
      for (const name of readdirSync(dir))
        if (new RegExp(`^${prefix}\\d+$`).test(name))
          devices.push({ kind: 'printer-file', path: `${dir}/${name}`, description: dir === '/dev/usb' ? 'USB printer' : 'parallel port' });
    } catch {
      // No such directory: no printers of that kind.
    }
  }
  return { devices, problems };
}
