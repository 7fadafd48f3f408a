// ESC/POS status, as the receipt printer driver uses it. A status is the replies to DLE EOT 1,
// 2 and 4 (answered at once, even while the printer is stopped). A job is printed when the
// GS r 1 sent after it is answered (the printer answers only when it reaches it in its
// buffer) and DLE EOT then reports no error. Paper running out or the cover opening mid-job
// arrives as an ASB message (GS a) and stops the job at once; without ASB the GS r is never
// answered and the status queries say why.
import type { DeviceEncoding } from '../../core/config/devices.ts';
import type { PrintOutcome } from '../../core/ports/receipt-printer.ts';
import { delay } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import { cut, feedLines } from '../protocols/escpos/commands.ts';
import { chunkEscPosJob } from '../protocols/escpos/job-chunks.ts';
import { enableAsb, realtimeStatusQuery, statusFromRealtime } from '../protocols/escpos/status.ts';
import {
  CLEAR_BUFFERS,
  createReplyParser,
  decodePaperSensor,
  PAPER_SENSOR_QUERY,
  type PrinterReply,
} from '../protocols/escpos/status-replies.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';
import { FAILURE_TEXT, printFailure, printFailureOf } from './print-failure.ts';
import { settle, type Settled, type StatusLink, type StatusProtocol, type StatusTiming, type WrittenJob } from './status-protocol.ts';

interface Waiter {
  settle: ((byte: number) => void) | null;
  /** The link went down: the reply will never come. */
  fail: (error: Error) => void;
}

export interface EscPosStatusOptions extends StatusTiming {
  encoding: DeviceEncoding;
  /** Bytes per write: a fault stops the job between chunks. */
  chunkBytes: number;
  /** The transport takes whole jobs (a spooler): no chunks. */
  jobOriented: boolean;
}

export class EscPosStatusProtocol implements StatusProtocol {
  // ESC d 3 then a partial cut.
  readonly abandonedJobEnd = Uint8Array.from([...feedLines(3), ...cut({ partial: true })]);
  private readonly link: StatusLink;
  private readonly options: EscPosStatusOptions;
  private readonly parser = createReplyParser();
  private realtimeWaiters: Waiter[] = [];
  private processedWaiters: Waiter[] = [];
  private clearWaiters: Array<() => void> = [];

  constructor(link: StatusLink, options: EscPosStatusOptions) {
    this.link = link;
    this.options = options;
  }

  frame(job: Uint8Array): Uint8Array[] {
    if (this.options.jobOriented) return [job];
    return chunkEscPosJob(job, this.options.chunkBytes, this.options.encoding === 'ascii' ? 'gb18030' : this.options.encoding);
  }

  /** GS a: report drawer, online/offline, errors and paper as they change. */
  asbOn(): Uint8Array {
    return enableAsb({ drawer: true, onlineOffline: true, error: true, paperRoll: true });
  }

  jobStarting(): void {}

  /** DLE EOT 1, 2 and 4; the three replies make one status. */
  async query(): Promise<PrinterStatus> {
    const replies = [this.expectRealtime(), this.expectRealtime(), this.expectRealtime()];
    const sent = await settle(
      this.link.write(Uint8Array.from([...realtimeStatusQuery(1), ...realtimeStatusQuery(2), ...realtimeStatusQuery(4)])),
    );
    if (!sent.ok) {
      this.dropRealtime(replies.map((r) => r.waiter));
      throw sent.error;
    }
    const timeout = new AbortController();
    const all = Promise.all(replies.map((r) => r.promise));
    all.catch(() => undefined);
    const result = await Promise.race([all, delay(this.options.statusReplyMs, timeout.signal).then(() => null)]).finally(() =>
      timeout.abort(),
    );
    if (!result) {
      this.dropRealtime(replies.map((r) => r.waiter));
      this.link.noAnswer();
      throw new Error(`no reply to DLE EOT within ${this.options.statusReplyMs} ms`);
    }
    const status = statusFromRealtime({ printer: result[0]!, offlineCause: result[1]!, paperRoll: result[2]! });
    this.link.reported(status);
    return status;
  }

  /** DLE DC4 fn 8: the printer, stopped by the fault, discards the rest of the job and says so (37 25 00). */
  async clearBuffer(): Promise<boolean> {
    let answered: () => void = () => {};
    const reply = new Promise<void>((resolve) => (answered = resolve));
    this.clearWaiters.push(answered);
    const sent = await settle(this.link.write(Uint8Array.from(CLEAR_BUFFERS)));
    const timeout = new AbortController();
    const cleared = sent.ok
      ? await Promise.race([reply.then(() => true), delay(this.options.statusReplyMs, timeout.signal).then(() => false)])
      : false;
    timeout.abort();
    this.clearWaiters = this.clearWaiters.filter((w) => w !== answered);
    // A GS r still waiting in the printer was cleared with the rest: its reply will never come.
    if (cleared) for (const w of this.processedWaiters.splice(0)) w.fail(new Error('the printer cleared its buffer'));
    return cleared;
  }

