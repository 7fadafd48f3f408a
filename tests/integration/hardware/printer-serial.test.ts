// The receipt printer over a serial line: a socat pty pair stands for the cable, the virtual
// printer sits on its far end. Killing socat pulls the cable; a new pair at the same paths
// plugs it back in.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter } from '../../../hardware/emulators/virtual-printer.ts';
import { PtyPair, ptyPairPaths, removePtyPaths, type PtyPairPaths } from '../../../hardware/emulators/pty-pair.ts';
import { FAST_RECONNECT, SOCAT_MISSING, collectingLog, isIdle, isOffline, saleReceipt, socatAvailable, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function plugIn(vp: VirtualPrinter, paths: PtyPairPaths): Promise<PtyPair> {
  const pair = await PtyPair.open(paths);
  cleanups.push(() => pair.close());
  await vp.attachSerial(pair.devicePath, 19200);
  return pair;
}

describe.skipIf(!socatAvailable)('receipt printer over a serial line (socat pty pair)', () => {
  async function setup(): Promise<{ vp: VirtualPrinter; devices: TerminalDevices; pair: PtyPair; paths: PtyPairPaths }> {
    const vp = new VirtualPrinter({ kanjiEncoding: 'gb18030' });
    cleanups.push(() => vp.close());
    const paths = ptyPairPaths(undefined, 'printer');
    cleanups.push(() => removePtyPaths(paths));
    const pair = await plugIn(vp, paths);
    const devices = createDevices(
      parseDevicesConfig({
        receipt: {
          type: 'printer',
          transport: { kind: 'serial', path: paths.hostPath, baudRate: 19200 },
          encoding: 'gb18030',
          status: { timeoutMs: 3000 },
          chunkBytes: 128,
          reconnect: FAST_RECONNECT,
        },
      }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    await devices.start();
    await statusWhere(devices.printer!, isIdle, 'idle');
    return { vp, devices, pair, paths };
  }

  it('prints and confirms a receipt', async () => {
    const { vp, devices } = await setup();
    const printed = vp.nextReceipt();
    await expect(devices.printer!.print(saleReceipt(1))).resolves.toEqual({ ok: true });
    const r = await printed;
    expect(r.printout.fault).toBeNull();
    expect(r.text).toContain('合計 TOTAL');
  });

  it('cable pulled mid-receipt: the print fails offline; plugged back in, the driver reopens the port and prints', async () => {
    const { vp, devices, pair, paths } = await setup();
    let pulled: Promise<void> | null = null;
    const off = vp.onBytes((total) => {
      if (total > 400 && !pulled) {
        off();
        pulled = pair.close();
      }
    });
    await expect(devices.printer!.print(saleReceipt(2, 40))).resolves.toMatchObject({ ok: false, reason: 'offline' });
    await pulled;
    await statusWhere(devices.printer!, isOffline, 'offline');
    await plugIn(vp, paths);
    await statusWhere(devices.printer!, isIdle, 'idle after the cable is back');
    const printed = vp.nextReceipt((r) => r.text.includes('DEMO-01-3'));
    await expect(devices.printer!.print(saleReceipt(3))).resolves.toEqual({ ok: true });
    await printed;
    expect(devices.printer!.statistics()).toMatchObject({ receiptsPrinted: 1, printFailures: 1, disconnects: 1, reconnects: 1 });
  });
});

describe.skipIf(socatAvailable)('serial printer', () => {
  it.skip(SOCAT_MISSING, () => {});
});
