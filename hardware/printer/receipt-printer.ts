// The receipt printer driver: prints ReceiptDocuments, watches the printer's status, kicks
// the drawer through it, and keeps the link up.
//
// "Printed" means: the job's bytes were written, and the printer then said it had processed
// all of them (the GS r 1 sent after the job is answered only when the printer reaches it in
// its buffer) and reported no error (DLE EOT 1, 2 and 4 after that). Paper running out or the
// cover opening mid-job arrives as an ASB message and stops the job at once; without ASB the
// job's GS r is never answered and the status queries say why. Real-time queries (DLE EOT)
// are answered even while the printer is stopped.
//
// Star Line Mode works the same way with Star's own commands (star-status.ts): ESC ACK SOH
// asks for the status (an ASB message) before the job, the job ends with ETB, and the receipt
// is printed when an ASB shows the printer's ETB counter has reached that ETB, with no fault.
import type { ReceiptDocument } from '../../core/contract/views.ts';
import { PAPER_DEFAULTS, type PrinterConfig, type DeviceEncoding } from '../../core/config/devices.ts';
import type { DrawerOutcome, MonitoredReceiptPrinter, PrintFailureReason, PrintOutcome } from '../../core/ports.ts';
import { PosDevice, SerialQueue, delay, errorMessage, subscribe, callListeners, type DeviceLog } from '../device.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';
import { ReceiptEncoder } from '../protocols/receipt/receipt-encoder.ts';
import { chunkEscPosJob } from '../protocols/escpos/job-chunks.ts';
import { createReplyParser, decodePaperSensor, PAPER_SENSOR_QUERY, type PrinterReply } from '../protocols/escpos/status-replies.ts';
import { enableAsb, realtimeStatusQuery, statusFromRealtime, type PrinterStatus } from '../protocols/escpos/status.ts';
import type { DrawerPulse } from '../protocols/escpos/drawer.ts';
import { cut, feedLines } from '../protocols/escpos/commands.ts';
import type { MonoBitmap } from '../protocols/escpos/raster.ts';
import { createStarReplyParser, etbAdvance, printerStatusOfStar, starAsbSetting, STAR_ETB, STAR_STATUS_REQUEST, type StarAsbStatus, type StarReply } from '../protocols/star-line/status.ts';

export interface ReceiptPrinterOptions {
  id: string;
  config: PrinterConfig;
  /** The printer's text encoding, resolved from the config or the store locale. */
  encoding: DeviceEncoding;
  transport: ByteTransport;
  resource: string;
  logo?: MonoBitmap | null;
  log?: DeviceLog;
  /** How long a status query may take before the printer counts as not answering. */
  statusReplyMs?: number;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T,>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** Why a printer in this status cannot print, or null when it can. */
export function printFailureOf(status: PrinterStatus): PrintFailureReason | null {
  if (status.paperOut) return 'paper-out';
  if (status.coverOpen) return 'cover-open';
  if (status.error) return 'error';
  if (!status.online) return 'offline';
  return null;
}

const FAILURE_TEXT: Record<PrintFailureReason, string> = {
  'paper-out': 'paper out',
  'cover-open': 'cover open',
  offline: 'offline',
  timeout: 'the printer did not finish in time',
  error: 'printer error',
};

interface Waiter {
  settle: ((byte: number) => void) | null;
  /** The link went down: the reply will never come. */
  fail: (error: Error) => void;
}

/** Star: someone waiting for the next ASB message (any ASB answers, it is the whole status). */
interface AsbWaiter {
  settle: (status: StarAsbStatus) => void;
  fail: (error: Error) => void;
}

export class ReceiptPrinterDevice extends PosDevice implements MonitoredReceiptPrinter {
  readonly config: PrinterConfig;
  readonly encoding: DeviceEncoding;
  private readonly link: SupervisedLink;
  private readonly encoder: ReceiptEncoder<PrintOutcome>;
  private readonly queue = new SerialQueue();
  private readonly parser = createReplyParser();
  private readonly starParser = createStarReplyParser();
  private readonly star: boolean;
  /** Star: resolved by the next ASB message, whatever made the printer send it. */
  private asbWaiters: AsbWaiter[] = [];
  /** Star: the printer's last ETB counter, and how many of our ETBs it has not reached yet. */
  private etb = { counter: null as number | null, pending: 0, lost: false };
  private readonly etbListeners = new Set<() => void>();
  private readonly confirm: boolean;
  private readonly statusReplyMs: number;
  private realtimeWaiters: Waiter[] = [];
  private processedWaiters: Waiter[] = [];
  private faultListeners = new Set<(reason: PrintFailureReason) => void>();
  private readonly printerStatusListeners = new Set<(status: PrinterStatus | null) => void>();
  private lastStatus: PrinterStatus | null = null;
  /** The last status query went unanswered. */
  private silent = false;
  private printing = false;
  private queued = 0;
  private poller: ReturnType<typeof setInterval> | null = null;

