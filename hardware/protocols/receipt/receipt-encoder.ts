// A ReceiptDocument as printer bytes, ESC/POS or Star Line Mode.
//
// node-thermal-printer builds what it builds correctly: alignment, emphasis, character size
// (GS ! for ESC/POS, which also scales Kanji, unlike ESC !), line feeds and cuts; and its
// custom-interface hook (an object as `interface`) hands the finished buffer to our transport
// through execute(). Everything else goes in as ready-made bytes through append(Buffer),
// which node-thermal-printer passes through untouched:
// - text: its text path re-encodes each non-ASCII character through single-byte code pages
//   and emits ESC t inside double-byte runs (see cjk.ts). Data text goes through
//   sanitizePrintText and encodePrintText / toAsciiText here, so no control byte from data
//   can reach the printer.
// - the drawer kick: its openCashDrawer() writes the malformed 1B 70 00 1B 70 01 (drawer.ts).
// - barcodes and QR codes: its EAN/CODE128 paths take the data unchecked (CODE128 does not
//   escape '{', lengths are UTF-16 code units, not bytes), its QR path counts characters as
//   bytes and cannot go past module size 8; its Star barcode and QR commands are broken
//   (star-line.ts). barcode.ts, qr-code.ts and star-line.ts validate before anything is sent.
// - logos: its printImageBuffer() sends one GS v 0 for the whole image with xH fixed at 0;
//   raster.ts bands the image so no command exceeds the printer's buffer.
import QRCode from 'qrcode';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { ReceiptDocument, ReceiptLine } from '../../../core/contract/views.ts';
import type { DeviceEncoding } from '../../../core/config/devices.ts';
import { feedLines, initialize, kanjiCodeSystem, type Alignment } from '../escpos/commands.ts';
import { code128, ean13 } from '../escpos/barcode.ts';
import { qrCode } from '../escpos/qr-code.ts';
import { rasterImage, type MonoBitmap } from '../escpos/raster.ts';
import { drawerKick, realtimeDrawerKick, type DrawerPulse } from '../escpos/drawer.ts';
import { pairColumns, printerCharset, ruleColumns, wrapColumns, type PrinterCharset } from '../text/layout.ts';
import { starBarcode, starDrawerKick, starFeedLines, starQrCode } from '../star-line/commands.ts';

export type CommandSet = 'escpos' | 'star';

/** What node-thermal-printer calls on a custom interface (lib/interfaces/interface.js). */
export interface ThermalInterface<R = unknown> {
  getPrinterName(): string;
  isPrinterConnected(): Promise<boolean>;
  execute(buffer: Buffer): Promise<R>;
}

export interface ReceiptEncoderOptions<R = unknown> {
  commandSet: CommandSet;
  encoding: DeviceEncoding;
  /** Font A characters per line of the paper. */
  columns: number;
  /** Printable width in dots (384 for 58 mm, 576 for 80 mm). */
  paperDots: number;
  logo?: MonoBitmap | null;
  /** Receives the finished job from node-thermal-printer's execute(). */
  sink?: ThermalInterface<R>;
}

const BARCODE_HEIGHT = 60;

interface LineWriter {
  columns: number;
  setAlign(a: Alignment): void;
  setBold(on: boolean): void;
  setDouble(on: boolean): void;
  bytes(b: Uint8Array): void;
  textLine(text: string): void;
  initialized(): void;
}
const QR_QUIET_MODULES = 4;

const detachedSink: ThermalInterface<never> = {
  getPrinterName: () => 'tillproof-encoder',
  isPrinterConnected: async () => false,
  execute: async () => {
    throw new Error('this encoder has no printer attached');
  },
};

/** Modules of a CODE128 code set B symbol: start, data ('{' doubled), check, stop. */
function code128Modules(data: string): number {
  const chars = [...data.replaceAll('{', '{{')].length;
  return 11 * (chars + 2) + 13;
}

export class ReceiptEncoder<R = unknown> {
  readonly commandSet: CommandSet;
  readonly charset: PrinterCharset;
  private readonly options: ReceiptEncoderOptions<R>;
  private readonly thermal: ThermalPrinter;

  constructor(options: ReceiptEncoderOptions<R>) {
    this.options = options;
    this.commandSet = options.commandSet;
    this.charset = printerCharset(options.commandSet === 'star' ? 'ascii' : options.encoding);
    this.thermal = new ThermalPrinter({
      type: options.commandSet === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
      // The .d.ts declares `interface: string`; lib/interfaces/index.js returns an object as is.
      interface: (options.sink ?? detachedSink) as unknown as string,
      width: options.columns,
      removeSpecialCharacters: false,
    });
  }

  /** The job's bytes, for previews and tests. */
  encode(document: ReceiptDocument): Uint8Array {
    this.build(document);
    return Uint8Array.from(this.thermal.getBuffer());
  }

  /** Builds the job and hands it to the sink through node-thermal-printer's execute(), which returns what the sink returns. */
  async send(document: ReceiptDocument): Promise<R> {
    this.build(document);
    // execute() is declared Promise<String> but resolves to Interface.execute()'s result (lib/core.js).
    return (await this.thermal.execute()) as unknown as R;
  }

