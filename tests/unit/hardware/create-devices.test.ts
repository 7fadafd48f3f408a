// A till with two receipt printers: both are built and supervised, the primary is the flagged
// one (else the first in the file), and a drawer wired through a printer kicks through the one
// it names, not whichever printer came last.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig, printerIdsOf } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter } from '../../../hardware/emulators/virtual-printer.ts';
import type { DeviceLog } from '../../../hardware/device.ts';
import { FAST_RECONNECT, isIdle, statusWhere, until } from '../../integration/hardware/helpers.ts';

const silent: DeviceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tcp = (port: number) => ({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 });

let running: TerminalDevices | null = null;
const emulators: VirtualPrinter[] = [];
afterEach(async () => {
  await running?.stop();
  running = null;
  for (const e of emulators.splice(0)) await e.close();
});

describe('createDevices with two receipt printers', () => {
  it('builds both, the first in the file as primary', () => {
    const devices = createDevices(
      parseDevicesConfig({
        front: { type: 'printer', transport: tcp(9) },
        back: { type: 'printer', transport: tcp(10) },
        drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'back' } },
      }),
      { log: silent },
    );
    expect(devices.printers.map((p) => p.id)).toEqual(['front', 'back']);
    expect(devices.printer?.id).toBe('front');
    // Printers first (a drawer reads its printer's status), each once.
    expect(devices.all.map((d) => d.id)).toEqual(['front', 'back', 'drawer']);
    expect(
      devices
        .statuses()
        .filter((s) => s.device === 'printer')
        .map((s) => s.id),
    ).toEqual(['front', 'back']);
    expect(Object.keys(devices.statistics())).toEqual(['front', 'back', 'drawer']);
  });

  it('takes the printer flagged primary first, wherever it is in the file', () => {
    const config = parseDevicesConfig({
      front: { type: 'printer', transport: tcp(9) },
      back: { type: 'printer', primary: true, transport: tcp(10) },
    });
    expect(printerIdsOf(config)).toEqual(['back', 'front']);
    const devices = createDevices(config, { log: silent });
    expect(devices.printer?.id).toBe('back');
    expect(devices.printers.map((p) => p.id)).toEqual(['back', 'front']);
  });

  it('starts and stops both; the drawer kicks through its own printer', async () => {
    const front = new VirtualPrinter();
    const back = new VirtualPrinter();
    emulators.push(front, back);
    const [frontPort, backPort] = [await front.listenTcp(0), await back.listenTcp(0)];
    running = createDevices(
      parseDevicesConfig({
        front: { type: 'printer', transport: tcp(frontPort), reconnect: FAST_RECONNECT },
        back: { type: 'printer', transport: tcp(backPort), reconnect: FAST_RECONNECT },
        drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'back' } },
      }),
      { log: silent },
    );
    await running.start();
    await statusWhere(running.printers[0]!, isIdle, 'idle');
    await statusWhere(running.printers[1]!, isIdle, 'idle');
    await expect(running.drawer!.open()).resolves.toEqual({ ok: true });
    await until(() => back.kicks.length === 1, 'the kick on the back printer');
    expect(front.kicks).toEqual([]);
    await running.stop();
    expect(
      running
        .statuses()
        .filter((s) => s.device === 'printer')
        .map((s) => s.state),
    ).toEqual(['closed', 'closed']);
    running = null;
  });
});
