// What a device's state changes put in the log: a device still connecting at start-up is not a
// warning; one that stays offline past the grace period, or goes offline after being online, is.
import { afterEach, describe, expect, it } from 'vitest';
import { PosDevice, type DeviceLog, type DeviceState } from '../../../hardware/device.ts';

class TestDevice extends PosDevice {
  set(state: DeviceState, detail?: string): void {
    this.report(state, detail);
  }
}

const started: TestDevice[] = [];
afterEach(async () => {
  for (const d of started.splice(0)) await d.stop();
});

async function device(connectGraceMs: number) {
  const warnings: string[] = [];
  const log: DeviceLog = { info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
  const d = new TestDevice({ id: 'receipt', kind: 'printer', resource: null, log, connectGraceMs });
  started.push(d);
  await d.start();
  return { d, warnings };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('device warnings', () => {
  it('says nothing while a device connects at start-up, and nothing once it is online', async () => {
    const { d, warnings } = await device(60_000);
    d.set('offline', 'connect ECONNREFUSED');
    expect(d.status().state).toBe('offline');
    d.set('idle');
    expect(warnings).toEqual([]);
  });

  it('warns about a device still offline after the grace period, once, with what is wrong', async () => {
    const { d, warnings } = await device(30);
    d.set('offline', 'connect ECONNREFUSED');
    await until(() => warnings.length > 0);
    expect(warnings).toEqual(['printer receipt: offline: not connected 0 s after start: connect ECONNREFUSED']);
  });

  it('warns at once when a device that was online goes offline, and about errors', async () => {
    const { d, warnings } = await device(60_000);
    d.set('idle');
    d.set('offline', 'connection reset');
    d.set('error', 'cover open');
    expect(warnings).toEqual(['printer receipt: offline: connection reset', 'printer receipt: error: cover open']);
  });

  it('a device stopped while still connecting is not warned about later', async () => {
    const { d, warnings } = await device(30);
    await d.stop();
    const late = await device(30);
    late.d.set('offline', 'x');
    await until(() => late.warnings.length > 0);
    expect(warnings).toEqual([]);
  });
});
