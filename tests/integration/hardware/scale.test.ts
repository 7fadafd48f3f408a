// The scale driver against the scale emulator through a real socat pty pair: stable weights in
// grams, motion settling, over capacity and under zero as states (never a weight), a torn reply
// and a silent scale as errors, and the cable pulled and plugged back in.
import { afterEach, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { ScaleEmulator } from '../../../hardware/emulators/scale-emulator.ts';
import type { ScaleDevice } from '../../../hardware/scale/scale-device.ts';
import { FAST_RECONNECT, SOCAT_MISSING, collectingLog, isIdle, isOffline, socatAvailable, statusWhere, until } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ emulator: ScaleEmulator; devices: TerminalDevices; scale: ScaleDevice }> {
  const emulator = new ScaleEmulator({ capacityGrams: 15_000 });
  cleanups.push(() => emulator.close());
  await emulator.plugIn();
  const devices = createDevices(
    parseDevicesConfig({
      scale: {
        type: 'scale',
        transport: { kind: 'serial', path: emulator.hostPath },
        replyTimeoutMs: 500,
        // Only the test's own requests, so each reply is the one it expects.
        pollMs: 60_000,
        reconnect: FAST_RECONNECT,
      },
    }),
    { log: collectingLog().log },
  );
  cleanups.push(() => devices.stop());
  await devices.start();
  const scale = devices.scale!;
  await statusWhere(scale, isIdle, 'idle');
  // The first poll after connecting is answered before a test asks anything.
  await until(() => (scale.statistics().goodReads ?? 0) >= 1, 'the first poll');
  return { emulator, devices, scale };
}

describe.skipIf(!socatAvailable)('Toledo scale (socat pty pair)', () => {
  it('reads the stable weight in grams, and each refusal state without a weight', async () => {
    const { emulator, scale } = await setup();
    emulator.command('weight 1234');
    expect(await scale.read()).toEqual({ state: 'stable', grams: 1234, net: false });
    emulator.command('motion');
    expect(await scale.read()).toEqual({ state: 'motion' });
    emulator.command('stable');
    emulator.command('weight 15001');
    expect(await scale.read()).toEqual({ state: 'over-capacity' });
    emulator.command('weight -40');
    expect(await scale.read()).toEqual({ state: 'under-zero' });
  });

  it('waits for the load to settle, and gives up with the motion state when it does not', async () => {
    const { emulator, scale } = await setup();
    emulator.command('weight 480');
    emulator.command('motion');
    const settling = scale.readSettled(5000);
    // Settles while the driver keeps asking.
    const before = emulator.model.requests;
    await until(() => emulator.model.requests >= before + 2, 'the driver asking again while the load moves');
    emulator.command('stable');
    expect(await settling).toEqual({ state: 'stable', grams: 480, net: false });
    emulator.command('motion');
    expect(await scale.readSettled(300)).toEqual({ state: 'motion' });
  });

  it('refuses a torn or garbled reply as an error, then reads the next one', async () => {
    const { emulator, scale } = await setup();
    emulator.command('weight 1000');
    emulator.replyNextWith(Uint8Array.from([0x02, ...Buffer.from('01.0x0'), 0x0d]));
    await expect(scale.read()).rejects.toMatchObject({ code: 'device.bad-reply' });
    expect(await scale.read()).toEqual({ state: 'stable', grams: 1000, net: false });
    expect(scale.statistics().badReplies).toBe(1);
  });

  it('reports a scale that stops answering, and recovers when it answers again', async () => {
    const { emulator, scale } = await setup();
    emulator.command('silent');
    await expect(scale.read()).rejects.toMatchObject({ code: 'device.timeout' });
    await statusWhere(scale, (s) => s.state === 'error' && s.reason === 'timeout', 'error: timeout');
    emulator.command('answer');
    emulator.command('weight 250');
    expect(await scale.read()).toEqual({ state: 'stable', grams: 250, net: false });
    await statusWhere(scale, isIdle, 'idle again');
  });

  it('goes offline when the cable is pulled and reads again once it is back', async () => {
    const { emulator, scale } = await setup();
    await emulator.unplug();
    await statusWhere(scale, isOffline, 'offline');
    await expect(scale.read()).rejects.toMatchObject({ code: 'device.offline' });
    await emulator.plugIn();
    await statusWhere(scale, isIdle, 'idle after replug', 10_000);
    emulator.command('weight 777');
    expect(await scale.read()).toEqual({ state: 'stable', grams: 777, net: false });
  });
});

describe.runIf(!socatAvailable)('Toledo scale', () => {
  it.skip(SOCAT_MISSING, () => {});
});
