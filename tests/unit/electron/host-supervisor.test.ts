import { describe, expect, it } from 'vitest';
import type { HostToMain, MainToHost, StartMessage } from '../../../electron/host-protocol.ts';
import type { HostStatus } from '../../../electron/host-status.ts';
import { HostSupervisor, type HostChild, type HostLauncher, type RelayPort } from '../../../electron/host-supervisor.ts';
import { DEFAULT_RESTART_POLICY, nextRestart, recentCrashes, type RestartPolicy } from '../../../electron/restart-policy.ts';
import { ManualTimers } from './manual-timers.ts';

describe('restart policy', () => {
  const policy: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 4000, maxRestarts: 4, windowMs: 60_000 };

  it('doubles the delay with each crash in the window, up to the maximum', () => {
    const delays = [1, 2, 3, 4].map((n) =>
      nextRestart(
        Array.from({ length: n }, (_, i) => i * 10),
        100,
        policy,
      ),
    );
    expect(delays).toEqual([
      { action: 'restart', delayMs: 500, attempt: 1 },
      { action: 'restart', delayMs: 1000, attempt: 2 },
      { action: 'restart', delayMs: 2000, attempt: 3 },
      { action: 'restart', delayMs: 4000, attempt: 4 },
    ]);
    expect(nextRestart([0, 1, 2, 3, 4, 5, 6, 7, 8], 9, { ...policy, maxRestarts: 20 })).toMatchObject({ delayMs: 4000 });
  });

  it('gives up after too many crashes in the window', () => {
    expect(nextRestart([0, 1, 2, 3, 4], 5, policy)).toEqual({ action: 'give-up', attempt: 5 });
  });

  it('forgets crashes older than the window', () => {
    expect(recentCrashes([0, 1000, 70_000], 70_500, policy)).toEqual([70_000]);
    expect(nextRestart([0, 1, 2, 3, 70_000], 70_000, policy)).toEqual({ action: 'restart', delayMs: 500, attempt: 1 });
  });

  it('has bounded defaults', () => {
    expect(DEFAULT_RESTART_POLICY.maxRestarts).toBeGreaterThan(0);
    expect(DEFAULT_RESTART_POLICY.maxDelayMs).toBeLessThanOrEqual(60_000);
  });
});

/** A host process that does what the test tells it to. */
class FakeChild implements HostChild {
  readonly received: MainToHost[] = [];
  private messageHandlers: Array<(m: HostToMain) => void> = [];
  private exitHandlers: Array<(code: number | null) => void> = [];
  killed: 'no' | 'soft' | 'hard' = 'no';
  exited = false;
  /** Answer 'shutdown' with 'closed' and exit, like the real host. */
  closesOnShutdown = true;

  send(message: MainToHost): void {
    this.received.push(message);
    if (message.type === 'shutdown' && this.closesOnShutdown) {
      this.emit({ type: 'closed' });
      this.exit(0);
    }
  }
  onMessage(handler: (m: HostToMain) => void): void {
    this.messageHandlers.push(handler);
  }
  onExit(handler: (code: number | null) => void): void {
    this.exitHandlers.push(handler);
  }
  kill(force: boolean): void {
    this.killed = force ? 'hard' : 'soft';
    this.exit(null);
  }
  emit(message: HostToMain): void {
    for (const h of this.messageHandlers) h(message);
  }
  ready(): void {
    this.emit({ type: 'ready', terminalId: 'T1', ledgerPath: '/data/ledger.sqlite' });
  }
  exit(code: number | null): void {
    if (this.exited) return;
    this.exited = true;
    for (const h of this.exitHandlers) h(code);
  }
}

