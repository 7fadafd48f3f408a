// `tillproof emulate ...` (virtual devices for tests, demos and IT training) and
// `tillproof devices ...` (what is configured, what is attached, does it work).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { DeviceConfigError, PAPER_DEFAULTS, parseDevicesConfig, type DevicesConfig, type TransportConfig } from '../core/config/devices.ts';
import { scanConfigSchema, type ScanConfig } from '../core/catalog/barcode.ts';
import type { DeviceStatus, ReceiptDocument } from '../core/contract/views.ts';
import { VirtualPrinter } from '../hardware/emulators/virtual-printer.ts';
import { PtyPair, ptyPairPaths, removePtyPaths } from '../hardware/emulators/pty-pair.ts';
import { SerialScannerEmulator } from '../hardware/emulators/serial-scanner-emulator.ts';
import { ScaleEmulator } from '../hardware/emulators/scale-emulator.ts';
import { createDevices, printerEncoding, type TerminalDevices } from '../hardware/create-devices.ts';
import { discoverDevices } from '../hardware/discovery.ts';
import { silentLog, type DeviceLog } from '../hardware/device.ts';
import { errorWithCode } from '../hardware/error-message.ts';
import type { KanjiEncoding } from '../hardware/protocols/escpos/cjk.ts';
import type { ScanSuffix } from '../core/scanning/framing.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const EMULATE_USAGE = `Usage:
  tillproof emulate printer [--tcp PORT] [--pty] [--out DIR] [--control PORT]
                            [--encoding gb18030|big5|shift_jis] [--width 58|80]
                            [--drawer-close-ms N] [--paper-lines N] [--command-set escpos|star]
      A virtual ESC/POS printer (or, with --command-set star, a Star Line Mode printer) with a
      cash drawer on 127.0.0.1 (and/or a serial pty).
      Receipts are written to DIR as .txt, .png and .bin. The control port takes one command
      per line: paper-out, paper-ok, paper-near-end, paper-lines N, cover-open, cover-close,
      offline, online, open-drawer, close-drawer, clear-error, unplug, status.
  tillproof emulate scanner --pty [--suffix cr|lf|crlf|timeout] [--scan CODE]...
      A serial scanner on a pty: each line typed on standard input is sent as a scan.
  tillproof emulate scale --pty [--capacity GRAMS] [--weight GRAMS]
      A Mettler Toledo 8217 scale on a pty: it answers the till's "W" with what is on its
      platter. Each line typed on standard input is a command: weight GRAMS, motion, stable,
      silent, answer, status.`;

export const DEVICES_USAGE = `Usage:
  tillproof devices list       [--config FILE]   configured devices, and devices attached to this machine
  tillproof devices status     [--config FILE] [--wait MS] [--json]
  tillproof devices test-print [--config FILE] [--drawer]
      FILE is the terminal config (its "devices" section is used) or a devices section alone;
      default $TILLPROOF_CONFIG. status exits 1 when a device is offline or in error.`;

export interface DeviceCommandOptions {
  /** Stops a running emulator (default: SIGINT or SIGTERM). */
  signal?: AbortSignal;
  /** Lines for the scanner emulator (default: standard input). */
  input?: AsyncIterable<string>;
  log?: DeviceLog;
}

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--${name} takes a port number (0 for any free port), not "${value}"`);
  return Number(value);
}

function countOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      done();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    if (!signal) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
}

// ------------------------------------------------------------------ emulate

export async function emulateCommand(args: string[], io: CommandIo, options: DeviceCommandOptions = {}): Promise<number> {
  const [what, ...rest] = args;
  switch (what) {
    case 'printer':
      return emulatePrinter(rest, io, options);
    case 'scanner':
      return emulateScanner(rest, io, options);
    case 'scale':
      return emulateScale(rest, io, options);
    default:
      throw new UsageError(
        what ? `unknown device to emulate "${what}" (printer, scanner or scale)` : 'emulate what? printer, scanner or scale',
      );
  }
}

const ENCODINGS: readonly KanjiEncoding[] = ['gb18030', 'big5', 'shift_jis'];

