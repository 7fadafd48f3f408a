// Cash drawers: on the printer's kick-out connector (kicked and sensed through the virtual
// printer over TCP), and a standalone serial drawer interface on a socat pty pair.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig, type DevicesConfigInput } from '../../../core/config/devices.ts';
import type { DrawerAlarm } from '../../../core/ports/cash-drawer.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter, type VirtualPrinterOptions } from '../../../hardware/emulators/virtual-printer.ts';
import { SerialDrawerEmulator } from '../../../hardware/emulators/serial-peripherals.ts';
import { FAST_RECONNECT, SOCAT_MISSING, collectingLog, isIdle, nextEvent, socatAvailable, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function printerDrawer(
  drawer: Record<string, unknown>,
  emulator: VirtualPrinterOptions = {},
  printer: Record<string, unknown> = {},
): Promise<{ vp: VirtualPrinter; devices: TerminalDevices }> {
  const vp = new VirtualPrinter(emulator);
  cleanups.push(() => vp.close());
  const port = await vp.listenTcp();
  const config: DevicesConfigInput = {
    receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port }, reconnect: FAST_RECONNECT, ...printer },
    drawer: {
      type: 'drawer',
      connection: { kind: 'printer', printer: 'receipt' },
      sensor: { polarity: 'high-is-open', confirmMs: 1000, pollMs: 50 },
      ...drawer,
    },
  };
  const devices = createDevices(parseDevicesConfig(config), { log: collectingLog().log });
  cleanups.push(() => devices.stop());
  await devices.start();
  const sensed = (drawer.sensor as { polarity?: string } | undefined)?.polarity !== 'none';
  await statusWhere(devices.drawer!, (s) => (sensed ? s.detail === 'closed' : s.state === 'idle'), 'ready');
  return { vp, devices };
}

describe('drawer on the printer', () => {
  it('opens with a well-formed ESC p; the sensor (via ASB) confirms it; it closes; counted as a good open', async () => {
    const { vp, devices } = await printerDrawer({ pulse: { pin: 5, onMs: 100, offMs: 200 } }, { drawerCloseAfterMs: 100 });
    const drawer = devices.drawer!;
    const changes: boolean[] = [];
    drawer.onDrawerChange((e) => changes.push(e.open));
    const closed = nextEvent<{ drawerId: string; open: boolean }>(
      (l) => drawer.onDrawerChange(l),
      'drawer closed',
      (e) => !e.open,
    );
    await expect(drawer.open()).resolves.toEqual({ ok: true });
    expect(vp.kicks).toEqual([{ pin: 5, realtime: false }]);
    // The open was seen (the emulator closes it again 100 ms later, so isOpen() may already be false).
    expect(changes[0]).toBe(true);
    await closed;
    expect(changes).toEqual([true, false]);
    expect(drawer.statistics()).toMatchObject({ goodOpens: 1 });
    expect(drawer.status()).toMatchObject({ state: 'idle', detail: 'closed', reason: 'closed', flags: { sensor: true, open: false } });
  });

  it('raises the left-open alarm, then reports it closed (close-drawer on the control channel)', async () => {
    const { vp, devices } = await printerDrawer({ alarmAfterSeconds: 0.15 });
    const drawer = devices.drawer!;
    const raised = nextEvent<DrawerAlarm>(
      (l) => devices.onDrawerAlarm(l),
      'the alarm',
      (a) => a.open,
    );
    await expect(drawer.open()).resolves.toEqual({ ok: true });
    // Raised after 0.15 s: whole seconds, 0 unless the machine stalled.
    expect(await raised).toEqual({ drawerId: 'drawer', open: true, openSeconds: expect.any(Number) });
    await statusWhere(
      drawer,
      (s) => s.state === 'error' && s.reason === 'left-open' && typeof s.openSeconds === 'number' && s.flags?.alarm === true,
      'alarm state',
    );
    const cleared = nextEvent<DrawerAlarm>(
      (l) => devices.onDrawerAlarm(l),
      'the all-clear',
      (a) => !a.open,
    );
    expect(vp.control('close-drawer')).toBe('ok close-drawer');
    expect(await cleared).toMatchObject({ drawerId: 'drawer', open: false });
    await statusWhere(drawer, (s) => s.state === 'idle', 'idle');
    expect(drawer.statistics()).toMatchObject({ alarms: 1, goodOpens: 1 });
  });

  it('a kick that does not open the drawer (jammed) is a failed open', async () => {
    const { vp, devices } = await printerDrawer({ sensor: { polarity: 'high-is-open', confirmMs: 150 } });
    vp.drawerJammed = true;
    await expect(devices.drawer!.open()).resolves.toMatchObject({ ok: false, reason: 'error', detail: expect.stringContaining('sensor') });
    expect(devices.drawer!.statistics()).toMatchObject({ failedOpens: 1 });
  });

  it('reads the sensor with the configured polarity, also without ASB (polled)', async () => {
    const { vp, devices } = await printerDrawer(
      { sensor: { polarity: 'low-is-open', confirmMs: 1000, pollMs: 50 } },
      { sensorOpenLevel: 'low' },
      { status: { asb: false, pollMs: 5000 } },
    );
    await expect(devices.drawer!.open()).resolves.toEqual({ ok: true });
    expect(devices.drawer!.isOpen()).toBe(true);
    const closed = nextEvent<{ drawerId: string; open: boolean }>(
      (l) => devices.drawer!.onDrawerChange(l),
      'closed (polled)',
      (e) => !e.open,
    );
    vp.closeDrawer();
    await closed;
  });

  it('opens while the printer is out of paper, with the real-time DLE DC4 pulse', async () => {
    const { vp, devices } = await printerDrawer({});
    vp.setPaperOut(true);
    await statusWhere(devices.printer!, (s) => s.state === 'error', 'paper out');
    await expect(devices.drawer!.open()).resolves.toEqual({ ok: true });
    expect(vp.kicks).toEqual([{ pin: 2, realtime: true }]);
  });

  it('without the printer link the drawer reports offline and open() says so', async () => {
    const { vp, devices } = await printerDrawer({ sensor: { polarity: 'none' } });
    await vp.close();
    await statusWhere(devices.drawer!, (s) => s.state === 'offline' && s.reason === 'printer-down', 'offline');
    await expect(devices.drawer!.open()).resolves.toMatchObject({ ok: false, reason: 'offline' });
    expect(devices.drawer!.statistics()).toMatchObject({ failedOpens: 1 });
  });
});

