// A receipt stopped by a fault must not come out later as a second original: the ESC/POS driver
// clears what the printer still holds (DLE DC4 fn 8, answered 37 25 00) and says what may still
// print; the virtual printer keeps its buffer across faults and dropped links, as printers do.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig, type DevicesConfigInput } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter, type VirtualPrinterOptions } from '../../../hardware/emulators/virtual-printer.ts';
import { FAST_RECONNECT, isIdle, saleReceipt, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(emulator: VirtualPrinterOptions = {}, chunkBytes = 256): Promise<{ vp: VirtualPrinter; devices: TerminalDevices }> {
  const vp = new VirtualPrinter({ kanjiEncoding: 'big5', ...emulator });
  cleanups.push(() => vp.close());
  const port = await vp.listenTcp();
  const config: DevicesConfigInput = {
    receipt: {
      type: 'printer',
      transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 },
      encoding: 'big5',
      status: { timeoutMs: 3000, pollMs: 5000 },
      chunkBytes,
      reconnect: FAST_RECONNECT,
    },
  };
  const devices = createDevices(parseDevicesConfig(config), {});
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.printer!, isIdle, 'idle');
  return { vp, devices };
}

/** Prints one more receipt and returns every receipt the printer put out, in order. */
async function allPrinted(vp: VirtualPrinter, devices: TerminalDevices): Promise<string[]> {
  await statusWhere(devices.printer!, isIdle, 'idle');
  const marker = vp.nextReceipt((r) => r.text.includes('DEMO-01-99'));
  await expect(devices.printer!.print(saleReceipt(99, 1))).resolves.toEqual({ ok: true });
  await marker;
  return vp.receipts.map((r) => r.text).slice(0, -1);
}

describe('a receipt stopped by a fault', () => {
  it('paper out mid-receipt: the printer clears the rest, so after new paper only the stub comes out, without total or QR', async () => {
    const { vp, devices } = await setup();
    vp.setPaperLines(6);
    const outcome = await devices.printer!.print(saleReceipt(2, 20));
    expect(outcome).toMatchObject({ ok: false, reason: 'paper-out', leftover: 'cleared' });
    const stub = vp.nextReceipt();
    vp.setPaperOut(false);
    expect((await stub).text).not.toContain('TOTAL');
    const printed = await allPrinted(vp, devices);
    expect(printed).toHaveLength(1);
    expect(printed.join('\n')).not.toContain('TP1:DEMO-01:2:');
  });

  it('a printer without the clear command: the outcome says the rest may still print, and the stub comes out cut', async () => {
    const { vp, devices } = await setup({ clearsBuffer: false });
    vp.setPaperLines(6);
    const outcome = await devices.printer!.print(saleReceipt(3, 20));
    expect(outcome).toMatchObject({ ok: false, reason: 'paper-out', leftover: 'may-print' });
    vp.setPaperOut(false);
    const printed = await allPrinted(vp, devices);
    // What it held comes out, ended by the cut the driver sent after the fault.
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/partial cut/);
  });

  it('a job that reached the printer whole gets no extra empty feed-and-cut', async () => {
    const { vp, devices } = await setup({ clearsBuffer: false }, 65536);
    vp.setPaperLines(6);
    await expect(devices.printer!.print(saleReceipt(4, 20))).resolves.toMatchObject({ ok: false, reason: 'paper-out' });
    vp.setPaperOut(false);
    const printed = await allPrinted(vp, devices);
    // The original (its own cut ends it) and nothing else: no blank piece of paper.
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('TP1:DEMO-01:4:');
  });
});
