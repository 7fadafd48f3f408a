import type { HostToMain, MainToHost, StartMessage } from './host-protocol.ts';
import { hostStatus, type HostState, type HostStatus } from './host-status.ts';
import { DEFAULT_RESTART_POLICY, nextRestart, recentCrashes, type RestartPolicy } from './restart-policy.ts';
import type { Timers } from './timers.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { Logger } from '../host/logger.ts';

// Keeps one host process running: launches it, sends 'start', attaches the relay when it says
// 'ready', restarts it with backoff when it dies (bounded by the restart policy), stops
// restarting when the failure is one a restart cannot fix, and on stop asks it to close the
// ledger, waiting for it (then killing it if it hangs). How a process is launched is behind
// HostLauncher: Electron's utilityProcess in the app, child_process.fork or a fake in tests.

/** One running host process, as main sees it. */
export interface HostChild {
  send(message: MainToHost): void;
  onMessage(handler: (message: HostToMain) => void): void;
  onExit(handler: (code: number | null) => void): void;
  /** `force`: no chance to clean up (SIGKILL), for a host that does not answer. */
  kill(force: boolean): void;
}

export interface HostLauncher {
  launch(): HostChild;
}

/** What the supervisor needs of the relay (electron/host-relay.ts). */
export interface RelayPort {
  attach(send: (text: string) => void): void;
  detach(reason: 'restarting' | 'failed' | 'stopping'): void;
  receive(text: string): void;
}

export interface HostSupervisorOptions {
  launcher: HostLauncher;
  /** Asked at each launch (main reads the terminal key from the keychain then; electron/terminal-key-vault.ts). */
  startMessage: () => StartMessage | Promise<StartMessage>;
  relay: RelayPort;
  timers: Timers;
  onStatus(status: HostStatus): void;
  log: Pick<Logger, 'info' | 'warn'>;
  policy?: RestartPolicy;
  /** A host not ready after this long is killed and counts as a crash. */
  startTimeoutMs?: number;
  /** How long stop() waits for the host to close its ledger before killing it. */
  stopTimeoutMs?: number;
}

export class HostSupervisor {
  private readonly options: HostSupervisorOptions;
  private readonly policy: RestartPolicy;
  private child: HostChild | null = null;
  private childReady = false;
  private crashes: number[] = [];
  private lastError: { code: string; message: string } | null = null;
  private permanent = false;
  private restartTimer: unknown = null;
  private startTimer: unknown = null;
  private generation = 0;
  private current: HostStatus = hostStatus('stopped');
  private stopping: Promise<void> | null = null;
  /** Set before anything else in stop(), so an exit during it is never taken for a crash. */
  private stopRequested = false;
  private exitWaiters: Array<() => void> = [];

  constructor(options: HostSupervisorOptions) {
    this.options = options;
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
  }

  status(): HostStatus {
    return this.current;
  }

  start(): void {
    if (this.child || this.stopRequested) return;
    this.setStatus('starting');
    this.launch();
  }

  /** After the supervisor gave up (or a permanent failure was fixed by IT): start afresh. */
  retry(): void {
    if (this.current.state !== 'failed' || this.stopRequested) return;
    this.crashes = [];
    this.permanent = false;
    this.lastError = null;
    this.setStatus('starting');
    this.launch();
  }

  private setStatus(state: HostState, fields: Partial<Omit<HostStatus, 'state' | 'messageKey'>> = {}): void {
    this.current = hostStatus(state, { generation: this.generation, ...fields });
    this.options.onStatus(this.current);
  }

