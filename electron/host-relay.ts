import { EVENT_NAMES, serverMessageSchema, type EventName, type MethodName } from '../core/contract/index.ts';
import { SHELL_FAILURES, type CallEnvelope } from './call-envelope.ts';
import type { Timers } from './timers.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { Logger } from '../host/logger.ts';

// Main's end of the contract link to the host: numbers calls, matches replies, answers at once
// when no host is serving (with why: restarting, failed, updating, closing), fails the calls in
// flight when the host dies, and hands host events on.

export type Unavailable = 'restarting' | 'failed' | 'updating' | 'stopping';

export interface HostRelayOptions {
  timers: Timers;
  /** A call without an answer after this long fails (a printer job has its own, shorter timeout). */
  callTimeoutMs?: number;
  onEvent(event: EventName, payload: unknown): void;
  log: Pick<Logger, 'warn'>;
}

interface Pending {
  resolve(envelope: CallEnvelope): void;
  timer: unknown;
}

const EVENTS: ReadonlySet<string> = new Set(EVENT_NAMES);

export class HostRelay {
  private readonly options: HostRelayOptions;
  private send: ((text: string) => void) | null = null;
  private unavailable: Unavailable = 'restarting';
  private paused = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleWaiters: Array<() => void> = [];

  constructor(options: HostRelayOptions) {
    this.options = options;
  }

  /** A host is ready: calls go to it. */
  attach(send: (text: string) => void): void {
    this.send = send;
  }

  /** No host serving: new calls are answered with `reason`; calls in flight fail as lost. */
  detach(reason: Unavailable): void {
    this.send = null;
    this.unavailable = reason;
    for (const [id, p] of this.pending) {
      this.options.timers.clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve(SHELL_FAILURES.lost());
    }
    this.settleIdle();
  }

  /** While an update is about to install, pages' calls are refused; main's own still go through. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  inFlight(): number {
    return this.pending.size;
  }

  /** Resolves when no call is in flight. */
  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settleIdle(): void {
    if (this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private refusal(): CallEnvelope {
    switch (this.unavailable) {
      case 'failed':
        return SHELL_FAILURES.failed();
      case 'updating':
        return SHELL_FAILURES.updating();
      case 'stopping':
        return SHELL_FAILURES.stopping();
      default:
        return SHELL_FAILURES.restarting();
    }
  }

  /** A page's call (already sender-checked and parsed). */
  call(method: MethodName, params: unknown): Promise<CallEnvelope> {
    if (this.paused) return Promise.resolve(SHELL_FAILURES.updating());
    return this.callAsShell(method, params);
  }

  /** Main's own call (the update gate asking whether a sale is open): not refused while paused. */
  callAsShell(method: MethodName, params: unknown): Promise<CallEnvelope> {
    const send = this.send;
    if (!send) return Promise.resolve(this.refusal());
    const id = this.nextId++;
    return new Promise<CallEnvelope>((resolve) => {
      const timer = this.options.timers.setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.options.log.warn('a host call timed out', { method, id });
        resolve(SHELL_FAILURES.timeout());
        this.settleIdle();
      }, this.options.callTimeoutMs ?? 120_000);
      this.pending.set(id, { resolve, timer });
      try {
        send(JSON.stringify({ type: 'call', id, method, params }));
      } catch (e) {
        this.options.timers.clearTimeout(timer);
        this.pending.delete(id);
        this.options.log.warn('could not send a call to the host', { method, error: errorMessage(e) });
        resolve(this.refusal());
        this.settleIdle();
      }
    });
  }

  /** A frame from the host: a call's result, or an event. */
  receive(text: string): void {
    let parsed;
    try {
      parsed = serverMessageSchema.safeParse(JSON.parse(text));
    } catch {
      this.options.log.warn('the host sent a frame that is not JSON', {});
      return;
    }
    if (!parsed.success) {
      this.options.log.warn('the host sent a frame that is not a result or an event', {});
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') {
      if (EVENTS.has(message.event)) this.options.onEvent(message.event as EventName, message.payload);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) {
      this.options.log.warn('the host answered a call nobody is waiting for', {
        id: message.id,
        error: message.ok ? null : message.error.code,
      });
      return;
    }
    this.pending.delete(message.id);
    this.options.timers.clearTimeout(p.timer);
    p.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
    this.settleIdle();
  }
}
