// Star Line Mode status, as the receipt printer driver uses it (protocols/star-line/status.ts
// has the bytes). ESC ACK SOH asks for the status, answered at once with an ASB message, even
// while the printer is stopped. The job ends with ETB; the receipt is printed when an ASB
// shows the printer's ETB counter has reached that ETB, with no fault.
import type { PrintFailureReason, PrintOutcome } from '../../core/ports/receipt-printer.ts';
import { callListeners, delay, subscribe, type DeviceLog } from '../device.ts';
import {
  createStarReplyParser,
  etbAdvance,
  printerStatusOfStar,
  starAsbSetting,
  STAR_ETB,
  STAR_STATUS_REQUEST,
  type StarAsbStatus,
  type StarReply,
} from '../protocols/star-line/status.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';
import { FAILURE_TEXT, printFailure, printFailureOf } from './print-failure.ts';
import { settle, type StatusLink, type StatusProtocol, type StatusTiming, type WrittenJob } from './status-protocol.ts';

/** Someone waiting for the next ASB message (any ASB answers, it is the whole status). */
interface AsbWaiter {
  settle: (status: StarAsbStatus) => void;
  fail: (error: Error) => void;
}

export class StarStatusProtocol implements StatusProtocol {
  /** ESC d 3: feed to the cutter and cut partially. */
  readonly abandonedJobEnd = Uint8Array.of(0x1b, 0x64, 0x03);

  /** Star Line Mode has no buffer clear the printer confirms: what it holds prints once it runs again. */
  clearBuffer(): Promise<boolean> {
    return Promise.resolve(false);
  }
  private readonly link: StatusLink;
  private readonly timing: StatusTiming;
  private readonly log: DeviceLog;
  private readonly parser = createStarReplyParser();
  /** Resolved by the next ASB message, whatever made the printer send it. */
  private asbWaiters: AsbWaiter[] = [];
  /** The printer's last ETB counter, and how many of our ETBs it has not reached yet. */
  private etb = { counter: null as number | null, pending: 0, lost: false };
  private readonly etbListeners = new Set<() => void>();

  constructor(link: StatusLink, timing: StatusTiming, log: DeviceLog) {
    this.link = link;
    this.timing = timing;
    this.log = log;
  }

  /** The ETB after the job is how the printer says it printed all of it. Star jobs go in one piece. */
  frame(job: Uint8Array, confirm: boolean): Uint8Array[] {
    return [confirm ? Uint8Array.from([...job, STAR_ETB]) : job];
  }

  /** ESC RS a 1: report changes as they happen (Ethernet interfaces always do). */
  asbOn(): Uint8Array {
    return starAsbSetting(true);
  }

  /** Counted before the write: the ASB saying the printer reached this ETB may come at once. */
  jobStarting(confirm: boolean): void {
    if (confirm) this.etb.pending++;
    this.etb.lost = false;
  }

  /** ESC ACK SOH, answered by an ASB message. */
  async query(): Promise<PrinterStatus> {
    const answer = this.expectAsb();
    const sent = await settle(this.link.write(Uint8Array.from(STAR_STATUS_REQUEST)));
    if (!sent.ok) {
      this.dropAsb(answer.waiter);
      throw sent.error;
    }
    const timeout = new AbortController();
    const replyMs = this.timing.statusReplyMs;
    const result = await Promise.race([answer.promise, delay(replyMs, timeout.signal).then(() => null)]).finally(() => timeout.abort());
    if (!result) {
      this.dropAsb(answer.waiter);
      this.link.noAnswer();
      throw new Error(`no reply to ESC ACK SOH within ${replyMs} ms`);
    }
    return this.link.lastStatus() ?? printerStatusOfStar(result);
  }

  /**
   * After the job is written: wait until an ASB shows the printer's ETB counter has reached the
   * job's ETB, a fault stops the job, or the time is up. ESC ACK SOH is sent now and then
   * meanwhile, so a printer with ASB off (or an ASB that got lost) is read as well.
   */
  async confirm(job: WrittenJob): Promise<PrintOutcome> {
    const timeoutMs = this.timing.jobTimeoutMs;
    const reached = this.etbReached();
    const timeout = new AbortController();
    const polling = this.pollWhile(timeout.signal);
    try {
      const outcome = await Promise.race([
        reached.promise.then((r) => ({ kind: r })),
        job.faulted.then(() => ({ kind: 'fault' as const })),
        delay(timeoutMs, timeout.signal).then(() => ({ kind: 'timeout' as const })),
      ]);
      const reason = job.fault();
      if (outcome.kind === 'fault' && reason) return job.abandon(reason);
      if (outcome.kind === 'timeout') return this.timedOut(timeoutMs);
      if (outcome.kind === 'lost') {
        return printFailure(
          'error',
          "the printer's ETB counter jumped (restarted, or another computer prints on it): the receipt cannot be confirmed",
        );
      }
      // The ASB that showed the ETB was sent after everything before it had printed.
      const last = this.link.lastStatus();
      const after: PrintFailureReason | null = last ? printFailureOf(last) : 'offline';
      if (after) return printFailure(after, `${FAILURE_TEXT[after]} at the end of the receipt`);
      return { ok: true };
    } finally {
      timeout.abort();
      reached.stop();
      await polling;
    }
  }

