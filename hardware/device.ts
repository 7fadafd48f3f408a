// What every device driver shares: the UnifiedPOS lifecycle (open, claim, enable, disable,
// release, close), status reporting, statistics, and the rule that a device failure never
// reaches the host as an exception: listeners are called safely, errors are logged.
import type { DeviceKind } from '../core/shared/enums.ts';
import type { DeviceReason, DeviceStatus } from '../core/contract/views.ts';
import type { DeviceStatusSource } from '../core/ports/device-status.ts';
import type { Logger } from '../core/ports/logger.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { errorWithCode } from './error-message.ts';

export type DeviceState = DeviceStatus['state'];

export type DeviceErrorCode =
  | 'device.not-open'
  | 'device.not-claimed'
  | 'device.claimed-elsewhere'
  | 'device.disabled'
  | 'device.offline'
  | 'device.timeout'
  | 'device.io'
  | 'device.unsupported'
  | 'device.bad-reply';

export class DeviceError extends TillproofError<DeviceErrorCode> {
  constructor(code: DeviceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options?.cause === undefined ? {} : { cause: options.cause });
    this.name = 'DeviceError';
  }
}

/** The part of the terminal's logger a device writes to: the host passes its own straight through. */
export type DeviceLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export const silentLog: DeviceLog = { info: () => {}, warn: () => {}, error: () => {} };

/** Calls each listener; one that throws is logged and the others still run. */
export function callListeners<T>(listeners: Iterable<(value: T) => void>, value: T, log: DeviceLog, what: string): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch (e) {
      log.error(`a ${what} listener threw`, { error: errorWithCode(e) });
    }
  }
}