function setup(policy: Partial<RestartPolicy> = {}, startMessage?: () => Promise<StartMessage>) {
  const timers = new ManualTimers();
  const children: FakeChild[] = [];
  const launcher: HostLauncher = {
    launch: () => {
      const c = new FakeChild();
      children.push(c);
      return c;
    },
  };
  const relayLog: string[] = [];
  const frames: string[] = [];
  let attached: ((text: string) => void) | null = null;
  const relay: RelayPort = {
    attach: (send) => {
      attached = send;
      relayLog.push('attach');
    },
    detach: (reason) => {
      attached = null;
      relayLog.push(`detach:${reason}`);
    },
    receive: (text) => frames.push(text),
  };
  const statuses: HostStatus[] = [];
  const supervisor = new HostSupervisor({
    launcher,
    relay,
    timers,
    startMessage: startMessage ?? (() => ({ type: 'start', dataDir: '/data', configPath: '/etc/tillproof/config.json', demo: false })),
    onStatus: (s) => statuses.push(s),
    log: { info: () => undefined, warn: () => undefined },
    policy: { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, maxDelayMs: 1000, maxRestarts: 3, windowMs: 60_000, ...policy },
    startTimeoutMs: 5000,
    stopTimeoutMs: 2000,
  });
  const last = () => children[children.length - 1]!;
  const states = () => statuses.map((s) => s.state);
  return { timers, children, supervisor, relayLog, frames, statuses, states, last, send: (t: string) => attached?.(t) };
}