async function emulatePrinter(args: string[], io: CommandIo, options: DeviceCommandOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      tcp: { type: 'string' },
      pty: { type: 'boolean' },
      out: { type: 'string' },
      control: { type: 'string' },
      encoding: { type: 'string', default: 'gb18030' },
      width: { type: 'string', default: '80' },
      'drawer-close-ms': { type: 'string' },
      'paper-lines': { type: 'string' },
      'command-set': { type: 'string', default: 'escpos' },
    },
    strict: true,
  });
  const tcp = portOption(values.tcp, 'tcp');
  const control = portOption(values.control, 'control');
  if (tcp === undefined && !values.pty) throw new UsageError('give --tcp PORT, --pty, or both');
  const encoding = ENCODINGS.find((e) => e === values.encoding);
  if (!encoding) throw new UsageError(`--encoding is gb18030, big5 or shift_jis, not "${values.encoding}"`);
  if (values.width !== '58' && values.width !== '80') throw new UsageError(`--width is 58 or 80, not "${values.width}"`);
  const commandSet = values['command-set'];
  if (commandSet !== 'escpos' && commandSet !== 'star') throw new UsageError(`--command-set is escpos or star, not "${commandSet}"`);
  const drawerCloseAfterMs = countOption(values['drawer-close-ms'], 'drawer-close-ms');
  const paperLines = countOption(values['paper-lines'], 'paper-lines');

  const printer = new VirtualPrinter({
    commandSet,
    kanjiEncoding: encoding,
    paperWidthDots: values.width === '58' ? 384 : 576,
    outDir: values.out ? resolve(values.out) : null,
    drawerCloseAfterMs: drawerCloseAfterMs ?? null,
    ...(paperLines !== undefined ? { paperLines } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  printer.onReceipt((r) => io.out(`receipt ${r.number} printed${r.files ? `: ${r.files.text} ${r.files.png}` : ''}`));
  printer.onDrawer((open) => io.out(`drawer ${open ? 'opened' : 'closed'}`));
  printer.onFault((f) => io.err(`printer error: ${f.message} (byte ${f.offset}); "clear-error" on the control port resets it`));
  let pair: PtyPair | null = null;
  try {
    if (tcp !== undefined) io.out(`printer listening on tcp 127.0.0.1:${await printer.listenTcp(tcp)}`);
    if (control !== undefined) {
      // Printed for the person who started the emulator; other local users reach the port but not this output.
      io.out(`control channel on tcp 127.0.0.1:${await printer.listenControl(control)}; send "token ${printer.controlToken}" first`);
    }
    if (values.pty) {
      pair = await PtyPair.open(ptyPairPaths(undefined, 'printer'), undefined, { holdHost: true });
      await printer.attachSerial(pair.devicePath);
      pair.publishHost();
      io.out(`printer serial port (give this path to the till): ${pair.hostPath}`);
    }
    if (values.out) io.out(`receipts are written to ${resolve(values.out)}`);
    io.out('ready; Ctrl-C stops');
    await untilStopped(options.signal);
  } finally {
    await printer.close();
    await pair?.close();
    if (pair) removePtyPaths(pair.paths);
  }
  return EXIT.ok;
}

async function emulateScanner(args: string[], io: CommandIo, options: DeviceCommandOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { pty: { type: 'boolean' }, suffix: { type: 'string', default: 'cr' }, scan: { type: 'string', multiple: true } },
    strict: true,
  });
  if (!values.pty) throw new UsageError('the scanner emulator runs on a pty: give --pty');
  const suffixes: readonly ScanSuffix[] = ['cr', 'lf', 'crlf', 'timeout'];
  const suffix = suffixes.find((s) => s === values.suffix);
  if (!suffix) throw new UsageError(`--suffix is cr, lf, crlf or timeout, not "${values.suffix}"`);
  const scanner = await SerialScannerEmulator.start({ suffix });
  try {
    io.out(`scanner serial port (give this path to the till): ${scanner.hostPath}`);
    for (const code of values.scan ?? []) await scanner.scan(code);
    const input = options.input ?? createInterface({ input: process.stdin, terminal: false });
    const stopped = untilStopped(options.signal);
    const typing = (async () => {
      for await (const line of input) {
        const code = line.trim();
        if (!code) continue;
        await scanner.scan(code);
        io.out(`scanned ${code}`);
      }
    })();
    await Promise.race([stopped, typing.then(() => stopped)]);
  } finally {
    await scanner.close();
  }
  return EXIT.ok;
}

