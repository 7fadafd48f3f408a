// The receipt printer driver against the virtual printer over TCP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDevicesConfig, type DevicesConfigInput } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter, type VirtualPrinterOptions } from '../../../hardware/emulators/virtual-printer.ts';
import { ZBARIMG_MISSING, zbarSymbols, zbarimgAvailable } from '../../helpers/escpos.ts';
import { FAST_RECONNECT, collectingLog, isIdle, nextEvent, receipt, saleReceipt, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: { emulator?: VirtualPrinterOptions; printer?: Record<string, unknown> } = {},
): Promise<{ vp: VirtualPrinter; devices: TerminalDevices; out: string; lines: string[] }> {
  const out = mkdtempSync(join(tmpdir(), 'tillproof-printer-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const vp = new VirtualPrinter({ kanjiEncoding: 'big5', outDir: out, ...options.emulator });
  cleanups.push(() => vp.close());
  const port = await vp.listenTcp();
  const config: DevicesConfigInput = {
    receipt: {
      type: 'printer',
      transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 },
      encoding: 'big5',
      status: { timeoutMs: 3000, pollMs: 5000 },
      chunkBytes: 256,
      reconnect: FAST_RECONNECT,
      ...options.printer,
    },
  };
  const { log, lines } = collectingLog();
  const devices = createDevices(parseDevicesConfig(config), { log });
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.printer!, isIdle, 'idle');
  return { vp, devices, out, lines };
}