describe('host supervisor', () => {
  it('starts the host, sends start, and attaches the relay when it is ready', () => {
    const s = setup();
    s.supervisor.start();
    expect(s.last().received).toEqual([{ type: 'start', dataDir: '/data', configPath: '/etc/tillproof/config.json', demo: false }]);
    expect(s.supervisor.status().state).toBe('starting');
    s.last().ready();
    expect(s.supervisor.status()).toMatchObject({ state: 'running', messageKey: 'shell.host.running', generation: 1 });
    expect(s.relayLog).toEqual(['attach']);
    s.send('{"type":"call"}');
    s.last().emit({ type: 'frame', text: 'answer' });
    expect(s.last().received.at(-1)).toEqual({ type: 'frame', text: '{"type":"call"}' });
    expect(s.frames).toEqual(['answer']);
  });

  it('restarts a crashed host after a backoff, showing "restarting" meanwhile', () => {
    const s = setup();
    s.supervisor.start();
    s.last().ready();
    s.last().exit(139);
    expect(s.supervisor.status()).toMatchObject({
      state: 'restarting',
      messageKey: 'shell.host.restarting',
      attempt: 1,
      retryInMs: 100,
      error: { code: 'host.exited' },
    });
    expect(s.relayLog).toEqual(['attach', 'detach:restarting']);
    expect(s.children).toHaveLength(1);
    s.timers.advance(99);
    expect(s.children).toHaveLength(1);
    s.timers.advance(1);
    expect(s.children).toHaveLength(2);
    expect(s.supervisor.status().state).toBe('restarting');
    s.last().ready();
    expect(s.supervisor.status()).toMatchObject({ state: 'running', generation: 2, attempt: 1 });
  });

  it('backs off more on each crash and gives up after the policy allows no more', () => {
    const s = setup();
    s.supervisor.start();
    const delays: Array<number | null> = [];
    for (let i = 0; i < 4; i++) {
      s.last().exit(1);
      delays.push(s.supervisor.status().retryInMs);
      s.timers.advance(s.supervisor.status().retryInMs ?? 0);
    }
    expect(delays).toEqual([100, 200, 400, null]);
    expect(s.supervisor.status()).toMatchObject({ state: 'failed', messageKey: 'shell.host.failed', attempt: 4 });
    expect(s.relayLog.at(-1)).toBe('detach:failed');
    s.timers.advance(60_000);
    expect(s.children).toHaveLength(4);
  });

  it('does not restart a host that cannot start (bad config, missing ledger), and retries when asked', () => {
    const s = setup();
    s.supervisor.start();
    s.last().emit({ type: 'fatal', code: 'ledger.missing', message: 'restore the ledger from backup', retryable: false });
    s.last().exit(1);
    expect(s.supervisor.status()).toMatchObject({
      state: 'failed',
      error: { code: 'ledger.missing', message: 'restore the ledger from backup' },
    });
    s.timers.advance(60_000);
    expect(s.children).toHaveLength(1);
    s.supervisor.retry();
    expect(s.children).toHaveLength(2);
    expect(s.supervisor.status().state).toBe('starting');
    s.last().ready();
    expect(s.supervisor.status()).toMatchObject({ state: 'running', error: null });
  });

  it('retries a retryable start failure with backoff', () => {
    const s = setup();
    s.supervisor.start();
    s.last().emit({ type: 'fatal', code: 'ledger.busy', message: 'locked by another program', retryable: true });
    s.last().exit(1);
    expect(s.supervisor.status()).toMatchObject({ state: 'restarting', error: { code: 'ledger.busy' } });
  });

  it('waits for a start message main prepares asynchronously (the key from the keychain)', async () => {
    const s = setup({}, async () => ({
      type: 'start',
      dataDir: '/data',
      configPath: null,
      demo: false,
      terminalKey: { kind: 'refused', code: 'key.unreadable', message: 'no' },
    }));
    s.supervisor.start();
    expect(s.last().received).toEqual([]);
    await Promise.resolve();
    expect(s.last().received).toEqual([
      {
        type: 'start',
        dataDir: '/data',
        configPath: null,
        demo: false,
        terminalKey: { kind: 'refused', code: 'key.unreadable', message: 'no' },
      },
    ]);
  });

  it('a start message that cannot be prepared ends that host as a failed start', async () => {
    const s = setup({}, () => Promise.reject(new Error('keychain crashed')));
    s.supervisor.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(s.last().killed).toBe('soft');
    expect(s.supervisor.status()).toMatchObject({ state: 'restarting', error: { code: 'host.start-failed', message: 'keychain crashed' } });
  });

  it('kills a host that does not become ready in time and counts it as a crash', () => {
    const s = setup();
    s.supervisor.start();
    s.timers.advance(5000);
    expect(s.children[0]!.killed).toBe('hard');
    expect(s.supervisor.status()).toMatchObject({ state: 'restarting', error: { code: 'host.start-timeout' } });
  });

  it('stops gracefully: asks the host to close the ledger and waits for it', async () => {
    const s = setup();
    s.supervisor.start();
    s.last().ready();
    await s.supervisor.stop();
    expect(s.last().received.at(-1)).toEqual({ type: 'shutdown' });
    expect(s.last().killed).toBe('no');
    expect(s.states().slice(-2)).toEqual(['stopping', 'stopped']);
    expect(s.relayLog.at(-1)).toBe('detach:stopping');
    s.timers.advance(60_000);
    expect(s.children).toHaveLength(1);
  });

  it('kills a host that does not close in time', async () => {
    const s = setup();
    s.supervisor.start();
    s.last().ready();
    s.last().closesOnShutdown = false;
    const stopped = s.supervisor.stop();
    s.timers.advance(2000);
    await stopped;
    expect(s.last().killed).toBe('hard');
    expect(s.supervisor.status().state).toBe('stopped');
  });

  it('cancels a pending restart when stopping', async () => {
    const s = setup();
    s.supervisor.start();
    s.last().exit(1);
    await s.supervisor.stop();
    s.timers.advance(10_000);
    expect(s.children).toHaveLength(1);
    expect(s.supervisor.status().state).toBe('stopped');
  });

  it('treats a launcher that throws as a crash', () => {
    const timers = new ManualTimers();
    let launches = 0;
    const statuses: HostStatus[] = [];
    const supervisor = new HostSupervisor({
      launcher: {
        launch: () => {
          launches++;
          throw new Error('spawn ENOENT');
        },
      },
      relay: { attach: () => undefined, detach: () => undefined, receive: () => undefined },
      timers,
      startMessage: () => ({ type: 'start', dataDir: '/d', configPath: null, demo: true }),
      onStatus: (st) => statuses.push(st),
      log: { info: () => undefined, warn: () => undefined },
      policy: { initialDelayMs: 10, maxDelayMs: 10, maxRestarts: 2, windowMs: 1000 },
    });
    supervisor.start();
    expect(supervisor.status()).toMatchObject({ state: 'restarting', error: { code: 'host.launch-failed', message: 'spawn ENOENT' } });
    timers.advance(10);
    timers.advance(10);
    expect(launches).toBe(3);
    expect(supervisor.status().state).toBe('failed');
  });
});