export function subscribe<T>(set: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

// Exclusive access: two devices claiming the same port or address would interleave bytes.
const claims = new Map<string, string>();

export function claimResource(resource: string, owner: string): void {
  const holder = claims.get(resource);
  if (holder !== undefined && holder !== owner) throw new DeviceError('device.claimed-elsewhere', `${resource} is claimed by ${holder}`);
  claims.set(resource, owner);
}

export function releaseResource(resource: string, owner: string): void {
  if (claims.get(resource) === owner) claims.delete(resource);
}

export interface DeviceOptions {
  id: string;
  kind: DeviceKind;
  log?: DeviceLog;
  /** Resource to claim exclusively (a port, an address); null when the device uses another device's link. */
  resource: string | null;
  /** How long a device that has never been online may take to connect before being offline is logged as a warning. */
  connectGraceMs?: number;
}

/** A printer or display over the network usually answers within a few seconds of start-up. */
export const CONNECT_GRACE_MS = 10_000;

/**
 * The lifecycle: openDevice() prepares, claim() takes the port and starts connecting (and
 * keeps reconnecting), enable() lets the device deliver events and accept work, disable()
 * stops that, release() gives the port back, closeDevice() ends it. start() and stop() run the
 * whole way. (UnifiedPOS calls the first and last open and close; here those names belong to
 * CashDrawer.open(), which opens the drawer.)
 */
export abstract class PosDevice implements DeviceStatusSource {
  readonly id: string;
  readonly kind: DeviceKind;
  protected readonly log: DeviceLog;
  protected readonly counters: Record<string, number> = {};
  private readonly resource: string | null;
  private readonly statusListeners = new Set<(status: DeviceStatus) => void>();
  private current: DeviceStatus;
  private opened = false;
  private claimed = false;
  private enabledFlag = false;
  private readonly connectGraceMs: number;
  /** Once online, going offline is news at once; before that it is still connecting. */
  private wasOnline = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: DeviceOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.resource = options.resource;
    this.log = options.log ?? silentLog;
    this.connectGraceMs = options.connectGraceMs ?? CONNECT_GRACE_MS;
    this.current = { device: options.kind, id: options.id, state: 'closed' };
  }

  get isDeviceOpen(): boolean {
    return this.opened;
  }

  get isClaimed(): boolean {
    return this.claimed;
  }

  get isEnabled(): boolean {
    return this.enabledFlag;
  }

  async openDevice(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    await this.onOpen();
    this.report('offline', 'not connected yet', undefined, { reason: 'not-connected' });
  }

  async claim(): Promise<void> {
    if (!this.opened) throw new DeviceError('device.not-open', `${this.id} is not open`);
    if (this.claimed) return;
    if (this.resource) claimResource(this.resource, this.id);
    this.claimed = true;
    try {
      await this.onClaim();
    } catch (e) {
      this.claimed = false;
      if (this.resource) releaseResource(this.resource, this.id);
      throw e;
    }
  }

  async enable(): Promise<void> {
    if (!this.claimed) throw new DeviceError('device.not-claimed', `${this.id} is not claimed`);
    this.enabledFlag = true;
    await this.onEnable();
  }

  async disable(): Promise<void> {
    if (!this.enabledFlag) return;
    this.enabledFlag = false;
    await this.onDisable();
  }

  async release(): Promise<void> {
    await this.disable();
    if (!this.claimed) return;
    this.claimed = false;
    try {
      await this.onRelease();
    } finally {
      if (this.resource) releaseResource(this.resource, this.id);
    }
  }

  async closeDevice(): Promise<void> {
    await this.release();
    if (!this.opened) return;
    this.opened = false;
    await this.onClose();
    this.report('closed');
  }

  /** open, claim and enable. A device that cannot connect yet still starts: it reports offline and keeps trying. */
  async start(): Promise<void> {
    await this.openDevice();
    await this.claim();
    await this.enable();
  }

  async stop(): Promise<void> {
    await this.closeDevice();
  }

  status(): DeviceStatus {
    return structuredClone(this.current);
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return subscribe(this.statusListeners, listener);
  }

  statistics(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  protected count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  /** Sets state, detail (English, for logs), flags and the reason code the UI translates; listeners hear only real changes. */
  protected report(
    state: DeviceState,
    detail?: string,
    flags?: Record<string, boolean>,
    why?: { reason: DeviceReason; openSeconds?: number },
  ): void {
    if (!this.opened && state !== 'closed') return;
    const next: DeviceStatus = {
      device: this.kind,
      id: this.id,
      state,
      ...(detail ? { detail } : {}),
      ...(why ? { ...why } : {}),
      ...(flags ? { flags: { ...flags } } : {}),
    };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.logState(next);
    callListeners(this.statusListeners, structuredClone(next), this.log, 'device status');
  }

  /**
   * Errors are warned at once, and so is going offline after having been online. A device still
   * connecting at start-up (offline, never online) is only warned about when it is still offline
   * after the grace period: every start would otherwise warn about every device.
   */
  private logState(status: DeviceStatus): void {
    const { state, detail } = status;
    if (state === 'idle' || state === 'busy') this.wasOnline = true;
    if (state !== 'offline' || this.wasOnline) this.stopGrace();
    if (state === 'error' || (state === 'offline' && this.wasOnline)) {
      this.log.warn(`${this.kind} ${this.id}: ${state}${detail ? `: ${detail}` : ''}`);
    } else if (state === 'offline' && this.graceTimer === undefined) {
      this.graceTimer = setTimeout(() => {
        this.graceTimer = undefined;
        const now = this.current;
        if (now.state !== 'offline' || this.wasOnline) return;
        const seconds = Math.round(this.connectGraceMs / 1000);
        this.log.warn(`${this.kind} ${this.id}: offline: not connected ${seconds} s after start${now.detail ? `: ${now.detail}` : ''}`);
      }, this.connectGraceMs);
      // Waiting to warn never keeps the process alive.
      this.graceTimer.unref?.();
    }
  }

  private stopGrace(): void {
    if (this.graceTimer === undefined) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  protected onOpen(): Promise<void> | void {}
  protected onClaim(): Promise<void> | void {}
  protected onEnable(): Promise<void> | void {}
  protected onDisable(): Promise<void> | void {}
  protected onRelease(): Promise<void> | void {}
  protected onClose(): Promise<void> | void {}
}

/** Runs async work one piece at a time (print jobs and drawer kicks share one link). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Resolves after `ms`, or at once when the signal aborts. Someone awaiting a result keeps the
 * process alive; a `background` wait (reconnect backoff) does not hold it open.
 */
export function delay(ms: number, signal?: AbortSignal, background = false): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    if (background) timer.unref?.();
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