describe('receipt printer over TCP', () => {
  it('prints a receipt: the emulator renders it, and "printed" comes after the printer answered', async () => {
    const { vp, devices } = await setup();
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(1))).resolves.toEqual({ ok: true });
    const r = await printed;
    expect(r.printout.fault).toBeNull();
    expect(r.printout.warnings).toEqual([]);
    expect(r.text).toContain('Tillproof Demo 示範商店');
    expect(r.text).toMatch(/3 烏龍茶 Oolong tea {2,}105\.00/);
    expect(r.text).toContain('[CODE128 DEMO-01-1]');
    expect(readFileSync(r.files!.text, 'utf8')).toBe(r.text);
    expect(devices.printer!.statistics()).toMatchObject({ receiptsPrinted: 1 });
  });

  it.skipIf(!zbarimgAvailable)('the receipt QR code decodes from the emulator PNG with zbarimg', async () => {
    const { vp, devices } = await setup();
    const payload = 'TP1:DEMO-01:42:2026-11-22T06:45:16Z:999.00:MEUCIQDx9l2f+example/signature=';
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(42, 3, payload))).resolves.toEqual({ ok: true });
    const r = await printed;
    expect(zbarSymbols(readFileSync(r.files!.png))).toContain(`QR-Code:${payload}`);
  });
  it.skipIf(zbarimgAvailable)(ZBARIMG_MISSING, () => {});

  it('paper out mid-receipt fails the print with paper-out (ASB stops the job), and the rest prints after new paper', async () => {
    const { vp, devices } = await setup();
    vp.setPaperLines(6);
    const outcome = await devices.printer!.print(saleReceipt(2, 20));
    expect(outcome).toMatchObject({ ok: false, reason: 'paper-out' });
    expect(vp.snapshot().paperOut).toBe(true);
    await statusWhere(devices.printer!, (s) => s.state === 'error' && s.reason === 'paper-out' && s.flags?.paperOut === true, 'paper out');
    // New paper: what the printer holds comes out, ended by the cut the driver sent after the fault.
    const stub = vp.nextReceipt();
    vp.setPaperOut(false);
    expect((await stub).text).toMatch(/partial cut/);
    await statusWhere(devices.printer!, isIdle, 'idle after new paper');
    await expect(devices.printer!.print(saleReceipt(3))).resolves.toEqual({ ok: true });
    expect(devices.printer!.statistics()).toMatchObject({ receiptsPrinted: 1, printFailures: 1, paperOuts: 1 });
  });

  it('without ASB, a paper-out mid-receipt is found by the status query after the job', async () => {
    const { vp, devices } = await setup({ printer: { status: { asb: false, timeoutMs: 400, pollMs: 5000 } } });
    vp.setPaperLines(4);
    await expect(devices.printer!.print(saleReceipt(4, 12))).resolves.toMatchObject({ ok: false, reason: 'paper-out' });
  });

  it('cover opened mid-receipt fails the print with cover-open; the logo goes out in chunks', async () => {
    // A full-width logo makes the job ~30 KB, written in 512-byte chunks; the cover opens after 2 KB.
    const dir = mkdtempSync(join(tmpdir(), 'tillproof-logo-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const png = new PNG({ width: 576, height: 400 });
    for (let i = 0; i < png.data.length; i += 4) png.data.set((i / 4) % 7 < 3 ? [0, 0, 0, 255] : [255, 255, 255, 255], i);
    writeFileSync(join(dir, 'logo.png'), PNG.sync.write(png));
    const { vp, devices } = await setup({ printer: { logo: { file: join(dir, 'logo.png') }, chunkBytes: 512 } });
    const off = vp.onBytes((total) => {
      if (total > 2000) {
        off();
        vp.setCoverOpen(true);
      }
    });
    const job = devices.printer!.encode(saleReceipt(5));
    let received = 0;
    vp.onBytes((total) => (received = total));
    await expect(devices.printer!.print(saleReceipt(5))).resolves.toMatchObject({ ok: false, reason: 'cover-open' });
    expect(devices.printer!.statistics()).toMatchObject({ coverOpens: 1 });
    // The driver stopped sending at the fault, between two commands.
    expect(received).toBeLessThan(job.length);
    vp.setCoverOpen(false);
    await statusWhere(devices.printer!, isIdle, 'idle');
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(6))).resolves.toEqual({ ok: true });
    const r = await printed;
    expect(r.printout.fault).toBeNull();
    expect(
      r.printout.items
        .filter((i) => i.kind === 'image')
        .map((i) => (i.kind === 'image' ? i.height : 0))
        .slice(-4),
    ).toEqual([128, 128, 128, 16]);
  });

  it('a cover already open (control channel) fails the print before anything is sent', async () => {
    const { vp, devices } = await setup();
    const control = await vp.listenControl();
    const socket = createConnection({ host: '127.0.0.1', port: control });
    cleanups.push(() => void socket.destroy());
    socket.setEncoding('utf8');
    const reply = nextEvent<string>((l) => {
      socket.on('data', l);
      return () => socket.off('data', l);
    }, 'control reply');
    socket.write(`token ${vp.controlToken}\ncover-open\n`);
    expect(await reply).toMatch(/^ok token\n(ok cover-open\n)?$/);
    await statusWhere(devices.printer!, (s) => s.state === 'error' && s.reason === 'cover-open' && s.detail === 'cover open', 'cover open');
    const before = vp.receipts.length;
    await expect(devices.printer!.print(saleReceipt(6))).resolves.toMatchObject({
      ok: false,
      reason: 'cover-open',
      detail: expect.stringContaining('nothing was sent'),
    });
    vp.setCoverOpen(false);
    await statusWhere(devices.printer!, isIdle, 'idle');
    expect(vp.receipts.length).toBe(before);
    expect(vp.control('frobnicate')).toMatch(/^error unknown command/);
  });

  it('the connection dropped mid-receipt fails the print as offline; the driver reconnects and prints', async () => {
    const { vp, devices } = await setup();
    const off = vp.onBytes((total) => {
      if (total > 300) {
        off();
        vp.dropConnections();
      }
    });
    await expect(devices.printer!.print(saleReceipt(7, 30))).resolves.toMatchObject({ ok: false, reason: 'offline' });
    await statusWhere(devices.printer!, isIdle, 'idle after reconnecting');
    await expect(devices.printer!.print(saleReceipt(8))).resolves.toEqual({ ok: true });
    expect(devices.printer!.statistics().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('a printer that is not there: print fails offline quickly and the status says why', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const devices = createDevices(
      parseDevicesConfig({
        p: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 300 }, reconnect: FAST_RECONNECT },
      }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    await devices.start();
    const started = Date.now();
    await expect(devices.printer!.print(saleReceipt(9))).resolves.toMatchObject({
      ok: false,
      reason: 'offline',
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await statusWhere(
      devices.printer!,
      (s) => s.state === 'offline' && s.reason === 'not-connected' && /ECONNREFUSED/.test(s.detail ?? ''),
      'offline with the reason',
    );
  });

  it('the emulator is strict: an unknown command is a printer error the driver reports, until cleared', async () => {
    const { vp, devices } = await setup();
    const raw = createConnection({ host: '127.0.0.1', port: await vp.listenTcp() });
    cleanups.push(() => void raw.destroy());
    const fault = nextEvent((l) => vp.onFault(l), 'fault');
    raw.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x1b, 0x7e, 0x00));
    expect(await fault).toMatchObject({ code: 'escpos.unknown-command', offset: 3 });
    await statusWhere(devices.printer!, (s) => s.state === 'error', 'error');
    await expect(devices.printer!.print(saleReceipt(10))).resolves.toMatchObject({ ok: false, reason: 'error' });
    vp.clearError();
    await statusWhere(devices.printer!, isIdle, 'idle');
    await expect(devices.printer!.print(saleReceipt(11))).resolves.toEqual({ ok: true });
  });

  it('a document the printer cannot print (bad EAN-13) fails with error and sends nothing', async () => {
    const { vp, devices } = await setup();
    await expect(
      devices.printer!.print(receipt([{ type: 'barcode', symbology: 'EAN13', data: '1234567890123' }, { type: 'cut' }])),
    ).resolves.toMatchObject({ ok: false, reason: 'error' });
    expect(vp.receipts).toHaveLength(0);
  });
});
