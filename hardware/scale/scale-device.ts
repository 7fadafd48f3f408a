// A Mettler Toledo 8217 scale (request-response) as a WeighingScale: the driver sends `W`, waits
// for one reply frame and reads it with hardware/protocols/scale/toledo.ts. One request is in
// flight at a time; a reply that does not come in time, or a frame that does not parse, is an
// error, never a weight. An idle poll notices a scale switched off or unplugged.
import type { ScaleConfig } from '../../core/config/devices.ts';
import type { ScaleReading, WeighingScale } from '../../core/ports/scale.ts';
import { DeviceError, PosDevice, SerialQueue, delay, type DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { TOLEDO_WEIGH_REQUEST, ToledoReader, type ToledoRead, type ToledoReply } from '../protocols/scale/toledo.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';

export interface ScaleDeviceOptions {
  id: string;
  config: ScaleConfig;
  transport: ByteTransport;
  resource: string;
  log?: DeviceLog;
}

interface Waiting {
  resolve(reply: ToledoReply): void;
  reject(error: Error): void;
}

/** Between two requests while settling: the scale updates its reading a few times a second. */
const SETTLE_STEP_MS = 100;

export class ScaleDevice extends PosDevice implements WeighingScale {
  private readonly config: ScaleConfig;
  private readonly link: SupervisedLink;
  private readonly reader = new ToledoReader();
  private readonly queue = new SerialQueue();
  private waiting: Waiting | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private lastFailure: string | null = null;
  private lastFailureReason: 'timeout' | 'error' = 'error';

  constructor(options: ScaleDeviceOptions) {
    super({ id: options.id, kind: 'scale', resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    this.config = options.config;
    this.link = new SupervisedLink(
      options.transport,
      options.config.reconnect,
      {
        up: () => {
          this.reader.reset();
          this.lastFailure = null;
          this.updateState();
          void this.poll();
        },
        failed: () => this.updateState(),
        down: (error) => {
          this.reader.reset();
          this.fail(new DeviceError('device.offline', `scale ${this.id}: link lost${error ? `: ${error.message}` : ''}`));
          this.count('disconnects');
          this.updateState();
        },
        data: (bytes) => this.received(this.reader.push(bytes)),
      },
      this.log,
    );
  }

  read(): Promise<ScaleReading> {
    return this.queue.run(() => this.request());
  }

  async readSettled(settleMs: number): Promise<ScaleReading> {
    const until = Date.now() + settleMs;
    for (;;) {
      const reading = await this.read();
      if (reading.state !== 'motion' || Date.now() + SETTLE_STEP_MS > until) return reading;
      await delay(SETTLE_STEP_MS);
    }
  }

  protected override onClaim(): void {
    this.link.start();
    this.poller = setInterval(() => void this.poll(), this.config.pollMs);
    this.poller.unref?.();
  }

  protected override onEnable(): void {
    this.updateState();
  }

  protected override onDisable(): void {
    this.updateState();
  }

  protected override async onRelease(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.fail(new DeviceError('device.not-claimed', `scale ${this.id} released`));
    await this.link.stop();
    this.reader.reset();
  }

  private async request(): Promise<ScaleReading> {
    if (!this.isEnabled) throw new DeviceError('device.disabled', `scale ${this.id} is disabled`);
    // Bytes left from an earlier, timed-out request must not be taken as this one's answer.
    this.reader.reset();
    const reply = new Promise<ToledoReply>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
    // Rejected by a lost link or a release before the request was even written: awaited below or not at all.
    reply.catch(() => undefined);
    const timeout = new AbortController();
    const timer = delay(this.config.replyTimeoutMs, timeout.signal).then(() => {
      if (!timeout.signal.aborted)
        this.fail(new DeviceError('device.timeout', `scale ${this.id} did not answer within ${this.config.replyTimeoutMs} ms`));
    });
    try {
      await this.link.write(TOLEDO_WEIGH_REQUEST);
      const answer = await reply;
      this.succeeded();
      return readingOf(answer);
    } catch (e) {
      this.waiting = null;
      this.failed(e);
      throw e;
    } finally {
      timeout.abort();
      await timer;
    }
  }

  private received(reads: ToledoRead[]): void {
    for (const read of reads) {
      if (read.ok) {
        const waiting = this.waiting;
        this.waiting = null;
        // A reply nobody asked for (a scale set to send continuously) is ignored.
        if (waiting) waiting.resolve(read.reply);
        else this.count('unaskedReplies');
        continue;
      }
      this.count('badReplies');
      this.log.info(`scale ${this.id}: reply refused: ${read.error.code}: ${read.error.message}`);
      this.fail(new DeviceError('device.bad-reply', `scale ${this.id}: ${read.error.message}`));
    }
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }

  private succeeded(): void {
    this.count('goodReads');
    if (this.lastFailure === null) return;
    this.lastFailure = null;
    this.updateState();
  }

  private failed(e: unknown): void {
    this.count('failedReads');
    const message = errorWithCode(e);
    if (message === this.lastFailure) return;
    this.lastFailure = message;
    this.lastFailureReason = e instanceof DeviceError && e.code === 'device.timeout' ? 'timeout' : 'error';
    this.updateState();
  }

  private async poll(): Promise<void> {
    if (!this.isEnabled || !this.link.connected) return;
    await this.read().catch(() => undefined);
  }

  private updateState(): void {
    if (!this.isDeviceOpen) return;
    this.counters.reconnects = this.link.reconnects;
    if (!this.isClaimed) return this.report('idle', 'released', undefined, { reason: 'released' });
    if (!this.link.connected)
      return this.report(
        'offline',
        this.link.error ? this.link.error.message : 'not connected',
        { online: false },
        { reason: 'not-connected' },
      );
    if (this.lastFailure) return this.report('error', this.lastFailure, { online: true }, { reason: this.lastFailureReason });
    if (!this.isEnabled) return this.report('idle', 'disabled', { online: true }, { reason: 'disabled' });
    this.report('idle', undefined, { online: true });
  }
}

function readingOf(reply: ToledoReply): ScaleReading {
  if (reply.kind === 'weight') return { state: 'stable', grams: reply.grams, net: reply.net };
  // Over capacity and under zero are answers in themselves; motion only says "wait".
  if (reply.overCapacity) return { state: 'over-capacity' };
  if (reply.underZero) return { state: 'under-zero' };
  if (reply.motion) return { state: 'motion' };
  // A status with no reason for withholding the weight: the scale is settling, ask again.
  return { state: 'motion' };
}