  /** The drawer kick: ESC p (or DLE DC4, which works while the printer is offline) / Star BEL. */
  drawerKick(pulse: DrawerPulse, realtime = false): Uint8Array {
    if (this.commandSet === 'star') return starDrawerKick(pulse);
    if (realtime) return realtimeDrawerKick(pulse.pin, Math.min(800, Math.max(100, Math.round(pulse.onMs / 100) * 100)));
    return drawerKick(pulse);
  }

  private build(document: ReceiptDocument): void {
    const t = this.thermal;
    const star = this.commandSet === 'star';
    const state = { align: 'left' as Alignment, bold: false, double: false };
    const out: LineWriter = {
      columns: Math.max(8, Math.min(document.width, this.options.columns)),
      setAlign(a) {
        if (a === state.align) return;
        state.align = a;
        if (a === 'center') t.alignCenter();
        else if (a === 'right') t.alignRight();
        else t.alignLeft();
      },
      setBold(on) {
        if (on === state.bold) return;
        state.bold = on;
        t.bold(on);
      },
      setDouble(on) {
        if (on === state.double) return;
        state.double = on;
        if (star) {
          if (on) t.setTextQuadArea();
          else t.setTextNormal();
        } else {
          t.setTextSize(on ? 1 : 0, on ? 1 : 0);
        }
      },
      bytes: (b) => t.append(Buffer.from(b)),
      textLine: (text) => {
        t.append(Buffer.from(this.charset.encode(text)));
        t.newLine();
      },
      /** ESC @ was sent (node-thermal-printer sends it after every cut): modes are back at their defaults. */
      initialized() {
        state.align = 'left';
        state.bold = false;
        state.double = false;
      },
    };

    t.clear();
    out.bytes(initialize());
    if (!star && this.charset.encoding === 'shift_jis') out.bytes(kanjiCodeSystem('shift_jis'));
    if (this.options.logo && !star) {
      out.setAlign('center');
      out.bytes(rasterImage(this.options.logo));
    }
    for (const line of document.lines) this.line(line, out);
    out.setBold(false);
    out.setDouble(false);
    out.setAlign('left');
  }

  private line(line: ReceiptLine, out: LineWriter): void {
    const t = this.thermal;
    const star = this.commandSet === 'star';
    switch (line.type) {
      case 'text': {
        const big = line.size === 'double';
        out.setDouble(big);
        out.setBold(line.bold ?? false);
        out.setAlign(line.align ?? 'left');
        for (const part of wrapColumns(line.text, big ? Math.floor(out.columns / 2) : out.columns, this.charset)) out.textLine(part);
        return;
      }
      case 'pair':
        out.setDouble(false);
        out.setBold(line.bold ?? false);
        out.setAlign('left');
        for (const part of pairColumns(line.left, line.right, out.columns, this.charset)) out.textLine(part);
        return;
      case 'rule':
        out.setDouble(false);
        out.setBold(false);
        out.setAlign('left');
        out.textLine(ruleColumns(line.char ?? '-', out.columns, this.charset));
        return;
      case 'barcode': {
        out.setDouble(false);
        out.setBold(false);
        out.setAlign('center');
        if (star) {
          out.bytes(starBarcode(line.symbology, line.data, BARCODE_HEIGHT));
          return;
        }
        if (line.symbology === 'EAN13') {
          out.bytes(ean13(line.data, { heightDots: BARCODE_HEIGHT, moduleWidth: 2, hri: 'below' }));
          return;
        }
        // A barcode wider than the paper prints nothing at all: narrow it, or print the data.
        const modules = code128Modules(line.data);
        const moduleWidth = modules * 2 <= this.options.paperDots ? 2 : 0;
        if (moduleWidth === 0) out.textLine(line.data);
        else out.bytes(code128(line.data, { heightDots: BARCODE_HEIGHT, moduleWidth, hri: 'below' }));
        return;
      }
      case 'qr': {
        out.setDouble(false);
        out.setBold(false);
        out.setAlign('center');
        // A symbol wider than the paper is not printed: shrink the modules until it fits.
        const size = QRCode.create([{ data: new TextEncoder().encode(line.data), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules.size + 2 * QR_QUIET_MODULES;
        const moduleSize = Math.max(1, Math.min(line.size ?? 4, Math.floor(this.options.paperDots / size)));
        out.bytes(star ? starQrCode(line.data, moduleSize, 'M') : qrCode(line.data, { moduleSize, errorLevel: 'M' }));
        return;
      }
      case 'feed':
        out.bytes(star ? starFeedLines(line.lines) : feedLines(line.lines));
        return;
      case 'cut':
        // GS V (ESC d on Star), then ESC @ so the next job starts from defaults; the document's
        // own feed lines bring the last line past the cutter.
        if (line.partial) t.partialCut({ verticalTabAmount: 0 });
        else t.cut({ verticalTabAmount: 0 });
        out.initialized();
        return;
    }
  }
}
