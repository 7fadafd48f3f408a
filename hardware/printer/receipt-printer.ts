// The receipt printer driver: prints ReceiptDocuments, watches the printer's status, kicks
// the drawer through it, and keeps the link up.
//
// A receipt is encoded by the ReceiptEncoder (protocols/receipt/), sent by printJob
// (print-job.ts) and confirmed by the status protocol of the printer's command set, chosen
// here once: EscPosStatusProtocol (DLE EOT, GS r, ASB) or StarStatusProtocol (ESC ACK SOH,
// ASB, ETB counter). Real-time status requests are answered even while the printer is stopped.
import type { ReceiptDocument } from '../../core/contract/views.ts';
import { PAPER_DEFAULTS, type PrinterConfig, type DeviceEncoding } from '../../core/config/devices.ts';
import type { DrawerOutcome } from '../../core/ports/cash-drawer.ts';
import type { MonitoredReceiptPrinter, PrintFailureReason, PrintOutcome } from '../../core/ports/receipt-printer.ts';
import { PosDevice, SerialQueue, subscribe, callListeners, type DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';
import { ReceiptEncoder } from '../protocols/receipt/receipt-encoder.ts';
import type { DrawerPulse } from '../protocols/escpos/drawer.ts';
import type { MonoBitmap } from '../protocols/escpos/raster.ts';
import type { PrinterStatus } from '../protocols/printer-status.ts';
import { EscPosStatusProtocol } from './escpos-status-protocol.ts';
import { StarStatusProtocol } from './star-status-protocol.ts';
import { FAILURE_TEXT, printFailureOf } from './print-failure.ts';
import { printJob, type PrintJobContext } from './print-job.ts';
import type { StatusLink, StatusProtocol } from './status-protocol.ts';

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

export class ReceiptPrinterDevice extends PosDevice implements MonitoredReceiptPrinter {
  readonly config: PrinterConfig;
  readonly encoding: DeviceEncoding;
  private readonly link: SupervisedLink;
  private readonly encoder: ReceiptEncoder;
  private readonly protocol: StatusProtocol;
  private readonly queue = new SerialQueue();
  private readonly confirm: boolean;
  private readonly faultListeners = new Set<(reason: PrintFailureReason) => void>();
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
    const canRead = options.transport.duplex;
    this.confirm = (options.config.status.confirm ?? (canRead ? 'printer-status' : 'write-only')) === 'printer-status' && canRead;
    this.link = new SupervisedLink(
      options.transport,
      options.config.reconnect,
      { up: () => this.linkUp(), down: (e) => this.linkDown(e), data: (b) => this.protocol.receive(b), failed: () => this.updateState() },
      this.log,
    );
    this.protocol = this.statusProtocol(options);
    const paper = PAPER_DEFAULTS[options.config.paper.widthMm];
    this.encoder = new ReceiptEncoder({
      commandSet: options.config.commandSet,
      encoding: options.encoding,
      columns: options.config.paper.columns ?? paper.columns,
      paperDots: paper.dots,
      logo: options.logo ?? null,
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
      const outcome = await this.queue.run(() => this.encodeAndPrint(document));
      this.countOutcome(outcome);
      return outcome;
    } catch (e) {
      this.log.error(`printer ${this.id}: print failed unexpectedly`, { error: errorWithCode(e) });
      this.count('printFailures');
      return { ok: false, reason: 'error', detail: errorWithCode(e) };
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
          return { ok: false as const, reason: 'offline' as const, detail: errorWithCode(e) };
        }
      });
    } catch (e) {
      return { ok: false, reason: 'error', detail: errorWithCode(e) };
    } finally {
      this.queued--;
    }
  }

  /** Asks the printer for its status now (between jobs). Null when it cannot be read. */
  async refreshStatus(): Promise<PrinterStatus | null> {
    if (!this.confirm || !this.link.connected) return null;
    return this.queue.run(() => this.protocol.query().catch(() => null));
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
    this.protocol.failWaiters();
  }

  // ------------------------------------------------------------------ printing

  private statusProtocol(options: ReceiptPrinterOptions): StatusProtocol {
    const timing = { statusReplyMs: options.statusReplyMs ?? 1500, jobTimeoutMs: options.config.status.timeoutMs };
    const link: StatusLink = {
      isConnected: () => this.link.connected,
      write: (bytes) => this.link.write(bytes),
      reported: (status) => {
        this.silent = false;
        this.setPrinterStatus(status);
      },
      noAnswer: () => this.noAnswer(),
      lastStatus: () => this.lastStatus,
      warn: (message) => this.log.warn(`printer ${this.id}: ${message}`),
    };
    if (options.config.commandSet === 'star') return new StarStatusProtocol(link, timing, this.log);
    const chunking = { encoding: options.encoding, chunkBytes: options.config.chunkBytes, jobOriented: options.transport.jobOriented };
    return new EscPosStatusProtocol(link, { ...timing, ...chunking });
  }

  private async encodeAndPrint(document: ReceiptDocument): Promise<PrintOutcome> {
    try {
      return await printJob(this.jobContext(), this.encoder.encode(document));
    } catch (e) {
      // A document the printer cannot print (bad barcode data): nothing was sent.
      return { ok: false, reason: 'error', detail: errorWithCode(e) };
    }
  }

  private jobContext(): PrintJobContext {
    return {
      id: this.id,
      log: this.log,
      link: this.link,
      protocol: this.protocol,
      confirm: this.confirm,
      ensureConnected: () => this.ensureConnected(),
      offlineDetail: () => this.offlineDetail(),
      onFault: (listener) => subscribe(this.faultListeners, listener),
      printing: (on) => {
        this.printing = on;
        this.updateState();
      },
    };
  }

  private countOutcome(outcome: PrintOutcome): void {
    if (outcome.ok) return this.count('receiptsPrinted');
    this.count('printFailures');
    if (outcome.reason === 'paper-out') this.count('paperOuts');
    if (outcome.reason === 'cover-open') this.count('coverOpens');
  }

  private async ensureConnected(): Promise<boolean> {
    if (this.link.connected) return true;
    return this.link.connectNow(this.config.transport.kind === 'tcp' ? this.config.transport.connectTimeoutMs : 1000);
  }

  private offlineDetail(): string {
    return this.link.error ? `not connected: ${this.link.error.message}` : 'not connected';
  }

  // ------------------------------------------------------------------ status

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
      await this.queue.run(() => this.protocol.query().catch(() => null));
    } finally {
      this.queued--;
    }
  }

  private async linkUp(): Promise<void> {
    this.protocol.linkUp();
    this.silent = false;
    if (this.confirm && this.config.status.asb) await this.link.write(this.protocol.asbOn()).catch(() => undefined);
    this.updateState();
    if (this.confirm) void this.queue.run(() => this.protocol.query().catch(() => null));
  }

  private linkDown(error: Error | null): void {
    this.protocol.failWaiters();
    callListeners(this.faultListeners, 'offline', this.log, 'printer fault');
    this.lastStatus = null;
    callListeners(this.printerStatusListeners, null, this.log, 'printer status');
    this.count('disconnects');
    this.log.warn(`printer ${this.id}: connection lost${error ? `: ${error.message}` : ''}`);
    this.updateState();
  }

  private updateState(): void {
    if (!this.isDeviceOpen) return;
    this.counters.reconnects = this.link.reconnects;
    if (!this.isClaimed) return this.report('idle', 'released', undefined, { reason: 'released' });
    if (!this.link.connected)
      return this.report('offline', this.offlineDetail(), { online: false, power: false }, { reason: 'not-connected' });
    const s = this.lastStatus;
    if (this.confirm && !s) {
      const silent = 'connected, but the printer does not answer (switched off? wrong port?)';
      if (this.silent) return this.report('offline', silent, { online: false, power: false }, { reason: 'no-answer' });
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
    return s?.paperNearEnd
      ? this.report('idle', 'paper near end', flags, { reason: 'paper-near-end' })
      : this.report('idle', undefined, flags);
  }
}
