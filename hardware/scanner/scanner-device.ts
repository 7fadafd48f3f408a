// Serial and HID POS scanners as ScannerSource: frames or reports in, validated scans out.
// Every read is checked before anyone looks it up: framing (core/scanning/framing.ts, or the
// HID report layout), then parseScan with the store's scan rules. What fails is reported as a
// rejection with its reason, never as a scan. The host forwards scans to `sale.scan`.
import type { ScanConfig } from '../../core/catalog/barcode.ts';
import { parseScan } from '../../core/catalog/barcode.ts';
import type { ScannerConfig } from '../../core/config/devices.ts';
import type { ScanEvent, ScanRejection, ScanSource, ScannerSource } from '../../core/ports/scanner.ts';
import { createScanFramer, type FramedScan, type ScanFramer } from '../../core/scanning/framing.ts';
import { PosDevice, callListeners, subscribe, type DeviceLog } from '../device.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';
import { createHidPosAssembler, type AssembledScan, type HidPosAssembler } from '../protocols/hid-pos/hid-pos-report.ts';

export interface ScannerDeviceOptions {
  id: string;
  config: ScannerConfig;
  transport: ByteTransport;
  resource: string;
  /** The store's scan rules (variable-measure layouts, 8-digit preference). */
  scanConfig?: ScanConfig;
  log?: DeviceLog;
  now?: () => number;
}

type Read = FramedScan | AssembledScan;

interface Reader {
  push(bytes: Uint8Array, atMs: number): Read[];
  deadline(): number | null;
  expire(atMs: number): Read[];
  reset(): Read[];
  listening(atMs: number): void;
}

export class ScannerDevice extends PosDevice implements ScannerSource {
  readonly source: ScanSource;
  private readonly config: ScannerConfig;
  private readonly scanConfig: ScanConfig | undefined;
  private readonly link: SupervisedLink;
  private readonly reader: Reader;
  private readonly now: () => number;
  private readonly scanListeners = new Set<(scan: ScanEvent) => void>();
  private readonly rejectListeners = new Set<(rejection: ScanRejection) => void>();
  private expiry: ReturnType<typeof setTimeout> | null = null;
  private settling: ReturnType<typeof setTimeout> | null = null;
  /** How long after (re)connecting a read may still be the tail of one sent before. */
  private readonly guardMs: number;

  constructor(options: ScannerDeviceOptions) {
    super({ id: options.id, kind: 'scanner', resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    this.config = options.config;
    this.scanConfig = options.scanConfig;
    this.now = options.now ?? Date.now;
    this.source = options.config.transport.kind === 'hid' ? 'hid' : 'serial';
    const framer: ScanFramer | HidPosAssembler =
      this.source === 'hid'
        ? createHidPosAssembler({
            continuationTimeoutMs: Math.max(options.config.interByteTimeoutMs, 200),
            maxLength: options.config.maxLength,
          })
        : createScanFramer({
            suffix: options.config.suffix,
            interByteTimeoutMs: options.config.interByteTimeoutMs,
            maxLength: options.config.maxLength,
          });
    this.reader = framer;
    this.guardMs =
      this.source === 'hid' ? Math.max(options.config.interByteTimeoutMs, 200) : Math.min(options.config.interByteTimeoutMs, 100);
    this.link = new SupervisedLink(
      options.transport,
      options.config.reconnect,
      {
        up: () => this.connected(),
        failed: () => this.updateState(),
        down: () => {
          this.deliver(this.reader.reset());
          this.count('disconnects');
          this.updateState();
        },
        data: (bytes) => this.received(bytes),
      },
      this.log,
    );
  }

  /** Bytes of a read have arrived and its end has not (diagnostics, tests). */
  readInProgress(): boolean {
    return this.reader.deadline() !== null;
  }

  onScan(listener: (scan: ScanEvent) => void): () => void {
    return subscribe(this.scanListeners, listener);
  }

  onRejected(listener: (rejection: ScanRejection) => void): () => void {
    return subscribe(this.rejectListeners, listener);
  }

  protected override onClaim(): void {
    this.link.start();
  }

  protected override onEnable(): void {
    this.updateState();
  }

  protected override onDisable(): void {
    this.updateState();
  }

  protected override async onRelease(): Promise<void> {
    this.clearExpiry();
    if (this.settling) clearTimeout(this.settling);
    this.settling = null;
    await this.link.stop();
    this.reader.reset();
  }

  /** Reads are trusted once the guard time after connecting has passed; until then the scanner reports busy. */
  private connected(): void {
    this.reader.listening(this.now());
    if (this.settling) clearTimeout(this.settling);
    this.settling = setTimeout(() => {
      this.settling = null;
      this.updateState();
    }, this.guardMs + 1);
    this.settling.unref?.();
    this.updateState();
  }

  private received(bytes: Uint8Array): void {
    this.deliver(this.reader.push(bytes, this.now()));
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    this.clearExpiry();
    const deadline = this.reader.deadline();
    if (deadline === null) return;
    this.expiry = setTimeout(
      () => {
        this.expiry = null;
        this.deliver(this.reader.expire(this.now()));
        this.scheduleExpiry();
      },
      Math.max(0, deadline - this.now()) + 1,
    );
    this.expiry.unref?.();
  }

  private clearExpiry(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
  }

  private deliver(reads: Read[]): void {
    for (const read of reads) {
      // A disabled scanner (UnifiedPOS DataEventEnabled off) reads nothing.
      if (!this.isEnabled) continue;
      if (!read.ok) {
        this.reject(read.reason, read.detail);
        continue;
      }
      const parsed = parseScan(read.code, this.scanConfig);
      if (!parsed.ok) {
        this.reject(parsed.error.code, parsed.error.message, parsed.error.code === 'barcode.noise' ? undefined : read.code);
        continue;
      }
      this.count('goodScans');
      callListeners(this.scanListeners, { code: read.code, source: this.source, deviceId: this.id }, this.log, 'scan');
    }
  }

  /** `code`: a whole, clean read that is no barcode (a staff badge is one); the host decides what it is. */
  private reject(reason: string, detail: string, code?: string): void {
    this.count('rejectedScans');
    this.log.info(`scanner ${this.id}: read refused: ${reason}: ${detail}`);
    const rejection = { source: this.source, deviceId: this.id, reason, detail, ...(code === undefined ? {} : { code }) };
    callListeners(this.rejectListeners, rejection, this.log, 'scan rejection');
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
    if (this.settling) return this.report('busy', 'connected; listening', { online: true }, { reason: 'listening' });
    if (!this.isEnabled) return this.report('idle', 'disabled', { online: true }, { reason: 'disabled' });
    this.report('idle', undefined, { online: true });
  }
}
