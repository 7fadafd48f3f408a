import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '../../../core/contract/index.ts';
import type { CallEnvelope } from '../../../electron/call-envelope.ts';
import { HostRelay } from '../../../electron/host-relay.ts';
import type { TerminalKeySource } from '../../../electron/host-protocol.ts';
import type { HostState, HostStatus } from '../../../electron/host-status.ts';
import { HostSupervisor } from '../../../electron/host-supervisor.ts';
import { systemTimers } from '../../../electron/timers.ts';
import { forkHostLauncher, type ForkLauncher } from './fork-launcher.ts';

// Main's supervisor and relay around a forked host process, with helpers to call and wait.

const root = join(import.meta.dirname, '../../..');
export const HOST_ENTRY = join(root, 'electron', 'host-process.ts');

export interface Harness {
  supervisor: HostSupervisor;
  relay: HostRelay;
  launcher: ForkLauncher;
  statuses: HostStatus[];
  events: Array<[string, unknown]>;
  dataDir: string;
  call(method: MethodName, params?: unknown): Promise<unknown>;
  waitFor(state: HostState, generation?: number): Promise<HostStatus>;
}

const running: Harness[] = [];

/** `terminalKey`: what main would put in 'start' (electron/terminal-key-vault.ts), asked at each launch. */
export function harness(
  options: {
    entry?: string;
    configPath?: string | null;
    demo?: boolean;
    terminalKey?: (dataDir: string) => Promise<TerminalKeySource>;
  } = {},
): Harness {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'tp-host-')), 'data');
  const launcher = forkHostLauncher(options.entry ?? HOST_ENTRY);
  const statuses: HostStatus[] = [];
  const events: Array<[string, unknown]> = [];
  const relay = new HostRelay({
    timers: systemTimers,
    callTimeoutMs: 30_000,
    onEvent: (e, p) => events.push([e, p]),
    log: { warn: () => undefined },
  });
  const supervisor = new HostSupervisor({
    launcher,
    relay,
    timers: systemTimers,
    startMessage: () => {
      const base = { type: 'start', dataDir, configPath: options.configPath ?? null, demo: options.demo ?? true } as const;
      const key = options.terminalKey;
      return key ? key(dataDir).then((terminalKey) => ({ ...base, terminalKey })) : base;
    },
    onStatus: (s) => statuses.push(s),
    log: { info: () => undefined, warn: () => undefined },
    policy: { initialDelayMs: 50, maxDelayMs: 200, maxRestarts: 3, windowMs: 60_000 },
    startTimeoutMs: 30_000,
    stopTimeoutMs: 15_000,
  });
  const h: Harness = {
    supervisor,
    relay,
    launcher,
    statuses,
    events,
    dataDir,
    async call(method, params = {}) {
      const answer: CallEnvelope = await relay.call(method, params);
      if (!answer.ok) throw Object.assign(new Error(`${method}: ${answer.error.code} ${answer.error.message}`), { shape: answer.error });
      return answer.result;
    },
    async waitFor(state, generation) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const s = supervisor.status();
        if (s.state === state && (generation === undefined || s.generation >= generation)) return s;
        if (Date.now() > deadline) throw new Error(`host never reached ${state}; it is ${JSON.stringify(s)}\n${launcher.output.join('')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  running.push(h);
  return h;
}

export async function stopHarnesses(): Promise<void> {
  for (const h of running.splice(0)) {
    await h.supervisor.stop();
    for (const c of h.launcher.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}
