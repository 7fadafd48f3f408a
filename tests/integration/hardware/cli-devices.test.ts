// `tillproof emulate ...` and `tillproof devices ...` end to end on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devicesCommand, emulateCommand } from '../../../cli/device-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import type { ScanEvent } from '../../../core/ports/scanner.ts';
import { createDevices } from '../../../hardware/create-devices.ts';
import { FAST_RECONNECT, collectingLog, isIdle, nextEvent, socatAvailable, statusWhere } from './helpers.ts';
import { sendControl } from '../../helpers/printer-control.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An io that records lines and lets a test wait for one. */
function recordingIo(): CommandIo & { lines: string[]; errors: string[]; line: (pattern: RegExp) => Promise<RegExpMatchArray> } {
  const lines: string[] = [];
  const errors: string[] = [];
  const waiters = new Set<(line: string) => void>();
  return {
    lines,
    errors,
    out: (text) => {
      lines.push(text);
      for (const w of [...waiters]) w(text);
    },
    err: (text) => errors.push(text),
    line: (pattern) => {
      const found = lines.map((l) => l.match(pattern)).find(Boolean);
      if (found) return Promise.resolve(found);
      return nextEvent<string>(
        (l) => {
          waiters.add(l);
          return () => waiters.delete(l);
        },
        `output matching ${pattern}`,
        (l) => pattern.test(l),
      ).then((l) => l.match(pattern)!);
    },
  };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startPrinterEmulator(
  out: string,
  extra: string[] = [],
): Promise<{ port: number; control: number; controlToken: string; io: ReturnType<typeof recordingIo> }> {
  const io = recordingIo();
  const stop = new AbortController();
  const running = emulateCommand(
    ['printer', '--tcp', '0', '--control', '0', '--out', out, '--encoding', 'big5', '--drawer-close-ms', '50', ...extra],
    io,
    { signal: stop.signal },
  );
  cleanups.push(async () => {
    stop.abort();
    expect(await running).toBe(0);
  });
  const port = Number((await io.line(/listening on tcp 127\.0\.0\.1:(\d+)/))[1]);
  const controlLine = await io.line(/control channel on tcp 127\.0\.0\.1:(\d+); send "token (\S+)" first/);
  const control = Number(controlLine[1]);
  const controlToken = controlLine[2]!;
  await io.line(/^ready/);
  return { port, control, controlToken, io };
}

describe('tillproof emulate printer + tillproof devices', () => {
  it('status, test-print with the drawer, paper-out through the control channel, list', async () => {
    const dir = tempDir();
    const emulator = await startPrinterEmulator(join(dir, 'receipts'));
    const config = join(dir, 'terminal.json');
    writeFileSync(
      config,
      JSON.stringify({
        store: { locale: 'zh-TW' },
        devices: {
          receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: emulator.port }, reconnect: FAST_RECONNECT },
          drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' }, sensor: { polarity: 'high-is-open' } },
        },
      }),
    );

    const status = recordingIo();
    expect(await devicesCommand(['status', '--config', config, '--wait', '3000'], status)).toBe(0);
    expect(status.lines).toEqual([
      expect.stringMatching(/^printer +receipt +idle .*\[online, power\]/),
      expect.stringMatching(/^drawer +drawer +idle +closed \[sensor\]/),
    ]);

    const print = recordingIo();
    expect(await devicesCommand(['test-print', '--config', config, '--drawer'], print)).toBe(0);
    expect(print.lines).toEqual(['printed on receipt', 'drawer drawer opened']);
    const written = await emulator.io.line(/receipt 1 printed: (\S+\.txt) (\S+\.png)/);
    expect(existsSync(written[1]!) && existsSync(written[2]!)).toBe(true);
    await emulator.io.line(/^drawer opened/);

    expect(await sendControl(emulator.control, emulator.controlToken, 'paper-out')).toBe('ok paper-out');
    const failed = recordingIo();
    expect(await devicesCommand(['test-print', '--config', config], failed)).toBe(1);
    expect(failed.lines[0]).toMatch(/^NOT printed on receipt: paper-out/);
    const stopped = recordingIo();
    expect(await devicesCommand(['status', '--config', config, '--json'], stopped)).toBe(1);
    expect(JSON.parse(stopped.lines[0]!).statuses[0]).toMatchObject({ state: 'error', detail: 'paper out', flags: { paperOut: true } });
    expect(await sendControl(emulator.control, emulator.controlToken, 'paper-ok')).toBe('ok paper-ok');

    const list = recordingIo();
    expect(await devicesCommand(['list', '--config', config], list)).toBe(0);
    expect(list.lines.slice(0, 3)).toEqual([
      'Configured:',
      expect.stringMatching(new RegExp(`^  receipt +printer +tcp 127\\.0\\.0\\.1:${emulator.port}, escpos, 80 mm, big5$`)),
      expect.stringMatching(/^ {2}drawer +drawer +through printer receipt, sensor high-is-open$/),
    ]);
    expect(list.lines).toContain('Attached to this machine:');
  });

  it('--command-set star plays a Star printer: a Star till confirms its test print; paper out is reported', async () => {
    const dir = tempDir();
    const emulator = await startPrinterEmulator(join(dir, 'receipts'), ['--command-set', 'star']);
    const config = join(dir, 'terminal.json');
    writeFileSync(
      config,
      JSON.stringify({
        devices: {
          receipt: {
            type: 'printer',
            commandSet: 'star',
            encoding: 'ascii',
            transport: { kind: 'tcp', host: '127.0.0.1', port: emulator.port },
            reconnect: FAST_RECONNECT,
          },
        },
      }),
    );
    const print = recordingIo();
    expect(await devicesCommand(['test-print', '--config', config], print)).toBe(0);
    expect(print.lines).toEqual(['printed on receipt']);
    const written = await emulator.io.line(/receipt 1 printed: (\S+\.txt) (\S+\.png)/);
    expect(readFileSync(written[1]!, 'utf8')).toMatch(/TEST/i);
    expect(await sendControl(emulator.control, emulator.controlToken, 'paper-out')).toBe('ok paper-out');
    const failed = recordingIo();
    expect(await devicesCommand(['test-print', '--config', config], failed)).toBe(1);
    expect(failed.lines[0]).toMatch(/^NOT printed on receipt: paper-out/);
    await expect(emulateCommand(['printer', '--tcp', '0', '--command-set', 'zpl'], recordingIo())).rejects.toThrow(
      /--command-set is escpos or star, not "zpl"/,
    );
  });

  it('a bad config names the field and exits 2', async () => {
    const config = join(tempDir(), 'bad.json');
    writeFileSync(config, JSON.stringify({ receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: 0 } } }));
    const io = recordingIo();
    expect(await devicesCommand(['status', '--config', config], io)).toBe(2);
    expect(io.errors[0]).toMatch(/devices\.receipt\.transport\.port: Too small.*\[devices\.invalid-config\]/);
    await expect(devicesCommand(['frobnicate'], io)).rejects.toThrow(/unknown devices command/);
    await expect(emulateCommand(['printer'], io)).rejects.toThrow(/--tcp PORT, --pty, or both/);
  });
});

