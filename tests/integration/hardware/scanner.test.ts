// Scanners: a serial scanner emulator on a socat pty pair, and a HID POS scanner fed recorded
// reports through the HID seam. Every scan the host gets is whole and valid; everything else
// is a rejection with its reason.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import type { ScanEvent, ScanRejection } from '../../../core/ports/scanner.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { SerialScannerEmulator } from '../../../hardware/emulators/serial-scanner-emulator.ts';
import { HidFeeder, hidPosReports } from '../../../hardware/emulators/hid-report-feeder.ts';
import type { ScanSuffix } from '../../../core/scanning/framing.ts';
import { FAST_RECONNECT, SOCAT_MISSING, collectingLog, isIdle, nextEvent, socatAvailable, statusWhere, until } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Reads {
  scans: ScanEvent[];
  rejections: ScanRejection[];
  next: (what: string) => Promise<ScanEvent | ScanRejection>;
}

function watch(devices: TerminalDevices): Reads {
  const reads: Reads = {
    scans: [],
    rejections: [],
    next: (what) =>
      nextEvent<ScanEvent | ScanRejection>((l) => {
        const a = devices.onScan(l);
        const b = devices.onScanRejected(l);
        return () => {
          a();
          b();
        };
      }, what),
  };
  devices.onScan((s) => reads.scans.push(s));
  devices.onScanRejected((r) => reads.rejections.push(r));
  return reads;
}

