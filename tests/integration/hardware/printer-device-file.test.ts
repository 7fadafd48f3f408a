// The receipt printer through a device file, as a USB printer (/dev/usb/lp0) is used: a FIFO
// whose reader is the "printer", and a plain file. Both are one-way, so prints are
// 'write-only': confirmed when the bytes were taken.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { renderEscPos } from '../../../hardware/protocols/escpos/render.ts';
import { printoutToText } from '../../../hardware/protocols/printout/printout-text.ts';
import { FAST_RECONNECT, collectingLog, isIdle, nextEvent, saleReceipt, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-lp-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(path: string): Promise<TerminalDevices> {
  const devices = createDevices(
    parseDevicesConfig({ lp: { type: 'printer', transport: { kind: 'device-file', path }, encoding: 'big5', reconnect: FAST_RECONNECT } }),
    { log: collectingLog().log },
  );
  cleanups.push(() => devices.stop());
  await devices.start();
  return devices;
}

/** The FIFO's reader: collects what the driver writes, as a printer on /dev/usb/lp0 would receive it. */
function readFifo(path: string): { bytes: () => Uint8Array; data: (listener: (n: number) => void) => () => void; close: () => void } {
  const socket = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  return {
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
    data: (listener) => {
      const l = (): void => listener(Buffer.concat(chunks).length);
      socket.on('data', l);
      return () => socket.off('data', l);
    },
    close: () => socket.destroy(),
  };
}

describe('receipt printer through a device file', () => {
  it('a FIFO without a reader is a printer that is off; once read, the receipt goes through whole', async () => {
    const fifo = join(tempDir(), 'lp0');
    execFileSync('mkfifo', [fifo]);
    const devices = await start(fifo);
    const printer = devices.printer!;
    await statusWhere(printer, (s) => s.state === 'offline' && /ENXIO/.test(s.detail ?? ''), 'offline (no reader)');
    await expect(printer.print(saleReceipt(1))).resolves.toMatchObject({ ok: false, reason: 'offline' });

    const reader = readFifo(fifo);
    cleanups.push(() => reader.close());
    await statusWhere(printer, isIdle, 'idle once the FIFO has a reader');
    expect(printer.status().flags).toMatchObject({ unconfirmed: true });
    const job = printer.encode(saleReceipt(2));
    const all = nextEvent(reader.data, 'the whole job', (n) => n >= job.length);
    await expect(printer.print(saleReceipt(2))).resolves.toEqual({ ok: true });
    await all;
    const printout = renderEscPos(reader.bytes(), { kanjiEncoding: 'big5' });
    expect(printout.fault).toBeNull();
    expect(printoutToText(printout)).toContain('Tillproof Demo 示範商店');
  });

  it('the reader going away (printer unplugged) fails the print; a new reader is picked up', async () => {
    const fifo = join(tempDir(), 'lp0');
    execFileSync('mkfifo', [fifo]);
    const first = readFifo(fifo);
    const devices = await start(fifo);
    await statusWhere(devices.printer!, isIdle, 'idle');
    first.close();
    await expect(devices.printer!.print(saleReceipt(3))).resolves.toMatchObject({ ok: false, reason: 'offline' });
    const second = readFifo(fifo);
    cleanups.push(() => second.close());
    await statusWhere(devices.printer!, isIdle, 'idle with the new reader');
    await expect(devices.printer!.print(saleReceipt(4))).resolves.toEqual({ ok: true });
  });

  it('a plain file receives the job appended, byte for byte as encoded', async () => {
    const file = join(tempDir(), 'spool.bin');
    execFileSync('touch', [file]);
    const devices = await start(file);
    await statusWhere(devices.printer!, isIdle, 'idle');
    await expect(devices.printer!.print(saleReceipt(5))).resolves.toEqual({ ok: true });
    await expect(devices.printer!.print(saleReceipt(6))).resolves.toEqual({ ok: true });
    const expected = Buffer.concat([devices.printer!.encode(saleReceipt(5)), devices.printer!.encode(saleReceipt(6))]);
    expect(readFileSync(file)).toEqual(expected);
  });
});
