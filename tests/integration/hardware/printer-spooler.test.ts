// Printing through the OS spooler in RAW mode. CUPS is not installed here: a small script in
// its place records its arguments and the job, as `lp -d QUEUE -o raw` would receive them.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { createDevices, type TerminalDevices } from '../../../hardware/create-devices.ts';
import { renderEscPos } from '../../../hardware/protocols/escpos/render.ts';
import { printoutToText } from '../../../hardware/protocols/printout/printout-text.ts';
import { collectingLog, isIdle, saleReceipt, statusWhere } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fakeLp(body: string): { command: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-lp-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const command = join(dir, 'lp');
  writeFileSync(command, `#!/bin/sh\n${body}\n`);
  chmodSync(command, 0o755);
  return { command, dir };
}

async function start(command: string): Promise<TerminalDevices> {
  const devices = createDevices(
    parseDevicesConfig({ receipt: { type: 'printer', transport: { kind: 'spooler', queue: 'Receipt_80' }, encoding: 'gb18030' } }),
    { log: collectingLog().log, spoolerCommand: command },
  );
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.printer!, isIdle, 'idle');
  return devices;
}

describe.skipIf(process.platform === 'win32')('receipt printer through the spooler (RAW)', () => {
  it('submits each receipt as one raw job to the named queue', async () => {
    const { command, dir } = fakeLp(`echo "$@" > "$(dirname "$0")/args"; cat > "$(dirname "$0")/job"`);
    const devices = await start(command);
    await expect(devices.printer!.print(saleReceipt(1))).resolves.toEqual({ ok: true });
    expect(readFileSync(join(dir, 'args'), 'utf8').trim()).toBe('-d Receipt_80 -o raw -t Tillproof receipt -');
    const job = readFileSync(join(dir, 'job'));
    expect(job).toEqual(Buffer.from(devices.printer!.encode(saleReceipt(1))));
    expect(printoutToText(renderEscPos(job, { kanjiEncoding: 'gb18030' }))).toContain('合計 TOTAL');
    expect(devices.printer!.status().flags).toMatchObject({ unconfirmed: true });
  });

  it('a job the spooler refuses is a failed print with its message', async () => {
    const { command } = fakeLp(`cat > /dev/null; echo "lp: The printer or class does not exist." >&2; exit 1`);
    const devices = await start(command);
    await expect(devices.printer!.print(saleReceipt(2))).resolves.toMatchObject({
      ok: false,
      reason: 'offline',
      detail: expect.stringContaining('does not exist'),
    });
  });
});