describe.skipIf(!socatAvailable)('serial scanner (socat pty pair)', () => {
  async function setup(
    suffix: ScanSuffix = 'cr',
    interByteTimeoutMs = 40,
  ): Promise<{ emulator: SerialScannerEmulator; devices: TerminalDevices; reads: Reads }> {
    const emulator = await SerialScannerEmulator.start({ suffix });
    cleanups.push(() => emulator.close());
    const devices = createDevices(
      parseDevicesConfig({
        scanner: {
          type: 'scanner',
          transport: { kind: 'serial', path: emulator.hostPath },
          suffix,
          interByteTimeoutMs,
          reconnect: FAST_RECONNECT,
        },
      }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    const reads = watch(devices);
    await devices.start();
    await statusWhere(devices.scanners[0]!, isIdle, 'idle');
    return { emulator, devices, reads };
  }

  it.each(['cr', 'lf', 'crlf'] as const)('delivers whole scans framed by %s, with the source for sale.scan', async (suffix) => {
    const { emulator, reads } = await setup(suffix);
    const first = reads.next('first scan');
    await emulator.scan('4006381333931');
    expect(await first).toEqual({ code: '4006381333931', source: 'serial', deviceId: 'scanner' });
    const second = reads.next('GS1 scan');
    await emulator.scan(']C1010061414199999610ABC123');
    expect(await second).toMatchObject({ code: ']C1010061414199999610ABC123' });
  });

  it('frames by pause in timeout mode', async () => {
    const { emulator, reads } = await setup('timeout');
    const read = reads.next('scan');
    await emulator.write('96385074');
    expect(await read).toMatchObject({ code: '96385074' });
  });

  it('timeout mode: a scan split by a stall never becomes two items; the tail is refused as a possible split', async () => {
    // A 1 s pause ends a read, so the split guard is 2 s: the tail written as soon as the head
    // is refused starts well inside it, however busy the machine.
    const { emulator, reads } = await setup('timeout', 1000);
    const head = reads.next('head of the split scan');
    await emulator.write('40063813');
    expect(await head).toMatchObject({ reason: 'barcode.bad-check-digit' });
    // The tail alone is a valid EAN-8 (96385074, the GS1 General Specifications' example).
    const tail = reads.next('tail of the split scan');
    await emulator.write('96385074');
    expect(await tail).toMatchObject({ reason: 'scan.split', detail: expect.stringMatching(/may be its tail/) });
    expect(reads.scans).toEqual([]);
  });

  it('rejects noise and partial reads, and never turns them into an item', async () => {
    const { emulator, reads } = await setup();
    const noise = reads.next('noise');
    await emulator.write(Uint8Array.of(0x34, 0x30, 0xfe, 0x91, 0x33, 0x0d));
    expect(await noise).toMatchObject({ reason: 'scan.noise' });
    // Half an EAN-13, then nothing: the suffix never comes.
    const partial = reads.next('partial');
    await emulator.write('400638');
    expect(await partial).toMatchObject({ reason: 'scan.partial' });
    // The rest arriving late is refused too ("1333931" must not be read as a code).
    const rest = reads.next('late rest');
    await emulator.write('1333931\r');
    expect(await rest).toMatchObject({ reason: 'scan.partial' });
    const invalid = reads.next('bad check digit');
    await emulator.scan('4006381333932');
    expect(await invalid).toMatchObject({ reason: 'barcode.bad-check-digit' });
    const good = reads.next('good scan');
    await emulator.scan('4006381333931');
    expect(await good).toMatchObject({ code: '4006381333931' });
    expect(reads.scans.map((s) => s.code)).toEqual(['4006381333931']);
    expect(reads.rejections.map((r) => r.reason)).toEqual(['scan.noise', 'scan.partial', 'scan.partial', 'barcode.bad-check-digit']);
    expect(emulator.hostPath).toBeTruthy();
  });

  it('unplugged mid-scan: the half scan is refused, the scanner comes back and reads', async () => {
    // A long inter-byte timeout: the half scan is cut by the unplug, not by a pause.
    const { emulator, devices, reads } = await setup('cr', 2000);
    const scanner = devices.scanners[0]!;
    await emulator.write('40063813');
    await until(() => scanner.readInProgress(), 'the half scan to reach the driver');
    const partial = reads.next('partial at unplug');
    await emulator.unplug();
    expect(await partial).toMatchObject({ reason: 'scan.partial' });
    await statusWhere(scanner, (s) => s.state === 'offline', 'offline');
    await emulator.plugIn();
    await statusWhere(scanner, isIdle, 'idle after plugging in');
    const good = reads.next('scan after reconnect');
    await emulator.scan('96385074');
    expect(await good).toMatchObject({ code: '96385074' });
    expect(scanner.statistics()).toMatchObject({ goodScans: 1, rejectedScans: 1, disconnects: 1, reconnects: 1 });
  });
});

describe.skipIf(socatAvailable)('serial scanner', () => {
  it.skip(SOCAT_MISSING, () => {});
});

describe('HID POS scanner (recorded reports through the HID seam)', () => {
  async function setup(): Promise<{ feeder: HidFeeder; devices: TerminalDevices; reads: Reads }> {
    const feeder = new HidFeeder();
    const devices = createDevices(
      parseDevicesConfig({
        hid: { type: 'scanner', transport: { kind: 'hid', vendorId: '0c2e', productId: '0b61' }, reconnect: FAST_RECONNECT },
      }),
      {
        log: collectingLog().log,
        hidOpener: () => feeder.opener,
      },
    );
    cleanups.push(() => devices.stop());
    const reads = watch(devices);
    await devices.start();
    await statusWhere(devices.scanners[0]!, isIdle, 'idle');
    return { feeder, devices, reads };
  }

  it('reads a one-report scan, a two-report GS1 DataMatrix and a three-report QR code, joined by continuation', async () => {
    const { feeder, reads } = await setup();
    const ean = reads.next('EAN-13');
    feeder.current!.feed(...hidPosReports('4006381333931', ']E0'));
    expect(await ean).toEqual({ code: ']E04006381333931', source: 'hid', deviceId: 'hid' });
    const gs1 = `0104012345678901\x1d21${'S'.repeat(20)}\x1d10${'L'.repeat(20)}\x1d17261231`;
    expect(hidPosReports(gs1, ']d2')).toHaveLength(2);
    const dm = reads.next('DataMatrix');
    feeder.current!.feed(...hidPosReports(gs1, ']d2'));
    expect(await dm).toMatchObject({ code: `]d2${gs1}` });
    const url = `https://tillproof.example/coupon/${'c0ffee'.repeat(16)}`;
    expect(hidPosReports(url, ']Q1')).toHaveLength(3);
    const qr = reads.next('QR');
    feeder.current!.feed(...hidPosReports(url, ']Q1'));
    expect(await qr).toMatchObject({ code: `]Q1${url}` });
  });

  it('refuses a read whose continuation report is lost', async () => {
    const { feeder, reads } = await setup();
    const [first] = hidPosReports(`0104012345678901\x1d21${'Z'.repeat(60)}`, ']d2');
    const partial = reads.next('partial');
    feeder.current!.feed(first!);
    expect(await partial).toMatchObject({ reason: 'scan.partial', source: 'hid' });
    expect(reads.scans).toEqual([]);
  });

  it('unplugged: offline, reopened with backoff when it is back', async () => {
    const { feeder, devices, reads } = await setup();
    const scanner = devices.scanners[0]!;
    feeder.plugged = false;
    feeder.current!.unplug();
    await statusWhere(scanner, (s) => s.state === 'offline', 'offline');
    feeder.plugged = true;
    await statusWhere(scanner, isIdle, 'idle again');
    expect(feeder.devices).toHaveLength(2);
    expect(feeder.devices[0]!.closed).toBe(true);
    const read = reads.next('scan on the new device');
    feeder.current!.feed(...hidPosReports('96385074', ']E4'));
    expect(await read).toMatchObject({ code: ']E496385074' });
  });
});
