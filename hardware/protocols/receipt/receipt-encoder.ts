// A ReceiptDocument as printer bytes, ESC/POS or Star Line Mode: the one place a receipt is
// encoded. The document is walked here; what each command set prints differently comes from
// its ReceiptCommandSet (escpos/receipt-commands.ts, star-line/receipt-commands.ts), and text
// styles and cuts from node-thermal-printer (thermal-job.ts). Data text goes through the
// printer charset (text/layout.ts: sanitised, Kanji runs in FS & ... FS .), so no control
// byte from data can reach the printer; barcodes and QR codes are validated before anything
// is built (escpos/barcode.ts, escpos/qr-code.ts, star-line/commands.ts).
import type { ReceiptDocument, ReceiptLine } from '../../../core/contract/views.ts';
import type { DeviceEncoding } from '../../../core/config/devices.ts';
import { initialize } from '../escpos/commands.ts';
import { qrSymbolModules } from '../escpos/qr-code.ts';
import type { MonoBitmap } from '../escpos/raster.ts';
import type { DrawerPulse } from '../escpos/drawer.ts';
import { escPosReceiptCommands } from '../escpos/receipt-commands.ts';
import { starLineReceiptCommands } from '../star-line/receipt-commands.ts';
import { pairColumns, printerCharset, ruleColumns, textColumns, wrapColumns, type PrinterCharset } from '../text/layout.ts';
import type { CommandSet, ReceiptCommandSet } from './command-set.ts';
import { ThermalJob } from './thermal-job.ts';
import { qrPairBitmap } from './qr-pair-raster.ts';

export interface ReceiptEncoderOptions {
  commandSet: CommandSet;
  encoding: DeviceEncoding;
  /** Font A characters per line of the paper. */
  columns: number;
  /** Printable width in dots (384 for 58 mm, 576 for 80 mm). */
  paperDots: number;
  logo?: MonoBitmap | null;
}

const COMMAND_SETS: Record<CommandSet, ReceiptCommandSet> = { escpos: escPosReceiptCommands, star: starLineReceiptCommands };

const BARCODE_HEIGHT = 60;
const QR_QUIET_MODULES = 4;

type LineOf<T extends ReceiptLine['type']> = Extract<ReceiptLine, { type: T }>;

export class ReceiptEncoder {
  readonly commandSet: CommandSet;
  readonly charset: PrinterCharset;
  private readonly commands: ReceiptCommandSet;
  private readonly options: ReceiptEncoderOptions;
  private readonly job: ThermalJob;
  /** Characters per line of the document being encoded. */
  private columns: number;

  constructor(options: ReceiptEncoderOptions) {
    this.options = options;
    this.commandSet = options.commandSet;
    this.commands = COMMAND_SETS[options.commandSet];
    this.charset = printerCharset(this.commands.textEncoding(options.encoding));
    this.job = new ThermalJob(options.commandSet, options.columns);
    this.columns = options.columns;
  }

  /** The job's bytes: what the driver writes to the printer, and what previews and tests read. */
  encode(document: ReceiptDocument): Uint8Array {
    const job = this.job;
    this.columns = Math.max(8, Math.min(document.width, this.options.columns));
    job.start();
    job.bytes(initialize());
    const kanji = this.commands.kanjiSetup(this.charset.encoding);
    if (kanji) job.bytes(kanji);
    const logo = this.options.logo ? this.commands.logo(this.options.logo) : null;
    if (logo) {
      job.setAlign('center');
      job.bytes(logo);
    }
    for (const line of document.lines) this.line(line);
    job.setBold(false);
    job.setDouble(false);
    job.setAlign('left');
    return job.finish();
  }

  /** The drawer kick: ESC p (or DLE DC4, which works while the printer is offline) / Star BEL. */
  drawerKick(pulse: DrawerPulse, realtime = false): Uint8Array {
    return this.commands.drawerKick(pulse, realtime);
  }

  private line(line: ReceiptLine): void {
    switch (line.type) {
      case 'text':
        return this.text(line);
      case 'pair':
        return this.pair(line);
      case 'rule':
        return this.rule(line);
      case 'barcode':
        return this.barcode(line);
      case 'qr':
        return this.qr(line);
      case 'qr-pair':
        return this.qrPair(line);
      case 'feed':
        return this.job.bytes(this.commands.feedLines(line.lines));
      case 'cut':
        return this.job.cut(line.partial ?? false);
    }
  }

  private style(double: boolean, bold: boolean, align: 'left' | 'center' | 'right'): void {
    this.job.setDouble(double);
    this.job.setBold(bold);
    this.job.setAlign(align);
  }

  private textLine(text: string): void {
    this.job.line(this.charset.encode(text));
  }

  /**
   * A document narrower than the paper (a 57 mm e-invoice on an 80 mm printer) prints in a band
   * of its own width in the middle of the paper: its lines are padded to the document's width
   * and centred, like its barcodes, QR codes and images.
   */
  private get banded(): boolean {
    return this.columns < this.options.columns;
  }

  private text(line: LineOf<'text'>): void {
    const big = line.size === 'double';
    const align = line.align ?? 'left';
    const width = big ? Math.floor(this.columns / 2) : this.columns;
    const pad = this.banded && align !== 'center';
    this.style(big, line.bold ?? false, pad ? 'center' : align);
    for (const part of wrapColumns(line.text, width, this.charset)) this.textLine(pad ? this.padded(part, width, align) : part);
  }

  /** `part` filled with spaces to `width` columns, keeping it at its side. */
  private padded(part: string, width: number, align: 'left' | 'right'): string {
    const room = ' '.repeat(Math.max(0, width - textColumns(part, this.charset)));
    return align === 'right' ? room + part : part + room;
  }

  private pair(line: LineOf<'pair'>): void {
    this.style(false, line.bold ?? false, this.banded ? 'center' : 'left');
    for (const part of pairColumns(line.left, line.right, this.columns, this.charset))
      this.textLine(this.banded ? this.padded(part, this.columns, 'left') : part);
  }

  private rule(line: LineOf<'rule'>): void {
    this.style(false, false, this.banded ? 'center' : 'left');
    this.textLine(ruleColumns(line.char ?? '-', this.columns, this.charset));
  }

  private barcode(line: LineOf<'barcode'>): void {
    this.style(false, false, 'center');
    const out = this.commands.barcode(line.symbology, line.data, BARCODE_HEIGHT, this.options.paperDots);
    if ('text' in out) this.textLine(out.text);
    else this.job.bytes(out.bytes);
  }

  /** Side by side as one image; a command set that prints no images gets them one under the other. */
  private qrPair(line: LineOf<'qr-pair'>): void {
    this.style(false, false, 'center');
    const image = this.commands.logo(qrPairBitmap(line.left, line.right, this.options.paperDots).bitmap);
    if (image) this.job.bytes(image);
    else for (const data of [line.left, line.right]) this.qr({ type: 'qr', data, size: 3 });
  }

  private qr(line: LineOf<'qr'>): void {
    this.style(false, false, 'center');
    // A symbol wider than the paper is not printed: shrink the modules until it fits. The printer
    // builds the symbol (GS ( k, ESC GS y); its size follows from the data's length alone.
    const size = qrSymbolModules(Buffer.byteLength(line.data, 'utf8')) + 2 * QR_QUIET_MODULES;
    const moduleSize = Math.max(1, Math.min(line.size ?? 4, Math.floor(this.options.paperDots / size)));
    this.job.bytes(this.commands.qrCode(line.data, moduleSize));
  }
}