  constructor(options: ReceiptPrinterOptions) {
    super({ id: options.id, kind: 'printer', resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    this.config = options.config;
    this.encoding = options.encoding;
    this.statusReplyMs = options.statusReplyMs ?? 1500;
    const canRead = options.transport.duplex;
    this.star = options.config.commandSet === 'star';
    this.confirm = (options.config.status.confirm ?? (canRead ? 'printer-status' : 'write-only')) === 'printer-status' && canRead;
    this.link = new SupervisedLink(options.transport, options.config.reconnect, { up: () => this.linkUp(), down: (e) => this.linkDown(e), data: (b) => this.replies(b), failed: () => this.updateState() }, this.log);
    const paper = PAPER_DEFAULTS[options.config.paper.widthMm];
    this.encoder = new ReceiptEncoder<PrintOutcome>({
      commandSet: options.config.commandSet,
      encoding: options.encoding,
      columns: options.config.paper.columns ?? paper.columns,
      paperDots: paper.dots,
      logo: options.logo ?? null,
      // node-thermal-printer's custom interface: execute() receives the finished job.
      sink: {
        getPrinterName: () => this.id,
        isPrinterConnected: async () => this.link.connected,
        execute: (buffer) => this.transmit(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)),
      },
    });
  }

  /** The printer's last reported status (null: not known, e.g. write-only or not connected). */
  printerStatus(): PrinterStatus | null {
    return this.lastStatus ? { ...this.lastStatus } : null;
  }

  /** Every status the printer reports (ASB, polls); null when the link is lost. The drawer reads its sensor here. */
  onPrinterStatus(listener: (status: PrinterStatus | null) => void): () => void {
    return subscribe(this.printerStatusListeners, listener);
  }

  get connected(): boolean {
    return this.link.connected;
  }

  get readsStatus(): boolean {
    return this.confirm;
  }

  /** The bytes a document prints as (previews, tests). */
  encode(document: ReceiptDocument): Uint8Array {
    return this.encoder.encode(document);
  }

  async print(document: ReceiptDocument): Promise<PrintOutcome> {
    if (!this.isEnabled) return { ok: false, reason: 'offline', detail: `printer ${this.id} is not enabled` };
    this.queued++;
    try {
      const outcome = await this.queue.run(async () => {
        try {
          return await this.encoder.send(document);
        } catch (e) {
          // A document the printer cannot print (bad barcode data): nothing was sent.
          return { ok: false as const, reason: 'error' as const, detail: errorMessage(e) };
        }
      });
      if (outcome.ok) this.count('receiptsPrinted');
      else {
        this.count('printFailures');
        if (outcome.reason === 'paper-out') this.count('paperOuts');
        if (outcome.reason === 'cover-open') this.count('coverOpens');
      }
      return outcome;
    } catch (e) {
      this.log('error', `printer ${this.id}: print failed unexpectedly`, { error: errorMessage(e) });
      this.count('printFailures');
      return { ok: false, reason: 'error', detail: errorMessage(e) };
    } finally {
      this.queued--;
      this.updateState();
    }
  }

  /** Pulses the drawer connector. While the printer is stopped (paper out) the real-time DLE DC4 pulse is used. */
  async kickDrawer(pulse: DrawerPulse): Promise<DrawerOutcome> {
    if (!this.isEnabled) return { ok: false, reason: 'offline', detail: `printer ${this.id} is not enabled` };
    this.queued++;
    try {
      return await this.queue.run(async () => {
        if (!(await this.ensureConnected())) return { ok: false as const, reason: 'offline' as const, detail: this.offlineDetail() };
        const stopped = this.confirm && this.lastStatus !== null && printFailureOf(this.lastStatus) !== null;
        try {
          await this.link.write(this.encoder.drawerKick(pulse, stopped));
          return { ok: true as const };
        } catch (e) {
          return { ok: false as const, reason: 'offline' as const, detail: errorMessage(e) };
        }
      });
    } catch (e) {
      return { ok: false, reason: 'error', detail: errorMessage(e) };
    } finally {
      this.queued--;
    }
  }

  /** Asks the printer for its status now (between jobs). Null when it cannot be read. */
  async refreshStatus(): Promise<PrinterStatus | null> {
    if (!this.confirm || !this.link.connected) return null;
    return this.queue.run(() => this.queryStatus().catch(() => null));
  }

  // ------------------------------------------------------------------ lifecycle

  protected override onClaim(): void {
    this.link.start();
  }

  protected override onEnable(): void {
    if (this.confirm && !this.poller) {
      this.poller = setInterval(() => void this.poll(), this.config.status.pollMs);
      this.poller.unref?.();
    }
    this.updateState();
  }

  protected override onDisable(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    this.updateState();
  }

  protected override async onRelease(): Promise<void> {
    await this.link.stop();
    this.failWaiters();
  }

  // ------------------------------------------------------------------ the job

  private async ensureConnected(): Promise<boolean> {
    if (this.link.connected) return true;
    return this.link.connectNow(this.config.transport.kind === 'tcp' ? this.config.transport.connectTimeoutMs : 1000);
  }

  private offlineDetail(): string {
    return this.link.error ? `not connected: ${this.link.error.message}` : 'not connected';
  }

  /** node-thermal-printer's execute() lands here with the whole job. Runs inside the queue. */
  private async transmit(job: Uint8Array): Promise<PrintOutcome> {
    const fail = (reason: PrintFailureReason, detail?: string): PrintOutcome => ({ ok: false, reason, ...(detail ? { detail } : {}) });
    let chunks: Uint8Array[];
    // Star: the ETB after the job is how the printer says it printed all of it.
    if (this.star && this.confirm) job = Uint8Array.from([...job, STAR_ETB]);
    try {
      chunks = this.link.transport.jobOriented || this.star ? [job] : chunkEscPosJob(job, this.config.chunkBytes, this.encoding === 'ascii' ? 'gb18030' : this.encoding);
    } catch (e) {
      this.log('error', `printer ${this.id}: refusing a malformed job`, { error: errorMessage(e) });
      return fail('error', `malformed job (not sent): ${errorMessage(e)}`);
    }
    if (!(await this.ensureConnected())) return fail('offline', this.offlineDetail());

    if (this.confirm) {
      const before = await settle(this.queryStatus());
      if (!before.ok) return fail('offline', `the printer does not answer: ${errorMessage(before.error)}`);
      const reason = printFailureOf(before.value);
      if (reason) return fail(reason, `${FAILURE_TEXT[reason]} before printing; nothing was sent`);
    }

    this.printing = true;
    this.updateState();
    let fault: PrintFailureReason | null = null;
    let faultSeen: () => void = () => {};
    const faultPromise = new Promise<void>((resolve) => (faultSeen = resolve));
    const stopFaults = subscribe(this.faultListeners, (reason) => {
      fault ??= reason;
      faultSeen();
    });
    // The printer stopped mid-job: send no more of it, but end what it holds with a cut, so the
    // stub comes out on its own once the printer runs again.
    const abandon = (reason: PrintFailureReason, sent: number): PrintOutcome => {
      if (sent > 0 && reason !== 'offline') {
        // Star: ESC d 3 feeds to the cutter and cuts partially.
        const end = this.star ? Uint8Array.of(0x1b, 0x64, 0x03) : Uint8Array.from([...feedLines(3), ...cut({ partial: true })]);
        this.link.write(end).catch(() => undefined);
      }
      return fail(reason, `${FAILURE_TEXT[reason]} while printing`);
    };
    let sent = 0;
    // Counted before the write: the ASB saying the printer reached this ETB may come at once.
    if (this.star && this.confirm) this.etb.pending++;
    this.etb.lost = false;
    try {
      for (const chunk of chunks) {
        if (fault) return abandon(fault, sent);
        const first = await Promise.race([settle(this.link.write(chunk)).then((r) => ({ kind: 'written' as const, r })), faultPromise.then(() => ({ kind: 'fault' as const }))]);
        sent++;
        if (first.kind === 'written' && !first.r.ok) {
          const what = this.link.transport.jobOriented ? 'the job was not accepted' : 'connection lost while printing';
          return fail('offline', `${what}: ${errorMessage(first.r.error)}`);
        }
        if (fault) return abandon(fault, sent);
        // Let replies that arrived meanwhile (an ASB saying paper out) be read before the next chunk.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (!this.confirm) return { ok: true };
      if (this.star) return await this.awaitStarJob(faultPromise, () => fault, (reason) => abandon(reason, sent));

      // Everything is written: wait until the printer has processed it, or a fault, or the timeout.
      const processed = this.sendProcessedQuery();
      const timeout = new AbortController();
      const outcome = await Promise.race([
        processed.promise.then((r) => ({ kind: 'processed' as const, r })),
        faultPromise.then(() => ({ kind: 'fault' as const })),
        delay(this.config.status.timeoutMs, timeout.signal).then(() => ({ kind: 'timeout' as const })),
      ]);
      timeout.abort();
      processed.abandon();
      if (outcome.kind === 'fault' && fault) return abandon(fault, sent);
      if (outcome.kind === 'processed' && !outcome.r.ok) return fail('offline', `connection lost while printing: ${errorMessage(outcome.r.error)}`);
      if (outcome.kind === 'processed' && outcome.r.ok && decodePaperSensor(outcome.r.value).paperOut) return fail('paper-out', 'paper out at the end of the receipt');

      const after = await settle(this.queryStatus());
      if (!after.ok) return fail(outcome.kind === 'timeout' ? 'timeout' : 'offline', `the printer stopped answering: ${errorMessage(after.error)}`);
      const reason = printFailureOf(after.value);
      if (reason) return fail(reason, `${FAILURE_TEXT[reason]} while printing`);
      if (outcome.kind === 'timeout') return fail('timeout', `the printer did not finish the receipt within ${this.config.status.timeoutMs} ms`);
      return { ok: true };
    } finally {
      stopFaults();
      this.printing = false;
      this.updateState();
    }
  }

  /**
   * Star, after the job is written: wait until an ASB shows the printer's ETB counter has
   * reached the job's ETB, a fault stops the job, or the time is up. ESC ACK SOH is sent now
   * and then meanwhile, so a printer with ASB off (or an ASB that got lost) is read as well.
   */
  private async awaitStarJob(faultPromise: Promise<void>, fault: () => PrintFailureReason | null, abandon: (reason: PrintFailureReason) => PrintOutcome): Promise<PrintOutcome> {
    const fail = (reason: PrintFailureReason, detail: string): PrintOutcome => ({ ok: false, reason, detail });
    let stopEtb: () => void = () => {};
    const reached = new Promise<'reached' | 'lost'>((resolve) => {
      const check = (): void => {
        if (this.etb.lost) resolve('lost');
        else if (this.etb.pending === 0) resolve('reached');
      };
      stopEtb = subscribe(this.etbListeners, check);
      check();
    });
    const timeout = new AbortController();
    const polling = this.pollStarWhile(timeout.signal);
    try {
      const outcome = await Promise.race([
        reached.then((r) => ({ kind: r })),
        faultPromise.then(() => ({ kind: 'fault' as const })),
        delay(this.config.status.timeoutMs, timeout.signal).then(() => ({ kind: 'timeout' as const })),
      ]);
      const reason = fault();
      if (outcome.kind === 'fault' && reason) return abandon(reason);
      if (outcome.kind === 'timeout') {
        const now = this.lastStatus ? printFailureOf(this.lastStatus) : null;
        if (now) return fail(now, `${FAILURE_TEXT[now]} while printing`);
        return fail('timeout', `the printer did not finish the receipt within ${this.config.status.timeoutMs} ms`);
      }
      if (outcome.kind === 'lost') return fail('error', 'the printer\'s ETB counter jumped (restarted, or another computer prints on it): the receipt cannot be confirmed');
      // The ASB that showed the ETB was sent after everything before it had printed.
      const after = this.lastStatus ? printFailureOf(this.lastStatus) : 'offline';
      if (after) return fail(after, `${FAILURE_TEXT[after]} at the end of the receipt`);
      return { ok: true };
    } finally {
      timeout.abort();
      stopEtb();
      await polling;
    }
  }

  /** ESC ACK SOH every few hundred ms (one at a time, as Star asks) until `signal` aborts. */
  private async pollStarWhile(signal: AbortSignal): Promise<void> {
    const gap = Math.min(250, Math.max(20, Math.floor(this.config.status.timeoutMs / 8)));
    while (!signal.aborted && this.link.connected) {
      const answer = this.expectAsb();
      const written = await settle(this.link.write(Uint8Array.from(STAR_STATUS_REQUEST)));
      if (!written.ok) {
        this.dropAsb(answer.waiter);
        return;
      }
      await Promise.race([answer.promise.catch(() => undefined), delay(this.statusReplyMs, signal)]);
      this.dropAsb(answer.waiter);
      await delay(gap, signal);
    }
  }

  // ------------------------------------------------------------------ status

  /** Star: ESC ACK SOH, answered by an ASB message. */
  private async queryStarStatus(): Promise<PrinterStatus> {
    const answer = this.expectAsb();
    const sent = await settle(this.link.write(Uint8Array.from(STAR_STATUS_REQUEST)));
    if (!sent.ok) {
      this.dropAsb(answer.waiter);
      throw sent.error;
    }
    const timeout = new AbortController();
    const result = await Promise.race([answer.promise, delay(this.statusReplyMs, timeout.signal).then(() => null)]).finally(() => timeout.abort());
    if (!result) {
      this.dropAsb(answer.waiter);
      this.noAnswer();
      throw new Error(`no reply to ESC ACK SOH within ${this.statusReplyMs} ms`);
    }
    return this.lastStatus ?? printerStatusOfStar(result);
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

  private starReply(reply: StarReply): void {
    if (reply.kind === 'unexpected') {
      this.log('warn', `printer ${this.id}: unexpected reply bytes ${reply.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${reply.why}`);
      return;
    }
    const status = reply.status;
    this.silent = false;
    this.countEtb(status);
    this.setPrinterStatus(printerStatusOfStar(status));
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

  /** DLE EOT 1, 2 and 4; the three replies make one status. */
  private async queryStatus(): Promise<PrinterStatus> {
    if (this.star) return this.queryStarStatus();
    const replies = [this.expectRealtime(), this.expectRealtime(), this.expectRealtime()];
    const sent = await settle(this.link.write(Uint8Array.from([...realtimeStatusQuery(1), ...realtimeStatusQuery(2), ...realtimeStatusQuery(4)])));
    if (!sent.ok) {
      this.dropRealtime(replies.map((r) => r.waiter));
      throw sent.error;
    }
    const timeout = new AbortController();
    const all = Promise.all(replies.map((r) => r.promise));
    all.catch(() => undefined);
    const result = await Promise.race([all, delay(this.statusReplyMs, timeout.signal).then(() => null)]).finally(() => timeout.abort());
    if (!result) {
      this.dropRealtime(replies.map((r) => r.waiter));
      this.noAnswer();
      throw new Error(`no reply to DLE EOT within ${this.statusReplyMs} ms`);
    }
    const status = statusFromRealtime({ printer: result[0]!, offlineCause: result[1]!, paperRoll: result[2]! });
    this.silent = false;
    this.setPrinterStatus(status);
    return status;
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

  private replies(bytes: Uint8Array): void {
    if (this.star) {
      for (const reply of this.starParser.push(bytes)) this.starReply(reply);
      return;
    }
    for (const reply of this.parser.push(bytes)) this.reply(reply);
  }

  private reply(reply: PrinterReply): void {
    switch (reply.kind) {
      case 'realtime': {
        const waiter = this.realtimeWaiters.shift();
        if (waiter?.settle) waiter.settle(reply.byte);
        else this.log('warn', `printer ${this.id}: a status reply nobody asked for (0x${reply.byte.toString(16)})`);
        return;
      }
      case 'processed': {
        const waiter = this.processedWaiters.shift();
        waiter?.settle?.(reply.byte);
        return;
      }
      case 'asb': {
        this.silent = false;
        const { feedingByButton: _f, autocutterError: _a, unrecoverableError: _u, autoRecoverableError: _r, ...status } = reply.status;
        this.setPrinterStatus(status);
        return;
      }
      case 'unexpected':
        this.log('warn', `printer ${this.id}: unexpected reply bytes ${reply.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${reply.why}`);
        this.parser.reset();
        return;
    }
  }

  private setPrinterStatus(status: PrinterStatus | null): void {
    const previous = this.lastStatus;
    this.lastStatus = status;
    if (status) {
      const reason = printFailureOf(status);
      if (reason && (!previous || printFailureOf(previous) !== reason)) {
        if (reason === 'paper-out' && !this.printing) this.count('paperOuts');
        callListeners(this.faultListeners, reason, this.log, 'printer fault');
      }
    }
    callListeners(this.printerStatusListeners, status ? { ...status } : null, this.log, 'printer status');
    this.updateState();
  }

  private noAnswer(): void {
    this.silent = true;
    this.setPrinterStatus(null);
    // A network printer that stopped answering is gone (unplugged, switched off): reconnect.
    if (this.config.transport.kind === 'tcp') this.link.reset('no reply to status queries');
  }

  private async poll(): Promise<void> {
    if (this.queued > 0 || this.printing || !this.link.connected) return;
    this.queued++;
    try {
      await this.queue.run(() => this.queryStatus().catch(() => null));
    } finally {
      this.queued--;
    }
  }

  private async linkUp(): Promise<void> {
    this.parser.reset();
    this.starParser.reset();
    this.failWaiters();
    this.silent = false;
    if (this.confirm && this.star) {
      // ESC RS a 1: report changes as they happen (Ethernet interfaces always do).
      if (this.config.status.asb) await this.link.write(starAsbSetting(true)).catch(() => undefined);
    } else if (this.confirm && this.config.status.asb) {
      // GS a: report drawer, online/offline, errors and paper as they change.
      await this.link.write(enableAsb({ drawer: true, onlineOffline: true, error: true, paperRoll: true })).catch(() => undefined);
    }
    this.updateState();
    if (this.confirm) void this.queue.run(() => this.queryStatus().catch(() => null));
  }

  private linkDown(error: Error | null): void {
    this.failWaiters();
    callListeners(this.faultListeners, 'offline', this.log, 'printer fault');
    this.lastStatus = null;
    callListeners(this.printerStatusListeners, null, this.log, 'printer status');
    this.count('disconnects');
    this.log('warn', `printer ${this.id}: connection lost${error ? `: ${error.message}` : ''}`);
    this.updateState();
  }

  /** A new or lost link: replies to earlier queries will never come. Waiting jobs fail through the fault listeners or their timeout. */
  private failWaiters(): void {
    const waiters = [...this.realtimeWaiters, ...this.processedWaiters, ...this.asbWaiters];
    this.realtimeWaiters = [];
    this.processedWaiters = [];
    this.asbWaiters = [];
    // Jobs sent over the old link are not ours to count any more; a waiting job fails as offline.
    this.etb = { counter: null, pending: 0, lost: false };
    const error = new Error('the connection to the printer was lost');
    for (const w of waiters) w.fail(error);
  }

  private updateState(): void {
    if (!this.isDeviceOpen) return;
    this.counters.reconnects = this.link.reconnects;
    if (!this.isClaimed) return this.report('idle', 'released', undefined, { reason: 'released' });
    if (!this.link.connected) return this.report('offline', this.offlineDetail(), { online: false, power: false }, { reason: 'not-connected' });
    const s = this.lastStatus;
    if (this.confirm && !s) {
      if (this.silent) return this.report('offline', 'connected, but the printer does not answer (switched off? wrong port?)', { online: false, power: false }, { reason: 'no-answer' });
      return this.report('busy', 'connected; asking for the printer status', { online: false }, { reason: 'connecting' });
    }
    const flags: Record<string, boolean> = s
      ? { online: s.online, power: true, coverOpen: s.coverOpen, paperNearEnd: s.paperNearEnd, paperOut: s.paperOut, error: s.error }
      : { online: true, unconfirmed: true };
    const reason = s ? printFailureOf(s) : null;
    if (reason === 'offline') return this.report('offline', 'the printer is offline', flags, { reason: 'offline' });
    if (reason) return this.report('error', FAILURE_TEXT[reason], flags, { reason });
    if (this.printing) return this.report('busy', 'printing', flags, { reason: 'printing' });
    if (!this.isEnabled) return this.report('idle', 'disabled', flags, { reason: 'disabled' });
    return s?.paperNearEnd ? this.report('idle', 'paper near end', flags, { reason: 'paper-near-end' }) : this.report('idle', undefined, flags);
  }
}
