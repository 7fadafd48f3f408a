// A serial customer (pole) display speaking the ESC/POS line display commands (Epson DM-D and
// compatibles; the commands are in protocols/escpos/line-display.ts). Lines are
// always written whole and padded, so nothing from an earlier item stays on the glass.
// Double-byte displays get Kanji runs wrapped in FS & ... FS . like the printers; a Big5 display
// gets CP950 codes (display-charset.ts).
import type { DisplayConfig } from '../../core/config/devices.ts';
import type { CustomerDisplay, CustomerDisplayContent, DisplayOutcome } from '../../core/ports/customer-display.ts';
import { PosDevice, type DeviceLog } from '../device.ts';
import { errorWithCode } from '../error-message.ts';
import type { ByteTransport } from '../transports/transport.ts';
import { SupervisedLink } from '../transports/supervised-link.ts';
import type { PrinterCharset } from '../protocols/text/layout.ts';
import { displayCharset } from './display-charset.ts';
import { DISPLAY_INIT, displayBytes } from '../protocols/escpos/line-display.ts';
import { layoutDisplay } from './display-layout.ts';

export interface PoleDisplayOptions {
  id: string;
  config: DisplayConfig;
  transport: ByteTransport;
  resource: string;
  log?: DeviceLog;
}

export class PoleDisplayDevice extends PosDevice implements CustomerDisplay {
  private readonly config: DisplayConfig;
  private readonly link: SupervisedLink;
  private readonly charset: PrinterCharset;
  private lines: string[] | null = null;

  constructor(options: PoleDisplayOptions) {
    super({ id: options.id, kind: 'display', resource: options.resource, ...(options.log ? { log: options.log } : {}) });
    this.config = options.config;
    this.charset = displayCharset(options.config.encoding);
    this.link = new SupervisedLink(
      options.transport,
      options.config.reconnect,
      {
        // A display that was unplugged or power-cycled is blank: show the current content again.
        up: async () => {
          await this.link
            .write(Uint8Array.from([...DISPLAY_INIT, ...(this.lines ? displayBytes(this.lines, this.charset) : [])]))
            .catch(() => undefined);
          this.updateState();
        },
        down: () => {
          this.count('disconnects');
          this.updateState();
        },
        data: () => undefined,
        failed: () => this.updateState(),
      },
      this.log,
    );
  }

  /** What the display shows now (after the last successful or pending update). */
  shown(): string[] | null {
    return this.lines ? [...this.lines] : null;
  }

  async show(content: CustomerDisplayContent): Promise<DisplayOutcome> {
    return this.write(layoutDisplay(content, this.config));
  }

  async clear(): Promise<DisplayOutcome> {
    return this.write(layoutDisplay({}, this.config));
  }

  private async write(lines: string[]): Promise<DisplayOutcome> {
    this.lines = lines;
    if (!this.isEnabled) return { ok: false, reason: 'offline', detail: `display ${this.id} is not enabled` };
    if (!this.link.connected) {
      this.count('failedUpdates');
      return { ok: false, reason: 'offline', detail: this.link.error ? this.link.error.message : 'not connected' };
    }
    try {
      await this.link.write(displayBytes(lines, this.charset));
      this.count('updates');
      return { ok: true };
    } catch (e) {
      this.count('failedUpdates');
      return { ok: false, reason: 'offline', detail: errorWithCode(e) };
    }
  }

  protected override onClaim(): void {
    this.link.start();
  }

  protected override onEnable(): void {
    this.updateState();
  }

  protected override async onRelease(): Promise<void> {
    await this.link.stop();
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
    this.report('idle', undefined, { online: true });
  }
}
