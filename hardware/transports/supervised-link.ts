// Keeps a transport connected: connects, notices when the link goes down (unplugged cable,
// printer switched off, socket closed), and reconnects with exponential backoff until it is
// stopped. Failures are reported through callbacks, never thrown at the host.
import { DeviceError, delay, type DeviceLog } from '../device.ts';
import { backoffDelay } from '../../core/sync/backoff.ts';
import { errorWithCode } from '../error-message.ts';
import type { ByteTransport } from './transport.ts';

const STOP_WAIT_MS = 6000;

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Wait before the next connection attempt after `failures` failed ones in a row: initial, 2x,
 * 4x ... capped at max, without jitter (one till, nobody to desynchronise from). A link that
 * dropped while it was being set up has no failure counted yet: it waits half the first step.
 */
export function reconnectDelay(failures: number, options: BackoffOptions): number {
  if (failures < 1) return Math.min(options.maxMs, options.initialMs / 2);
  return backoffDelay(failures, { baseMs: options.initialMs, maxMs: options.maxMs, factor: 2 }, () => 1);
}

export interface LinkHandlers {
  /** The link is up; runs before any waiting write proceeds (send ASB setup, status queries). */
  up(): void | Promise<void>;
  down(error: Error | null): void;
  data(bytes: Uint8Array): void;
  /** A connection attempt failed (the link stays down; the next try follows the backoff). */
  failed?(error: Error): void;
}

export class SupervisedLink {
  readonly transport: ByteTransport;
  private readonly backoff: BackoffOptions;
  private readonly handlers: LinkHandlers;
  private readonly log: DeviceLog;
  private running = false;
  private connectedFlag = false;
  private attempt = 0;
  private lastError: Error | null = null;
  private wake: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** Waiting for the end of the next connection attempt. */
  private upWaiters: Array<() => void> = [];
  private everConnected = false;
  /** Connections made after the first one. */
  reconnects = 0;

  constructor(transport: ByteTransport, backoff: BackoffOptions, handlers: LinkHandlers, log: DeviceLog) {
    this.transport = transport;
    this.backoff = backoff;
    this.handlers = handlers;
    this.log = log;
    transport.onData((bytes) => {
      try {
        this.handlers.data(bytes);
      } catch (e) {
        this.log.error(`${transport.description}: reply handling failed`, { error: errorWithCode(e) });
      }
    });
    transport.onClose((error) => this.dropped(error));
  }

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** Why the link is down (the last connect or I/O error). */
  get error(): Error | null {
    return this.lastError;
  }

  /** Starts connecting in the background. Never throws. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.abort();
    // A connection attempt in progress ends by its own timeout; do not wait longer than that.
    const timeout = new AbortController();
    await Promise.race([this.loop, delay(STOP_WAIT_MS, timeout.signal)]);
    timeout.abort();
    this.loop = null;
    this.connectedFlag = false;
    await this.transport.close().catch(() => undefined);
    this.releaseWaiters();
  }

  /** Skips the backoff wait and tries now; resolves when that attempt is over (true if connected), or after `timeoutMs`. */
  async connectNow(timeoutMs: number): Promise<boolean> {
    if (this.connectedFlag) return true;
    if (!this.running) return false;
    this.attempt = 0;
    const attempted = new Promise<void>((resolve) => this.upWaiters.push(resolve));
    this.wake?.abort();
    const timeout = new AbortController();
    await Promise.race([attempted, delay(timeoutMs, timeout.signal)]);
    timeout.abort();
    return this.connectedFlag;
  }

  /** The link looks dead although the transport did not notice (no replies): close it and reconnect. */
  reset(reason: string): void {
    if (!this.connectedFlag) return;
    this.log.warn(`${this.transport.description}: ${reason}; reconnecting`);
    void this.transport.close().catch(() => undefined);
    this.dropped(new DeviceError('device.offline', reason));
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.connectedFlag)
      throw new DeviceError(
        'device.offline',
        `${this.transport.description}: not connected${this.lastError ? ` (${this.lastError.message})` : ''}`,
      );
    try {
      await this.transport.write(bytes);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      // A write that fails means the link is gone, even if the transport has not said so yet
      // (a spooler refusing one job is not a lost link).
      if (!this.transport.jobOriented) this.reset(`write failed: ${error.message}`);
      this.lastError = error;
      throw error instanceof DeviceError
        ? error
        : new DeviceError('device.offline', `${this.transport.description}: ${error.message}`, { cause: error });
    }
  }

  private dropped(error: Error | null): void {
    if (!this.connectedFlag) return;
    this.connectedFlag = false;
    this.lastError = error;
    try {
      this.handlers.down(error);
    } catch (e) {
      this.log.error(`${this.transport.description}: down handler failed`, { error: errorWithCode(e) });
    }
    this.wake?.abort();
  }

  private releaseWaiters(): void {
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const w of waiters) w();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.connectedFlag) {
        try {
          await this.transport.open();
          if (!this.running) {
            await this.transport.close().catch(() => undefined);
            break;
          }
          if (this.everConnected) this.reconnects++;
          this.everConnected = true;
          this.connectedFlag = true;
          this.attempt = 0;
          this.lastError = null;
          this.log.info(`${this.transport.description}: connected`);
          try {
            await this.handlers.up();
          } catch (e) {
            this.log.error(`${this.transport.description}: setup after connecting failed`, { error: errorWithCode(e) });
          }
          this.releaseWaiters();
        } catch (e) {
          this.lastError = e instanceof Error ? e : new Error(String(e));
          this.attempt++;
          try {
            this.handlers.failed?.(this.lastError);
          } catch (h) {
            this.log.error(`${this.transport.description}: failure handler failed`, { error: errorWithCode(h) });
          }
          this.releaseWaiters();
        }
      }
      this.wake = new AbortController();
      // Connected: sleep until the link drops. Not connected: wait out the backoff.
      const wait = this.connectedFlag ? 2 ** 31 - 1 : reconnectDelay(this.attempt, this.backoff);
      await delay(wait, this.wake.signal, true);
      this.wake = null;
    }
  }
}