  private launch(): void {
    this.restartTimer = null;
    if (this.stopRequested) return;
    this.childReady = false;
    let child: HostChild;
    try {
      child = this.options.launcher.launch();
    } catch (e) {
      this.lastError = { code: 'host.launch-failed', message: errorMessage(e) };
      this.afterExit(null);
      return;
    }
    this.child = child;
    child.onMessage((message) => this.onMessage(child, message));
    child.onExit((code) => this.onExit(child, code));
    this.startTimer = this.options.timers.setTimeout(() => {
      if (this.child !== child || this.childReady) return;
      this.lastError = { code: 'host.start-timeout', message: 'the till service did not start in time' };
      this.options.log.warn('host start timed out; killing it');
      child.kill(true);
    }, this.options.startTimeoutMs ?? 60_000);
    let message: StartMessage | Promise<StartMessage>;
    try {
      message = this.options.startMessage();
    } catch (e) {
      message = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (!(message instanceof Promise)) {
      child.send(message);
      return;
    }
    message.then(
      (m) => {
        if (this.child === child) child.send(m);
      },
      (e: unknown) => {
        if (this.child !== child) return;
        this.lastError = { code: 'host.start-failed', message: errorMessage(e) };
        child.kill(false);
      },
    );
  }

  private onMessage(child: HostChild, message: HostToMain): void {
    if (child !== this.child) return;
    switch (message.type) {
      case 'frame':
        this.options.relay.receive(message.text);
        return;
      case 'ready':
        this.options.timers.clearTimeout(this.startTimer);
        this.childReady = true;
        this.lastError = null;
        this.generation++;
        this.options.relay.attach((text) => child.send({ type: 'frame', text }));
        this.options.log.info('host ready', { terminalId: message.terminalId, ledger: message.ledgerPath, generation: this.generation });
        this.setStatus('running', { attempt: recentCrashes(this.crashes, this.options.timers.now(), this.policy).length });
        return;
      case 'fatal':
        this.lastError = { code: message.code, message: message.message };
        if (!message.retryable) this.permanent = true;
        return;
      case 'closed':
        return;
    }
  }

  private onExit(child: HostChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.childReady = false;
    this.options.timers.clearTimeout(this.startTimer);
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of waiters) w();
    if (this.stopRequested) {
      this.options.relay.detach('stopping');
      return;
    }
    this.options.log.warn('host exited', { code, error: this.lastError });
    this.afterExit(code);
  }

  private afterExit(code: number | null): void {
    const error = this.lastError ?? { code: 'host.exited', message: `the till service stopped (exit code ${code ?? 'none'})` };
    if (this.permanent) {
      this.options.relay.detach('failed');
      this.setStatus('failed', { error });
      return;
    }
    const now = this.options.timers.now();
    this.crashes = [...recentCrashes(this.crashes, now, this.policy), now];
    const decision = nextRestart(this.crashes, now, this.policy);
    if (decision.action === 'give-up') {
      this.options.relay.detach('failed');
      this.setStatus('failed', { attempt: decision.attempt, error });
      return;
    }
    this.options.relay.detach('restarting');
    this.setStatus('restarting', { attempt: decision.attempt, retryInMs: decision.delayMs, error });
    this.restartTimer = this.options.timers.setTimeout(() => this.launch(), decision.delayMs);
  }

  /** Graceful: the host lets calls in flight finish and closes the ledger. Safe to call twice. */
  stop(): Promise<void> {
    this.stopRequested = true;
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    this.options.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.setStatus('stopping');
    const child = this.child;
    if (child) {
      const exited = new Promise<'exited'>((resolve) => this.exitWaiters.push(() => resolve('exited')));
      const timeout = (ms: number) => new Promise<'timeout'>((resolve) => this.options.timers.setTimeout(() => resolve('timeout'), ms));
      child.send({ type: 'shutdown' });
      if ((await Promise.race([exited, timeout(this.options.stopTimeoutMs ?? 25_000)])) === 'timeout') {
        this.options.log.warn('host did not close in time; killing it');
        child.kill(true);
        await Promise.race([exited, timeout(3000)]);
      }
    }
    this.child = null;
    this.options.relay.detach('stopping');
    this.setStatus('stopped');
  }
}