  receive(bytes: Uint8Array): void {
    for (const reply of this.parser.push(bytes)) this.reply(reply);
  }

  linkUp(): void {
    this.parser.reset();
    this.failWaiters();
  }

  /** Replies will never come; jobs sent over the old link are not ours to count any more (a waiting job fails as offline). */
  failWaiters(): void {
    const waiters = this.asbWaiters;
    this.asbWaiters = [];
    this.etb = { counter: null, pending: 0, lost: false };
    const error = new Error('the connection to the printer was lost');
    for (const w of waiters) w.fail(error);
  }

  private timedOut(timeoutMs: number): PrintOutcome {
    const last = this.link.lastStatus();
    const now = last ? printFailureOf(last) : null;
    if (now) return printFailure(now, `${FAILURE_TEXT[now]} while printing`);
    return printFailure('timeout', `the printer did not finish the receipt within ${timeoutMs} ms`);
  }

  /** Resolves when the printer has reached every ETB we sent, or the count was lost. */
  private etbReached(): { promise: Promise<'reached' | 'lost'>; stop: () => void } {
    let stop: () => void = () => {};
    const promise = new Promise<'reached' | 'lost'>((resolve) => {
      const check = (): void => {
        if (this.etb.lost) resolve('lost');
        else if (this.etb.pending === 0) resolve('reached');
      };
      stop = subscribe(this.etbListeners, check);
      check();
    });
    return { promise, stop: () => stop() };
  }

  /** ESC ACK SOH every few hundred ms (one at a time, as Star asks) until `signal` aborts. */
  private async pollWhile(signal: AbortSignal): Promise<void> {
    const gap = Math.min(250, Math.max(20, Math.floor(this.timing.jobTimeoutMs / 8)));
    while (!signal.aborted && this.link.isConnected()) {
      const answer = this.expectAsb();
      const written = await settle(this.link.write(Uint8Array.from(STAR_STATUS_REQUEST)));
      if (!written.ok) {
        this.dropAsb(answer.waiter);
        return;
      }
      await Promise.race([answer.promise.catch(() => undefined), delay(this.timing.statusReplyMs, signal)]);
      this.dropAsb(answer.waiter);
      await delay(gap, signal);
    }
  }

  private expectAsb(): { waiter: AsbWaiter; promise: Promise<StarAsbStatus> } {
    const waiter: AsbWaiter = { settle: () => {}, fail: () => {} };
    const promise = new Promise<StarAsbStatus>((resolve, reject) => {
      waiter.settle = resolve;
      waiter.fail = reject;
    });
    promise.catch(() => undefined);
    this.asbWaiters.push(waiter);
    return { waiter, promise };
  }

  private dropAsb(waiter: AsbWaiter): void {
    this.asbWaiters = this.asbWaiters.filter((w) => w !== waiter);
  }

  private reply(reply: StarReply): void {
    if (reply.kind === 'unexpected') {
      this.link.warn(`unexpected reply bytes ${reply.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${reply.why}`);
      return;
    }
    const status = reply.status;
    this.countEtb(status);
    this.link.reported(printerStatusOfStar(status));
    // Every ASB is the printer's whole current status: it answers every request still waiting.
    const waiters = this.asbWaiters;
    this.asbWaiters = [];
    for (const w of waiters) w.settle(status);
    callListeners(this.etbListeners, undefined, this.log, 'printer ETB');
  }

  /** Moves the ETB bookkeeping on by what this ASB shows. */
  private countEtb(status: StarAsbStatus): void {
    const etb = this.etb;
    if (status.etbCounter !== null) {
      if (etb.counter !== null) {
        const advanced = etbAdvance(etb.counter, status.etbCounter);
        // More ETBs than we sent: the counter was reset or someone else prints. Never take it as ours.
        if (advanced > etb.pending) {
          if (etb.pending > 0) etb.lost = true;
          etb.pending = 0;
        } else {
          etb.pending -= advanced;
        }
      }
      etb.counter = status.etbCounter;
    } else if (status.etbExecuted && etb.pending > 0) {
      // Older firmware has no counter, only a flag per ASB; with ASB on the printer sends one per ETB.
      etb.pending--;
    }
  }
}