async function emulateScale(args: string[], io: CommandIo, options: DeviceCommandOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { pty: { type: 'boolean' }, capacity: { type: 'string' }, weight: { type: 'string' } },
    strict: true,
  });
  if (!values.pty) throw new UsageError('the scale emulator runs on a pty: give --pty');
  const capacityGrams = countOption(values.capacity, 'capacity');
  const scale = new ScaleEmulator(capacityGrams === undefined ? {} : { capacityGrams });
  try {
    await scale.plugIn();
    io.out(`scale serial port (give this path to the till): ${scale.hostPath}`);
    if (values.weight !== undefined) io.out(scale.command(`weight ${values.weight}`));
    const input = options.input ?? createInterface({ input: process.stdin, terminal: false });
    const stopped = untilStopped(options.signal);
    const typing = (async () => {
      for await (const line of input) if (line.trim()) io.out(scale.command(line));
    })();
    await Promise.race([stopped, typing.then(() => stopped)]);
  } finally {
    await scale.close();
  }
  return EXIT.ok;
}

// ------------------------------------------------------------------ devices

interface LoadedDevices {
  devices: DevicesConfig;
  locale: string | undefined;
  scan: ScanConfig | undefined;
}

function loadDevices(file: string | undefined): LoadedDevices {
  const path = file ?? process.env.TILLPROOF_CONFIG;
  if (!path) throw new UsageError('give the terminal config with --config FILE (or set TILLPROOF_CONFIG)');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path}: cannot read the config (${errorWithCode(e)})`);
  }
  const whole =
    typeof json === 'object' && json !== null && 'devices' in json
      ? (json as { devices: unknown; store?: { locale?: unknown }; scan?: unknown })
      : null;
  const devices = parseDevicesConfig(whole ? whole.devices : json);
  const locale = typeof whole?.store?.locale === 'string' ? whole.store.locale : undefined;
  const scan = whole?.scan === undefined ? undefined : scanConfigSchema.safeParse(whole.scan);
  return { devices, locale, scan: scan?.success ? scan.data : undefined };
}

function describeTransport(t: TransportConfig): string {
  switch (t.kind) {
    case 'tcp':
      return `tcp ${t.host}:${t.port}`;
    case 'serial':
      return `serial ${t.path} ${t.baudRate} ${t.dataBits}${t.parity[0]!.toUpperCase()}${t.stopBits} flow ${t.flowControl}`;
    case 'device-file':
      return `device file ${t.path}${t.bidirectional ? ' (bidirectional)' : ''}`;
    case 'spooler':
      return `spooler queue ${t.queue} (raw)`;
    case 'hid':
      return `hid ${t.vendorId.toString(16).padStart(4, '0')}:${t.productId.toString(16).padStart(4, '0')}${t.path ? ` ${t.path}` : ''}`;
  }
}

export async function devicesCommand(args: string[], io: CommandIo, options: DeviceCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'list':
        return await list(rest, io);
      case 'status':
        return await status(rest, io, options);
      case 'test-print':
        return await testPrint(rest, io, options);
      default:
        throw new UsageError(sub ? `unknown devices command "${sub}"` : 'missing devices command (list, status or test-print)');
    }
  } catch (e) {
    if (e instanceof DeviceConfigError) {
      io.err(`tillproof: ${e.message} [${e.code}]`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function list(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
  if (values.config || process.env.TILLPROOF_CONFIG) {
    const { devices, locale } = loadDevices(values.config);
    io.out('Configured:');
    if (Object.keys(devices).length === 0) io.out('  (none)');
    for (const [id, d] of Object.entries(devices)) {
      const link =
        d.type === 'drawer'
          ? d.connection.kind === 'printer'
            ? `through printer ${d.connection.printer}`
            : describeTransport(d.connection.transport)
          : describeTransport(d.transport);
      const extra =
        d.type === 'printer'
          ? `, ${d.commandSet}, ${d.paper.widthMm} mm, ${printerEncoding(d.encoding, locale)}`
          : d.type === 'scanner'
            ? `, suffix ${d.suffix}`
            : d.type === 'drawer'
              ? `, sensor ${d.sensor.polarity}`
              : d.type === 'scale'
                ? `, ${d.protocol}`
                : `, ${d.columns}x${d.rows} ${d.encoding}`;
      io.out(`  ${id.padEnd(12)} ${d.type.padEnd(8)} ${link}${extra}`);
    }
  }
  const found = await discoverDevices();
  io.out('Attached to this machine:');
  if (found.devices.length === 0) io.out('  (none found)');
  for (const d of found.devices) io.out(`  ${d.kind.padEnd(12)} ${d.path}  ${d.description}`);
  for (const p of found.problems) io.out(`  (could not list ${p})`);
  return EXIT.ok;
}

function startDevices(loaded: LoadedDevices, options: DeviceCommandOptions): TerminalDevices {
  return createDevices(loaded.devices, {
    ...(loaded.locale ? { locale: loaded.locale } : {}),
    ...(loaded.scan ? { scanConfig: loaded.scan } : {}),
    log: options.log ?? silentLog,
  });
}

/** Waits until every device has reported how its first connection went (or `ms` passes). */
async function settle(devices: TerminalDevices, ms: number): Promise<void> {
  const started = new Map(devices.all.map((d) => [d.id, JSON.stringify(d.status())]));
  const settled = (): boolean =>
    devices.all.every((d) => {
      const s = d.status();
      return JSON.stringify(s) !== started.get(d.id) && s.state !== 'busy';
    });
  const deadline = Date.now() + ms;
  while (!settled() && Date.now() < deadline) {
    await new Promise<void>((r) => {
      const off = devices.onStatus(() => {
        off();
        r();
      });
      setTimeout(
        () => {
          off();
          r();
        },
        Math.max(1, Math.min(100, deadline - Date.now())),
      );
    });
  }
}

function statusLine(s: DeviceStatus): string {
  const flags = s.flags
    ? Object.entries(s.flags)
        .filter(([, v]) => v)
        .map(([k]) => k)
    : [];
  return `${s.device.padEnd(8)} ${s.id.padEnd(12)} ${s.state.padEnd(8)}${s.detail ? ` ${s.detail}` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`;
}

async function status(args: string[], io: CommandIo, options: DeviceCommandOptions): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, wait: { type: 'string', default: '3000' }, json: { type: 'boolean' } },
    strict: true,
  });
  const wait = countOption(values.wait, 'wait')!;
  const devices = startDevices(loadDevices(values.config), options);
  try {
    await devices.start();
    await settle(devices, wait);
    const statuses = devices.statuses();
    if (values.json) io.out(JSON.stringify({ statuses, statistics: devices.statistics() }));
    else for (const s of statuses) io.out(statusLine(s));
    return statuses.every((s) => s.state === 'idle' || s.state === 'busy') ? EXIT.ok : EXIT.failed;
  } finally {
    await devices.stop();
  }
}

/** A receipt that exercises what can go wrong: CJK text, columns, a barcode, a QR code, the cut. */
export function testReceipt(width: number, encodingName: string): ReceiptDocument {
  return {
    receiptNo: 0,
    kind: 'report',
    copyNo: 0,
    training: true,
    width,
    lines: [
      { type: 'text', text: 'Tillproof test print', align: 'center', bold: true, size: 'double' },
      { type: 'text', text: `encoding ${encodingName}`, align: 'center' },
      { type: 'rule' },
      { type: 'text', text: '中文測試 中文测试 日本語テスト' },
      { type: 'pair', left: 'Oolong tea 烏龍茶', right: '35.00' },
      { type: 'pair', left: 'A long item name that has to wrap onto the next line', right: '1,234.50' },
      { type: 'rule', char: '=' },
      { type: 'pair', left: 'TOTAL', right: '1,269.50', bold: true },
      { type: 'barcode', symbology: 'CODE128', data: 'TEST-0001' },
      { type: 'barcode', symbology: 'EAN13', data: '4006381333931' },
      { type: 'qr', data: 'https://tillproof.example/test-print', size: 5 },
      { type: 'text', text: new Date().toISOString(), align: 'center' },
      { type: 'feed', lines: 3 },
      { type: 'cut', partial: true },
    ],
  };
}

async function testPrint(args: string[], io: CommandIo, options: DeviceCommandOptions): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, drawer: { type: 'boolean' } }, strict: true });
  const loaded = loadDevices(values.config);
  const devices = startDevices(loaded, options);
  const printer = devices.printer;
  if (!printer) throw new UsageError('no printer is configured');
  try {
    await devices.start();
    const cfg = printer.config;
    const outcome = await printer.print(testReceipt(cfg.paper.columns ?? PAPER_DEFAULTS[cfg.paper.widthMm].columns, printer.encoding));
    io.out(
      outcome.ok
        ? `printed on ${printer.id}`
        : `NOT printed on ${printer.id}: ${outcome.reason}${outcome.detail ? ` (${outcome.detail})` : ''}`,
    );
    let ok = outcome.ok;
    if (values.drawer) {
      if (!devices.drawer) io.out('no drawer is configured');
      else {
        const opened = await devices.drawer.open();
        io.out(
          opened.ok
            ? `drawer ${devices.drawer.id} opened`
            : `drawer ${devices.drawer.id} did NOT open: ${opened.reason}${opened.detail ? ` (${opened.detail})` : ''}`,
        );
        ok &&= opened.ok;
      }
    }
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await devices.stop();
  }
}
