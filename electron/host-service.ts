import type { EventMessage } from '../core/contract/index.ts';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { dispatchFrame } from '../host/dispatch.ts';
import type { Logger } from '../host/logger.ts';
import { startTerminal, type RuntimeOptions, type TerminalRuntime } from '../host/terminal-runtime.ts';
import { isRetryableStartError, mainToHostSchema, type HostToMain, type StartMessage } from './host-protocol.ts';
import { errorMessage } from '../core/shared/errors.ts';

// The host process: waits for main's 'start', opens the terminal (host/terminal-runtime.ts),
// serves the contract on the frame link with host/dispatch.ts (every payload parsed there),
// pushes host events as event frames, and on 'shutdown' (or SIGTERM) lets the calls in flight
// finish, closes the ledger, says 'closed' and exits. Transport-free: host-process.ts gives it
// Electron's parentPort + MessagePort, or Node's fork IPC.

export interface FrameLink {
  send(text: string): void;
  onFrame(handler: (text: string) => void): void;
}

export interface ControlLink {
  post(message: HostToMain): void;
  /** `frames` is set when the message brought a frame link (Electron's MessagePort on 'connect'). */
  onMessage(handler: (message: unknown, frames: FrameLink | null) => void): void;
}

export interface HostServiceOptions {
  control: ControlLink;
  /** Fork mode: frames ride the control channel; Electron: null until 'connect' brings a port. */
  frames: FrameLink | null;
  log: Logger;
  exit(code: number): void;
  start?: (options: RuntimeOptions) => TerminalRuntime;
  /** How long shutdown waits for calls in flight (a receipt printing) before closing anyway. */
  drainTimeoutMs?: number;
}

export interface HostService {
  /** Resolves once the ledger is closed. Safe to call twice. */
  shutdown(reason: string): Promise<void>;
}

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'host.start-failed';
}

/** What the service holds between messages: the frame link, the runtime once started, and the calls in flight. */
interface HostState {
  frames: FrameLink | null;
  runtime: TerminalRuntime | null;
  starting: boolean;
  closing: Promise<void> | null;
  inFlight: number;
  drained: (() => void) | null;
}

function reply(state: HostState, text: string): void {
  state.frames?.send(text);
}

/** Not serving: answer so the caller does not wait (main refuses calls before 'ready' anyway). */
function refuseFrame(state: HostState, text: string): void {
  let id = -1;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'number') id = parsed.id;
  } catch {
    // not JSON: id stays -1
  }
  reply(
    state,
    JSON.stringify({
      type: 'result',
      id,
      ok: false,
      error: { code: 'internal', messageKey: 'error.shell.stopping', message: 'the till service is not serving' },
    }),
  );
}

function handleFrame(state: HostState, log: Logger, text: string): void {
  if (!state.runtime || state.closing) {
    refuseFrame(state, text);
    return;
  }
  state.inFlight++;
  const handlers = state.runtime.handlers;
  void dispatchFrame(handlers, text, log)
    .then((result) => {
      if (result) reply(state, JSON.stringify(result));
    })
    .finally(() => {
      state.inFlight--;
      if (state.inFlight === 0) state.drained?.();
    });
}

/** The runtime's options from main's 'start': the config file (or the demo) and the terminal key main provided. */
function runtimeOptionsFor(message: StartMessage, log: Logger): RuntimeOptions {
  let config;
  if (message.configPath) config = loadConfigFile(message.configPath);
  else if (message.demo) config = parseConfig(DEMO_CONFIG, 'embedded demo config');
  else throw Object.assign(new Error('this terminal has no config file'), { code: 'config.missing' });
  // Main could not open the keychain-protected key: say why; never start (or create a key) without it.
  const key = message.terminalKey ?? { kind: 'file' };
  if (key.kind === 'refused') throw Object.assign(new Error(key.message), { code: key.code });
  const terminalKey = key.kind === 'provided' ? { terminalKey: { pem: key.pem } } : {};
  return { dataDir: message.dataDir, config, demo: message.demo && !message.configPath, log, ...terminalKey };
}

function openRuntime(state: HostState, options: HostServiceOptions, message: StartMessage): void {
  const { control, log } = options;
  const start = options.start ?? startTerminal;
  if (state.runtime || state.starting || state.closing) return;
  state.starting = true;
  try {
    const runtimeOptions = runtimeOptionsFor(message, log);
    const { config } = runtimeOptions;
    const runtime = start(runtimeOptions);
    state.runtime = runtime;
    runtime.subscribe((event, payload) => {
      const msg: EventMessage = { type: 'event', event, payload };
      reply(state, JSON.stringify(msg));
    });
    log.info('host ready', { terminalId: config.terminal.terminalId, ledger: runtime.store.path });
    control.post({ type: 'ready', terminalId: config.terminal.terminalId, ledgerPath: runtime.store.path });
  } catch (e) {
    const code = errorCode(e);
    const text = errorMessage(e);
    log.error('host start failed', { code, error: text });
    control.post({ type: 'fatal', code, message: text, retryable: isRetryableStartError(code) });
    options.exit(1);
  } finally {
    state.starting = false;
  }
}

function shutdownHost(state: HostState, options: HostServiceOptions, reason: string): Promise<void> {
  const { control, log } = options;
  state.closing ??= (async () => {
    log.info('host shutting down', { reason, inFlight: state.inFlight });
    if (state.inFlight > 0) {
      await new Promise<void>((resolve) => {
        state.drained = resolve;
        setTimeout(resolve, options.drainTimeoutMs ?? 20_000).unref?.();
      });
    }
    try {
      await state.runtime?.close();
    } catch (e) {
      log.error('closing the ledger failed', { error: errorMessage(e) });
    }
    state.runtime = null;
    control.post({ type: 'closed' });
    options.exit(0);
  })();
  return state.closing;
}

export function runHostService(options: HostServiceOptions): HostService {
  const { control, log } = options;
  const state: HostState = { frames: options.frames, runtime: null, starting: false, closing: null, inFlight: 0, drained: null };
  const onFrame = (text: string) => handleFrame(state, log, text);
  const attachFrames = (link: FrameLink) => {
    state.frames = link;
    link.onFrame(onFrame);
  };
  if (state.frames) attachFrames(state.frames);
  const shutdown = (reason: string): Promise<void> => shutdownHost(state, options, reason);

  control.onMessage((raw, link) => {
    const parsed = mainToHostSchema.safeParse(raw);
    if (!parsed.success) {
      log.error('ignored a malformed control message', {});
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'connect':
        if (link) attachFrames(link);
        return;
      case 'start':
        openRuntime(state, options, message);
        return;
      case 'shutdown':
        void shutdown('asked by main');
        return;
      case 'frame':
        onFrame(message.text);
        return;
    }
  });

  return { shutdown };
}
