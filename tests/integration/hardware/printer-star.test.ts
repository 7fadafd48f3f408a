// The receipt printer driver in Star Line Mode against the virtual printer playing a Star
// printer over TCP on 127.0.0.1: ESC ACK SOH before the job, ETB after it, ASB replies.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDevicesConfig, type DevicesConfigInput } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter, type VirtualPrinterOptions } from '../../../hardware/emulators/virtual-printer.ts';
import { FAST_RECONNECT, collectingLog, isIdle, isOffline, saleReceipt, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: { emulator?: VirtualPrinterOptions; printer?: Record<string, unknown> } = {},
): Promise<{ vp: VirtualPrinter; devices: TerminalDevices; lines: string[] }> {
  const out = mkdtempSync(join(tmpdir(), 'tillproof-star-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const vp = new VirtualPrinter({ commandSet: 'star', outDir: out, ...options.emulator });
  cleanups.push(() => vp.close());
  const port = await vp.listenTcp();
  const config: DevicesConfigInput = {
    receipt: {
      type: 'printer',
      commandSet: 'star',
      transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 },
      encoding: 'ascii',
      status: { timeoutMs: 3000, pollMs: 5000 },
      reconnect: FAST_RECONNECT,
      ...options.printer,
    },
  };
  const { log, lines } = collectingLog();
  const devices = createDevices(parseDevicesConfig(config), { log });
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.printer!, isIdle, 'idle');
  return { vp, devices, lines };
}

const etbCounter = (vp: VirtualPrinter): number => (JSON.parse(vp.control('status').slice(3)) as { etbCounter: number }).etbCounter;

