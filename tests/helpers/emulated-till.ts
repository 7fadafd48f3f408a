// A till served with emulated devices, as a cashier finds it after signing in: the real terminal
// runtime on the demo data in a temp dir, the real ESC/POS driver talking TCP on 127.0.0.1 to
// strict virtual printers that decode what they are sent, the cashier S001 signed in and the
// drawer opened with 2 x 1000.
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { startEmbeddedEmulators, type EmbeddedEmulators } from '../../host/embedded-devices.ts';
import { startTerminal, type TerminalRuntime } from '../../host/terminal-runtime.ts';
import { dispatchCall } from '../../host/dispatch.ts';
import { VirtualPrinter } from '../../hardware/emulators/virtual-printer.ts';
import type { MethodName, ParamsInput, Result } from '../../core/contract/methods.ts';
import type { HostErrorShape } from '../../core/contract/errors.ts';
import type { TerminalConfig } from '../../core/config/terminal-config.ts';
import { tempDir } from './ledger.ts';
import { isIdle, statusWhere } from '../integration/hardware/helpers.ts';

export interface EmulatedTill<P extends string = never> {
  runtime: TerminalRuntime;
  /** The embedded default's devices (a printer with its drawer), when no `printers` were named. */
  emulators: EmbeddedEmulators | null;
  /** The named printers, in the order given; the first is the primary and holds the drawer. */
  printers: Record<P, VirtualPrinter>;
  /** A contract call through the host's dispatcher; a typed error is thrown with its `code`. */
  call<M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>>;
  /** A call expected to fail: its typed error. */
  fail(method: MethodName, params: unknown): Promise<HostErrorShape>;
  /** Stops the till, then the printers, and removes the data dir. */
  close(): Promise<void>;
}

export interface EmulatedTillOptions<P extends string> {
  /** Prefix of the temp data dir. */
  tempPrefix?: string;
  /**
   * Named receipt printers, each a virtual ESC/POS printer in Big5 (the demo store's zh-TW) over
   * TCP. Omitted: the embedded default the host starts when no device is configured.
   */
  printers?: readonly P[];
}

/** Starts a virtual printer per name into `printers`; returns the demo config with them as its devices. */
async function startNamedPrinters<P extends string>(names: readonly P[], printers: Record<P, VirtualPrinter>): Promise<TerminalConfig> {
  const devices: Record<string, unknown> = {};
  for (const name of names) {
    const printer = new VirtualPrinter({ kanjiEncoding: 'big5' });
    printers[name] = printer;
    devices[name] = {
      type: 'printer',
      transport: { kind: 'tcp', host: '127.0.0.1', port: await printer.listenTcp(0, '127.0.0.1') },
      encoding: 'big5',
    };
  }
  devices.drawer = { type: 'drawer', connection: { kind: 'printer', printer: names[0] }, sensor: { polarity: 'high-is-open' } };
  return parseConfig({ ...DEMO_CONFIG, devices }, `${names.length} printers`);
}

export async function startEmulatedTill<P extends string = never>(options: EmulatedTillOptions<P> = {}): Promise<EmulatedTill<P>> {
  const dir = tempDir(options.tempPrefix ?? 'tillproof-emu-');
  let emulators: EmbeddedEmulators | null = null;
  // Filled by startNamedPrinters, one entry per name in options.printers: empty without them.
  const printers = {} as Record<P, VirtualPrinter>;
  let config: TerminalConfig;
  if (options.printers) {
    config = await startNamedPrinters(options.printers, printers);
  } else {
    emulators = (await startEmbeddedEmulators(parseConfig(DEMO_CONFIG, 'demo'), dir.path))!;
    config = emulators.config;
  }
  const runtime = startTerminal({ dataDir: dir.path, config, demo: true });
  const log = { error: () => undefined };
  const call = async <M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>> => {
    const r = await dispatchCall(runtime.handlers, method, params, log);
    if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
    return r.result as Result<M>;
  };
  const fail = async (method: MethodName, params: unknown): Promise<HostErrorShape> => {
    const r = await dispatchCall(runtime.handlers, method, params, log);
    if (r.ok) throw new Error(`${method} was expected to fail`);
    return r.error;
  };
  const close = async (): Promise<void> => {
    await runtime.close();
    await emulators?.close();
    for (const printer of Object.values<VirtualPrinter>(printers)) await printer.close();
    dir.cleanup();
  };
  try {
    for (const printer of runtime.hardware.printers) await statusWhere(printer, isIdle, 'idle');
    await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await call('till.openDrawer', { counts: [{ value: 1000, count: 2 }] });
  } catch (e) {
    await close();
    throw e;
  }
  return { runtime, emulators, printers, call, fail, close };
}
