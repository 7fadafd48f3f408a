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

export function runHostService(options: HostServiceOptions): HostService {
  const { control, log } = options;
  const start = options.start ?? startTerminal;
  let frames = options.frames;
  let runtime: TerminalRuntime | null = null;
  let starting = false;
  let closing: Promise<void> | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;

  const reply = (text: string) => frames?.send(text);

  const onFrame = (text: string) => {
    if (!runtime || closing) {
      // Not serving: answer so the caller does not wait (main refuses calls before 'ready' anyway).
      let id = -1;
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'number') id = parsed.id;
      } catch {
        // not JSON: id stays -1
      }
      reply(
        JSON.stringify({
          type: 'result',
          id,
          ok: false,
          error: { code: 'internal', messageKey: 'error.shell.stopping', message: 'the till service is not serving' },
        }),
      );
      return;
    }
    inFlight++;
    const handlers = runtime.handlers;
    void dispatchFrame(handlers, text, log)
      .then((result) => {
        if (result) reply(JSON.stringify(result));
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
  };

  const attachFrames = (link: FrameLink) => {
    frames = link;
    link.onFrame(onFrame);
  };
  if (frames) attachFrames(frames);

  const open = (message: StartMessage) => {
    if (runtime || starting || closing) return;
    starting = true;
    try {
      let config;
      if (message.configPath) config = loadConfigFile(message.configPath);
      else if (message.demo) config = parseConfig(DEMO_CONFIG, 'embedded demo config');
      else throw Object.assign(new Error('this terminal has no config file'), { code: 'config.missing' });
      // Main could not open the keychain-protected key: say why; never start (or create a key) without it.
      const key = message.terminalKey ?? { kind: 'file' };
      if (key.kind === 'refused') throw Object.assign(new Error(key.message), { code: key.code });
      const terminalKey = key.kind === 'provided' ? { terminalKey: { pem: key.pem } } : {};
      runtime = start({ dataDir: message.dataDir, config, demo: message.demo && !message.configPath, log, ...terminalKey });
      runtime.subscribe((event, payload) => {
        const msg: EventMessage = { type: 'event', event, payload };
        reply(JSON.stringify(msg));
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
      starting = false;
    }
  };

  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      log.info('host shutting down', { reason, inFlight });
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, options.drainTimeoutMs ?? 20_000).unref?.();
        });
      }
      try {
        await runtime?.close();
      } catch (e) {
        log.error('closing the ledger failed', { error: errorMessage(e) });
      }
      runtime = null;
      control.post({ type: 'closed' });
      options.exit(0);
    })();
    return closing;
  };

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
        open(message);
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