  /** Everything is written: wait until the printer has processed it, or a fault, or the timeout. */
  async confirm(job: WrittenJob): Promise<PrintOutcome> {
    const timeoutMs = this.options.jobTimeoutMs;
    const processed = this.sendProcessedQuery();
    const timeout = new AbortController();
    const outcome = await Promise.race([
      processed.promise.then((r) => ({ kind: 'processed' as const, r })),
      job.faulted.then(() => ({ kind: 'fault' as const })),
      delay(timeoutMs, timeout.signal).then(() => ({ kind: 'timeout' as const })),
    ]);
    timeout.abort();
    processed.abandon();
    const fault = job.fault();
    if (outcome.kind === 'fault' && fault) return job.abandon(fault);
    if (outcome.kind === 'processed' && !outcome.r.ok)
      return printFailure('offline', `connection lost while printing: ${errorWithCode(outcome.r.error)}`);
    const paperOutAtEnd = outcome.kind === 'processed' && outcome.r.ok && decodePaperSensor(outcome.r.value).paperOut;
    if (paperOutAtEnd) return printFailure('paper-out', 'paper out at the end of the receipt');

    const after = await settle(this.query());
    if (!after.ok)
      return printFailure(
        outcome.kind === 'timeout' ? 'timeout' : 'offline',
        `the printer stopped answering: ${errorWithCode(after.error)}`,
      );
    const reason = printFailureOf(after.value);
    if (reason) return printFailure(reason, `${FAILURE_TEXT[reason]} while printing`);
    if (outcome.kind === 'timeout') return printFailure('timeout', `the printer did not finish the receipt within ${timeoutMs} ms`);
    return { ok: true };
  }

  receive(bytes: Uint8Array): void {
    for (const reply of this.parser.push(bytes)) this.reply(reply);
  }

  linkUp(): void {
    this.parser.reset();
    this.failWaiters();
  }

  /** Replies to earlier queries will never come. Waiting jobs fail through the fault listeners or their timeout. */
  failWaiters(): void {
    const waiters = [...this.realtimeWaiters, ...this.processedWaiters];
    this.realtimeWaiters = [];
    this.processedWaiters = [];
    const error = new Error('the connection to the printer was lost');
    for (const w of waiters) w.fail(error);
  }

  private expectRealtime(): { waiter: Waiter; promise: Promise<number> } {
    const waiter: Waiter = { settle: null, fail: () => {} };
    const promise = new Promise<number>((resolve, reject) => {
      waiter.settle = resolve;
      waiter.fail = reject;
    });
    // The caller may have stopped waiting (timed out) by the time the link fails it.
    promise.catch(() => undefined);
    this.realtimeWaiters.push(waiter);
    return { waiter, promise };
  }

  /** Replies that never came will not come: forget the waiters (a late reply would be misread). */
  private dropRealtime(waiters: Waiter[]): void {
    this.realtimeWaiters = this.realtimeWaiters.filter((w) => !waiters.includes(w));
  }

  /** GS r 1 after the job; the reply means the printer got this far. An abandoned query stays queued so its late reply is not taken for the next one's. */
  private sendProcessedQuery(): { promise: Promise<Settled<number>>; abandon(): void } {
    const waiter: Waiter = { settle: null, fail: () => {} };
    const promise = new Promise<Settled<number>>((resolve) => {
      waiter.settle = (byte) => resolve({ ok: true, value: byte });
      waiter.fail = (error) => resolve({ ok: false, error });
    });
    this.processedWaiters.push(waiter);
    this.link.write(Uint8Array.from(PAPER_SENSOR_QUERY)).catch((e: unknown) => {
      this.processedWaiters = this.processedWaiters.filter((w) => w !== waiter);
      waiter.fail(e instanceof Error ? e : new Error(String(e)));
    });
    return { promise, abandon: () => (waiter.settle = null) };
  }

  private reply(reply: PrinterReply): void {
    switch (reply.kind) {
      case 'realtime': {
        const waiter = this.realtimeWaiters.shift();
        if (waiter?.settle) waiter.settle(reply.byte);
        else this.link.warn(`a status reply nobody asked for (0x${reply.byte.toString(16)})`);
        return;
      }
      case 'processed': {
        const waiter = this.processedWaiters.shift();
        waiter?.settle?.(reply.byte);
        return;
      }
      case 'asb': {
        const { feedingByButton: _f, autocutterError: _a, unrecoverableError: _u, autoRecoverableError: _r, ...status } = reply.status;
        this.link.reported(status);
        return;
      }
      case 'buffer-cleared':
        for (const w of this.clearWaiters.splice(0)) w();
        return;
      case 'unexpected':
        this.link.warn(`unexpected reply bytes ${reply.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${reply.why}`);
        this.parser.reset();
        return;
    }
  }
}
