// A real terminal (host + sync runner) on an enrolled test ledger, syncing with a test HQ at
// short intervals, for the tests where HQ changes something under a running till.
import type { RunningHq } from '../../hq/server.ts';
import type { TerminalConfigInput } from '../../core/config/terminal-config.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { loadDemoData } from '../../host/demo-data.ts';
import { dispatchCall } from '../../host/dispatch.ts';
import { startTerminal, type TerminalRuntime } from '../../host/terminal-runtime.ts';
import { MemoryDrawer, MemoryPrinter } from '../../hardware/virtual/memory-devices.ts';
import { enroll, openTestTerminal, type TestTerminal } from './hq.ts';

export type Reply = { ok: true; result: Record<string, unknown> } | { ok: false; error: { code: string; message?: string } };

export interface SyncingTill {
  terminal: TestTerminal;
  runtime: TerminalRuntime;
  printer: MemoryPrinter;
  /** A contract call as the screens make it; the reply, success or typed error. */
  call(method: string, params?: unknown): Promise<Reply>;
  /** The same, throwing on an error. */
  ok(method: string, params?: unknown): Promise<Record<string, unknown>>;
}

/** Enrolls a demo-data ledger for `terminalId` at `hq`, then runs the real terminal on it. */
export async function startSyncingTill(
  hq: RunningHq,
  terminalId: string,
  options: {
    config?: Partial<TerminalConfigInput>;
    prepare?: (t: TestTerminal) => void;
    /** Where the till reaches HQ (a proxy in front of it); default HQ itself. */
    hqUrl?: string;
    clock?: Clock;
  } = {},
): Promise<SyncingTill> {
  const config = parseConfig({ ...DEMO_CONFIG, ...options.config, terminal: { terminalId } }, 'test');
  const terminal = openTestTerminal(terminalId, 'DEMO-STORE');
  loadDemoData(terminal.store);
  options.prepare?.(terminal);
  await enroll(hq, terminal);
  terminal.close();
  const printer = new MemoryPrinter();
  const runtime = startTerminal({
    dataDir: terminal.dataDir,
    config,
    demo: false,
    printer,
    drawer: new MemoryDrawer(),
    hqUrl: options.hqUrl ?? hq.url,
    ...(options.clock ? { clock: options.clock } : {}),
    sync: { idleIntervalMs: 30, masterDataIntervalMs: 30, backoff: { baseMs: 20, maxMs: 100, factor: 2 } },
  });
  const call = async (method: string, params: unknown = {}) =>
    (await dispatchCall(runtime.handlers, method, params, { error: () => undefined })) as Reply;
  const ok = async (method: string, params: unknown = {}) => {
    const r = await call(method, params);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message ?? ''}`);
    return r.result;
  };
  return { terminal, runtime, printer, call, ok };
}