describe('Star Line Mode receipt printer over TCP', () => {
  it('prints a receipt and confirms it by the ETB counter; the status is read (printer-status is the default over TCP)', async () => {
    const { vp, devices, lines } = await setup();
    expect(devices.printer!.readsStatus).toBe(true);
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(1))).resolves.toEqual({ ok: true });
    const r = await printed;
    expect(r.printout.fault).toBeNull();
    expect(r.printout.warnings).toEqual([]);
    expect(r.text).toContain('Tillproof Demo');
    expect(r.text).toMatch(/3 \?\?\? Oolong tea {2,}105\.00/);
    expect(r.text).toContain('[CODE128 DEMO-01-1]');
    expect(r.text).toContain('[QR TP1:DEMO-01:1:abcdef0123456789]');
    expect(r.text).toMatch(/partial cut/);
    // The job ended with ETB, which the printer reached after printing it.
    expect(etbCounter(vp)).toBe(1);
    await expect(devices.printer!.print(saleReceipt(2))).resolves.toEqual({ ok: true });
    expect(etbCounter(vp)).toBe(2);
    expect(devices.printer!.printerStatus()).toMatchObject({ online: true, paperOut: false, coverOpen: false, error: false });
    expect(devices.printer!.statistics()).toMatchObject({ receiptsPrinted: 2 });
    expect(devices.printer!.statistics().printFailures ?? 0).toBe(0);
    expect(lines.filter((l) => /unexpected reply|nobody asked/.test(l))).toEqual([]);
  });

  it('paper out mid-receipt fails the print with paper-out; the rest prints after new paper and the next receipt is confirmed', async () => {
    const { vp, devices } = await setup();
    vp.setPaperLines(6);
    await expect(devices.printer!.print(saleReceipt(3, 20))).resolves.toMatchObject({ ok: false, reason: 'paper-out' });
    expect(etbCounter(vp)).toBe(0);
    await statusWhere(devices.printer!, (s) => s.state === 'error' && s.reason === 'paper-out' && s.flags?.paperOut === true, 'paper out');
    // New paper: the held rest of the receipt prints (its ETB is reached), ended by the driver's cut.
    const rest = vp.nextReceipt();
    vp.setPaperOut(false);
    expect((await rest).text).toContain('[QR TP1:DEMO-01:3:');
    await statusWhere(devices.printer!, isIdle, 'idle after new paper');
    await expect(devices.printer!.print(saleReceipt(4))).resolves.toEqual({ ok: true });
    expect(devices.printer!.statistics()).toMatchObject({ receiptsPrinted: 1, printFailures: 1, paperOuts: 1 });
  });

  it('with ASB off, the driver polls ESC ACK SOH: the receipt is confirmed, and paper out mid-receipt is found', async () => {
    const { vp, devices } = await setup({
      emulator: { starAsbAtStart: false },
      printer: { status: { asb: false, timeoutMs: 2000, pollMs: 5000 } },
    });
    await expect(devices.printer!.print(saleReceipt(5))).resolves.toEqual({ ok: true });
    vp.setPaperLines(4);
    await expect(devices.printer!.print(saleReceipt(6, 12))).resolves.toMatchObject({ ok: false, reason: 'paper-out' });
  });

  it('the cover opened mid-receipt fails the print with cover-open', async () => {
    const { vp, devices } = await setup();
    const off = vp.onPaperUsed((lines) => {
      if (lines >= 4) {
        off();
        vp.setCoverOpen(true);
      }
    });
    await expect(devices.printer!.print(saleReceipt(7, 12))).resolves.toMatchObject({ ok: false, reason: 'cover-open' });
    expect(devices.printer!.statistics()).toMatchObject({ coverOpens: 1 });
    vp.setCoverOpen(false);
    await statusWhere(devices.printer!, isIdle, 'idle');
    await expect(devices.printer!.print(saleReceipt(8))).resolves.toEqual({ ok: true });
  });

  it('a cover already open fails the print before anything is sent', async () => {
    const { vp, devices } = await setup();
    vp.setCoverOpen(true);
    await statusWhere(devices.printer!, (s) => s.state === 'error' && s.reason === 'cover-open', 'cover open');
    await expect(devices.printer!.print(saleReceipt(9))).resolves.toMatchObject({
      ok: false,
      reason: 'cover-open',
      detail: expect.stringContaining('nothing was sent'),
    });
    expect(vp.receipts).toHaveLength(0);
  });

  it('a printer taken offline fails the print as offline before anything is sent', async () => {
    const { vp, devices } = await setup();
    vp.setOffline(true);
    await statusWhere(devices.printer!, (s) => s.state === 'offline' && s.reason === 'offline', 'offline');
    await expect(devices.printer!.print(saleReceipt(10))).resolves.toMatchObject({
      ok: false,
      reason: 'offline',
      detail: expect.stringContaining('nothing was sent'),
    });
    vp.setOffline(false);
    await statusWhere(devices.printer!, isIdle, 'idle');
  });

  it('the connection dropped mid-receipt fails the print as offline; the driver reconnects and confirms the next one', async () => {
    const { vp, devices } = await setup();
    const off = vp.onPaperUsed((lines) => {
      if (lines >= 3) {
        off();
        vp.dropConnections();
      }
    });
    await expect(devices.printer!.print(saleReceipt(11, 10))).resolves.toMatchObject({ ok: false, reason: 'offline' });
    await statusWhere(devices.printer!, isIdle, 'idle after reconnecting');
    await expect(devices.printer!.print(saleReceipt(12))).resolves.toEqual({ ok: true });
    expect(devices.printer!.statistics().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('a Star printer that stops answering is reported offline and reconnected', async () => {
    const { vp, devices } = await setup({ printer: { status: { timeoutMs: 3000, pollMs: 100 } } });
    vp.dropConnections();
    await statusWhere(devices.printer!, isOffline, 'offline after the drop');
    await statusWhere(devices.printer!, isIdle, 'idle again');
    await expect(devices.printer!.print(saleReceipt(13))).resolves.toEqual({ ok: true });
  });

  it('write-only stays possible: no status is read and nothing but the job is sent', async () => {
    const { vp, devices } = await setup({ printer: { status: { confirm: 'write-only' } } });
    expect(devices.printer!.readsStatus).toBe(false);
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(14))).resolves.toEqual({ ok: true });
    await printed;
    expect(etbCounter(vp)).toBe(0);
  });
});
