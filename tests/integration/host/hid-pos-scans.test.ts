// A HID POS scanner in front of the whole host. This machine has no virtual HID device (the
// kernel's uhid module is not loaded: no /dev/uhid, and a node made for it answers ENODEV even as
// root), so the reports are built here by hand from the HID Point of Sale Usage Tables (usage
// page 0x8C, Bar Code Scanner), not by the project's report feeder: the Scanned Data Report
// (usage 0x12) carries a byte count (Generic Desktop 0x3B), Symbology Identifier 1-3
// (0xFB-0xFD), the Decoded Data buffer (0xFE) and the Decode Data Continued flag (0xFF), in the
// 64-byte input report with ID 2 that scanners in HID POS mode send (Honeywell, Zebra, Datalogic).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import type { EventPayload } from '../../../core/contract/events.ts';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { createDevices } from '../../../hardware/create-devices.ts';
import type { HidReportDevice } from '../../../hardware/transports/hid.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import { isIdle, statusWhere, until } from '../hardware/helpers.ts';

/** Usage page 0x8C fields of the Scanned Data Report, in report order, with their sizes in bytes. */
const SCANNED_DATA_REPORT = {
  reportId: 0x02,
  fields: [
    { usage: 'Byte Count (Generic Desktop 0x3B)', bytes: 1 },
    { usage: 0xfb, bytes: 1 }, // Symbology Identifier 1 (']')
    { usage: 0xfc, bytes: 1 }, // Symbology Identifier 2 (code character)
    { usage: 0xfd, bytes: 1 }, // Symbology Identifier 3 (modifier)
    { usage: 0xfe, bytes: 56 }, // Decoded Data
    { usage: 'vendor', bytes: 2 },
    { usage: 0xff, bytes: 1 }, // Decode Data Continued (bit 0)
  ],
} as const;

/** One Scanned Data Report: `data` (at most 56 bytes), its AIM identifier, and whether more follows. */
function scannedDataReport(data: string, aim: string, continued: boolean): Uint8Array {
  const values = new Map<string | number, number[]>([
    ['Byte Count (Generic Desktop 0x3B)', [data.length]],
    [0xfb, [aim.charCodeAt(0)]],
    [0xfc, [aim.charCodeAt(1)]],
    [0xfd, [aim.charCodeAt(2)]],
    [0xfe, [...Buffer.from(data, 'latin1')]],
    ['vendor', [0, 0]],
    [0xff, [continued ? 1 : 0]],
  ]);
  const bytes: number[] = [SCANNED_DATA_REPORT.reportId];
  for (const field of SCANNED_DATA_REPORT.fields) {
    const value = values.get(field.usage) ?? [];
    bytes.push(...value, ...Array<number>(field.bytes - value.length).fill(0));
  }
  return Uint8Array.from(bytes);
}

/** The scanner as the HID transport sees it: one whole input report per data event. */
class HandBuiltScanner implements HidReportDevice {
  readonly description = 'hand-built HID POS reports';
  private listener: ((report: Uint8Array) => void) | null = null;
  onReport(listener: (report: Uint8Array) => void): void {
    this.listener = listener;
  }
  onError(): void {}
  async close(): Promise<void> {}
  send(...reports: Uint8Array[]): void {
    for (const r of reports) this.listener?.(r);
  }
}

let runtime: TerminalRuntime;
let dataDir: string;
const device = new HandBuiltScanner();
const scans: Array<EventPayload<'scan.received'>> = [];

async function read(...reports: Uint8Array[]): Promise<EventPayload<'scan.received'>> {
  const before = scans.length;
  device.send(...reports);
  await until(() => scans.length > before, 'the outcome of a HID read');
  return scans[before]!;
}

describe('a HID POS scanner through the host (reports built from the usage tables)', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tillproof-hidpos-'));
    const devices = { hid: { type: 'scanner', transport: { kind: 'hid', vendorId: '0c2e', productId: '0b61' } } };
    const config = parseConfig({ ...DEMO_CONFIG, devices }, 'hid test');
    const hardware = createDevices(parseDevicesConfig(devices), { hidOpener: () => async () => device, scanConfig: config.scan });
    runtime = startTerminal({ dataDir, config, demo: true, hardware, printer: new MemoryPrinter('p'), drawer: new MemoryDrawer('d') });
    runtime.subscribe((event, payload) => {
      if (event === 'scan.received') scans.push(payload as EventPayload<'scan.received'>);
    });
    await statusWhere(hardware.scanners[0]!, isIdle, 'idle');
  });

  afterAll(async () => {
    await runtime?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a report is 64 bytes with the report ID first, as the usage table lays it out', () => {
    expect(scannedDataReport('4711037000012', ']E0', false)).toHaveLength(64);
  });

  it('a Code 128 staff badge signs in; an EAN-13 item is added', async () => {
    expect(await read(scannedDataReport('DEMO-BADGE-1001', ']C0', false))).toMatchObject({ source: 'hid', outcome: 'signed-in' });
    expect(await read(scannedDataReport('4711037000012', ']E0', false))).toMatchObject({ source: 'hid', outcome: 'added' });
    expect((await runtime.handlers['session.state']({})).sale?.lines).toHaveLength(1);
  });

  it('a read split over two reports (Decode Data Continued) is one scan; a bad check digit is refused once', async () => {
    const gs1 = `0104711037000012\x1d10${'L'.repeat(20)}\x1d21${'S'.repeat(20)}`;
    const first = scannedDataReport(gs1.slice(0, 56), ']d2', true);
    const second = scannedDataReport(gs1.slice(56), ']d2', false);
    const before = scans.length;
    expect(await read(first, second)).toMatchObject({ source: 'hid' });
    expect(scans.length).toBe(before + 1);
    expect(await read(scannedDataReport('4711037000013', ']E0', false))).toMatchObject({
      ok: false,
      outcome: 'refused',
      errorCode: 'barcode.bad-check-digit',
    });
  });

  it('on a locked till an item is refused and told, and the staff badge unlocks it (#19 items 2, 5)', async () => {
    await runtime.handlers['session.lock']({});
    expect(await read(scannedDataReport('4711037000012', ']E0', false))).toMatchObject({
      ok: false,
      outcome: 'refused',
      errorCode: 'scan.till-locked',
    });
    expect(await read(scannedDataReport('DEMO-BADGE-1001', ']C0', false))).toMatchObject({ source: 'hid', outcome: 'unlocked' });
    expect((await runtime.handlers['session.state']({})).locked).toBe(false);
  });
});