describe.skipIf(!socatAvailable)('tillproof emulate scanner', () => {
  it('sends --scan codes and typed lines to the pty it prints', async () => {
    const io = recordingIo();
    const stop = new AbortController();
    const typed: string[] = [];
    let more: () => void = () => {};
    const input = (async function* () {
      for (;;) {
        while (typed.length) yield typed.shift()!;
        await new Promise<void>((r) => (more = r));
      }
    })();
    const running = emulateCommand(['scanner', '--pty', '--suffix', 'crlf'], io, { signal: stop.signal, input });
    cleanups.push(async () => {
      stop.abort();
      more();
      expect(await running).toBe(0);
    });
    const path = (await io.line(/scanner serial port \(give this path to the till\): (\S+)/))[1]!;
    const devices = createDevices(
      parseDevicesConfig({
        s: { type: 'scanner', transport: { kind: 'serial', path }, suffix: 'crlf', interByteTimeoutMs: 40, reconnect: FAST_RECONNECT },
      }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    await devices.start();
    await statusWhere(devices.scanners[0]!, isIdle, 'idle');
    const scanned = nextEvent<ScanEvent>((l) => devices.onScan(l), 'typed scan');
    typed.push('4006381333931');
    more();
    expect(await scanned).toMatchObject({ code: '4006381333931', source: 'serial' });
    await io.line(/^scanned 4006381333931/);
  });
});

describe.skipIf(!socatAvailable)('tillproof emulate scale', () => {
  it('answers the driver with the --weight it was given, and takes typed commands', async () => {
    const io = recordingIo();
    const stop = new AbortController();
    const typed: string[] = [];
    let more: () => void = () => {};
    const input = (async function* () {
      for (;;) {
        while (typed.length) yield typed.shift()!;
        await new Promise<void>((r) => (more = r));
      }
    })();
    const running = emulateCommand(['scale', '--pty', '--weight', '1234'], io, { signal: stop.signal, input });
    cleanups.push(async () => {
      stop.abort();
      more();
      expect(await running).toBe(0);
    });
    const path = (await io.line(/scale serial port \(give this path to the till\): (\S+)/))[1]!;
    const devices = createDevices(
      parseDevicesConfig({ scale: { type: 'scale', transport: { kind: 'serial', path }, reconnect: FAST_RECONNECT } }),
      { log: collectingLog().log },
    );
    cleanups.push(() => devices.stop());
    await devices.start();
    await statusWhere(devices.scale!, isIdle, 'idle');
    expect(await devices.scale!.read()).toEqual({ state: 'stable', grams: 1234, net: false });
    typed.push('motion');
    more();
    await io.line(/^ok motion/);
    expect(await devices.scale!.read()).toEqual({ state: 'motion' });
  });
});
