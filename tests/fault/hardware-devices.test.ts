// A device failure never reaches the host as an exception: devices that are not there,
// links that drop mid-job again and again, emulators that vanish, listeners that throw.
// Every call resolves to an outcome value; no unhandled rejection or uncaught exception
// happens in this process, and a host process driving failing devices exits cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDevicesConfig } from '../../core/config/devices.ts';
import { createDevices } from '../../hardware/create-devices.ts';
import { VirtualPrinter } from '../../hardware/emulators/virtual-printer.ts';
import { SerialScannerEmulator } from '../../hardware/emulators/serial-scanner-emulator.ts';
import type { DeviceLog } from '../../hardware/device.ts';
import { FAST_RECONNECT, isIdle, saleReceipt, socatAvailable, statusWhere } from '../integration/hardware/helpers.ts';

const escaped: unknown[] = [];
const onRejection = (e: unknown): void => void escaped.push(e);
const onException = (e: unknown): void => void escaped.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

const errors: string[] = [];
const log: DeviceLog = {
  info: () => undefined,
  warn: () => undefined,
  error: (message) => errors.push(message),
};

/** Lets pending timers, sockets and promise callbacks run, so late failures would show. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

describe('device failures stay inside the devices', () => {
  it('devices that are not there: every call resolves to a failure outcome; listeners that throw are contained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillproof-fault-'));
    try {
      const devices = createDevices(
        parseDevicesConfig({
          receipt: {
            type: 'printer',
            transport: { kind: 'tcp', host: '127.0.0.1', port: 9, connectTimeoutMs: 200 },
            reconnect: FAST_RECONNECT,
          },
          drawer: {
            type: 'drawer',
            connection: { kind: 'printer', printer: 'receipt' },
            sensor: { polarity: 'high-is-open', confirmMs: 100 },
            alarmAfterSeconds: 0.05,
          },
          serial: { type: 'scanner', transport: { kind: 'serial', path: join(dir, 'no-such-tty') }, reconnect: FAST_RECONNECT },
          hid: { type: 'scanner', transport: { kind: 'hid', vendorId: 1, productId: 2 }, reconnect: FAST_RECONNECT },
          pole: { type: 'display', transport: { kind: 'device-file', path: join(dir, 'no-such-display') }, reconnect: FAST_RECONNECT },
        }),
        {
          log,
          hidOpener: () => async () => {
            throw new Error('libusb: no device');
          },
        },
      );
      devices.onStatus(() => {
        throw new Error('a broken status listener');
      });
      devices.onScanRejected(() => {
        throw new Error('a broken rejection listener');
      });
      await devices.start();
      const outcomes = await Promise.all([
        devices.printer!.print(saleReceipt(1)),
        devices.printer!.print(saleReceipt(2)),
        devices.drawer!.open(),
        devices.display!.show({ total: { label: 'TOTAL', amount: '1.00' } }),
        devices.display!.clear(),
      ]);
      for (const o of outcomes) expect(o).toMatchObject({ ok: false, reason: 'offline' });
      expect(devices.statuses().map((s) => s.state)).toEqual(['offline', 'offline', 'offline', 'offline', 'offline']);
      await settle();
      await devices.stop();
      await devices.stop();
      expect(await devices.printer!.print(saleReceipt(3))).toMatchObject({ ok: false, reason: 'offline' });
      expect(errors.some((e) => e.includes('listener threw'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await settle();
    expect(escaped).toEqual([]);
  });

  it('a printer whose link drops mid-job, again and again, while jobs and drawer kicks queue up', async () => {
    const vp = new VirtualPrinter({ drawerCloseAfterMs: 20 });
    const port = await vp.listenTcp();
    let drops = 0;
    vp.onBytes((total) => {
      if (total > 400 * (drops + 1) && drops < 6) {
        drops++;
        vp.dropConnections();
      }
    });
    const devices = createDevices(
      parseDevicesConfig({
        receipt: {
          type: 'printer',
          transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 300 },
          status: { timeoutMs: 500, pollMs: 100 },
          chunkBytes: 128,
          reconnect: FAST_RECONNECT,
        },
        drawer: {
          type: 'drawer',
          connection: { kind: 'printer', printer: 'receipt' },
          sensor: { polarity: 'high-is-open', confirmMs: 300 },
        },
      }),
      { log },
    );
    await devices.start();
    await statusWhere(devices.printer!, isIdle, 'idle');
    const jobs = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? devices.drawer!.open() : devices.printer!.print(saleReceipt(i, 10))));
    const outcomes = await Promise.all(jobs);
    for (const o of outcomes) expect(o.ok || ['offline', 'error', 'timeout'].includes(o.reason)).toBe(true);
    expect(outcomes.some((o) => !o.ok)).toBe(true);
    // The emulator disappears altogether mid-job.
    const last = devices.printer!.print(saleReceipt(99, 40));
    await vp.close();
    expect(await last).toMatchObject({ ok: false });
    await statusWhere(devices.printer!, (s) => s.state === 'offline', 'offline');
    await devices.stop();
    await settle();
    expect(escaped).toEqual([]);
  });

  it.skipIf(!socatAvailable)('a serial scanner whose cable is pulled repeatedly while it scans', async () => {
    const emulator = await SerialScannerEmulator.start();
    const devices = createDevices(
      parseDevicesConfig({
        s: { type: 'scanner', transport: { kind: 'serial', path: emulator.hostPath }, interByteTimeoutMs: 30, reconnect: FAST_RECONNECT },
      }),
      { log },
    );
    const scans: string[] = [];
    devices.onScan((s) => scans.push(s.code));
    await devices.start();
    for (let round = 0; round < 4; round++) {
      await statusWhere(devices.scanners[0]!, isIdle, 'idle');
      await emulator.write('400638');
      await emulator.unplug();
      await emulator.plugIn();
    }
    await devices.stop();
    await emulator.close();
    await settle();
    expect(scans).toEqual([]);
    expect(escaped).toEqual([]);
  });

  it('a host process driving failing devices ends cleanly (exit 0, nothing unhandled)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tillproof-fault-host-'));
    const root = resolve(import.meta.dirname, '../..');
    const script = join(dir, 'host.ts');
    writeFileSync(
      script,
      `import { parseDevicesConfig } from '${root}/core/config/devices.ts';
import { createDevices } from '${root}/hardware/create-devices.ts';
import { VirtualPrinter } from '${root}/hardware/emulators/virtual-printer.ts';
const vp = new VirtualPrinter();
const port = await vp.listenTcp();
vp.onBytes(() => vp.dropConnections());
const devices = createDevices(parseDevicesConfig({
  receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port }, status: { timeoutMs: 200, pollMs: 100 }, reconnect: { initialMs: 10, maxMs: 50 } },
  drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' } },
  gone: { type: 'scanner', transport: { kind: 'serial', path: '${dir}/nothing' }, reconnect: { initialMs: 10, maxMs: 50 } },
}), { log: { info: () => {}, warn: () => {}, error: () => {} } });
devices.onStatus(() => { throw new Error('listener'); });
await devices.start();
const doc = { receiptNo: 1, kind: 'sale', copyNo: 0, training: false, width: 48, lines: [{ type: 'text', text: 'x' }, { type: 'cut' }] };
for (let i = 0; i < 10; i++) await Promise.all([devices.printer.print(doc), devices.drawer.open()]);
await vp.close();
for (let i = 0; i < 3; i++) await devices.printer.print(doc);
await devices.stop();
console.log('done');
`,
    );
    try {
      const result = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
        const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => done({ code, out, err }));
      });
      expect(result.err).toBe('');
      expect(result).toMatchObject({ code: 0, out: 'done\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