describe.skipIf(!socatAvailable)('standalone serial drawer (socat pty pair)', () => {
  it('opens on its command, senses open and closed, and comes back after the cable is pulled', async () => {
    const emulator = await SerialDrawerEmulator.start({ openCommand: [0x1b, 0x70, 0x00], statusQuery: [0x05], sensorBit: 2 });
    cleanups.push(() => emulator.close());
    const devices = createDevices(
      parseDevicesConfig({
        drawer: {
          type: 'drawer',
          connection: {
            kind: 'standalone',
            transport: { kind: 'serial', path: emulator.hostPath },
            openCommand: '1b 70 00',
            statusQuery: '05',
            sensorBit: 2,
          },
          sensor: { polarity: 'high-is-open', confirmMs: 1000, pollMs: 50 },
          reconnect: FAST_RECONNECT,
        },
      }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    await devices.start();
    const drawer = devices.drawer!;
    await statusWhere(drawer, (s) => s.detail === 'closed', 'closed');
    await expect(drawer.open()).resolves.toEqual({ ok: true });
    expect(emulator.opens).toBe(1);
    const closed = nextEvent<{ drawerId: string; open: boolean }>(
      (l) => drawer.onDrawerChange(l),
      'closed',
      (e) => !e.open,
    );
    emulator.setOpen(false);
    await closed;
    await emulator.unplug();
    await statusWhere(drawer, (s) => s.state === 'offline', 'offline');
    await expect(drawer.open()).resolves.toMatchObject({ ok: false, reason: 'offline' });
    await emulator.plugIn();
    await statusWhere(drawer, isIdle, 'idle again');
    await expect(drawer.open()).resolves.toEqual({ ok: true });
    expect(emulator.opens).toBe(2);
  });
});

describe.skipIf(socatAvailable)('standalone serial drawer', () => {
  it.skip(SOCAT_MISSING, () => {});
});
