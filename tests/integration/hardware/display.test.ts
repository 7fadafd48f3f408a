// The customer display over a socat pty pair, read back by the line display emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { LineDisplayEmulator } from '../../../hardware/emulators/serial-peripherals.ts';
import { FAST_RECONNECT, SOCAT_MISSING, collectingLog, isIdle, nextEvent, socatAvailable, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(encoding: 'ascii' | 'big5'): Promise<{ glass: LineDisplayEmulator; devices: TerminalDevices }> {
  const glass = await LineDisplayEmulator.start({ encoding: encoding === 'ascii' ? 'gb18030' : encoding });
  cleanups.push(() => glass.close());
  const devices = createDevices(
    parseDevicesConfig({
      pole: { type: 'display', transport: { kind: 'serial', path: glass.hostPath }, encoding, reconnect: FAST_RECONNECT },
    }),
    { log: collectingLog().log },
  );
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.display!, isIdle, 'idle');
  return { glass, devices };
}

function showing(glass: LineDisplayEmulator, rows: string[]): Promise<string[]> {
  if (glass.text().join('\n') === rows.join('\n')) return Promise.resolve(rows);
  return nextEvent<string[]>(
    (l) => glass.onUpdate(l),
    `display showing ${JSON.stringify(rows)}`,
    (r) => r.join('\n') === rows.join('\n'),
  ).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; it shows ${JSON.stringify(glass.text())}`);
  });
}

describe.skipIf(!socatAvailable)('customer display (socat pty pair)', () => {
  it('shows item and total on a 2 x 20 ASCII display, with the Latin name for a CJK item', async () => {
    const { glass, devices } = await setup('ascii');
    const shown = showing(glass, ['Oolong tea     35.00', 'TOTAL          70.00']);
    await expect(
      devices.display!.show({
        item: { name: '烏龍茶', latinName: 'Oolong tea', amount: '35.00' },
        total: { label: 'TOTAL', amount: '70.00' },
      }),
    ).resolves.toEqual({ ok: true });
    await shown;
    expect(glass.errors).toEqual([]);
  });

  it('shows CJK on a Big5 display, two columns a character, and shows it again after a power cycle', async () => {
    const { glass, devices } = await setup('big5');
    const rows = ['珍珠奶茶大杯 x2  130', '合計          130.00'];
    const shown = showing(glass, rows);
    await devices.display!.show({ item: { name: '珍珠奶茶大杯', amount: 'x2  130' }, total: { label: '合計', amount: '130.00' } });
    await shown;
    expect(glass.errors).toEqual([]);
    await glass.unplug();
    await statusWhere(devices.display!, (s) => s.state === 'offline', 'offline');
    await expect(devices.display!.show({ message: ['Next customer'] })).resolves.toMatchObject({ ok: false, reason: 'offline' });
    await glass.plugIn();
    await showing(glass, ['Next customer       ', '                    ']);
  });
});

describe.skipIf(socatAvailable)('customer display', () => {
  it.skip(SOCAT_MISSING, () => {});
});
