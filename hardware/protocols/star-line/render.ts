// Turns Star Line Mode tokens into the same printout model the ESC/POS renderer makes (text
// lines, barcodes, QR codes, cuts, drawer kicks), so receipts from an emulated Star printer are
// previewed and checked the same way. Only what Tillproof sends is modelled: ANK text (Font A,
// 12 x 24 dots), ESC i expansion, ESC E/F emphasis, ESC GS a alignment, ESC a feeds, ESC b
// barcodes, ESC GS y QR codes, ESC d cuts, ESC BEL / BEL / SUB drawer pulses.
import QRCode from 'qrcode';
import type { Alignment } from '../escpos/commands.ts';
import type { QrErrorLevel } from '../escpos/qr-code.ts';
import type { FaultToken } from '../stream-tokens.ts';
import {
  DEFAULT_LINE_SPACING,
  DEFAULT_PAPER_WIDTH,
  charHeightDots,
  charWidthDots,
  defaultStyle,
  type Printout,
  type PrintoutItem,
  type RenderWarning,
  type TextRun,
} from '../printout/printout.ts';
import type { StarCommandToken, StarToken } from './tokenizer.ts';

const ALIGN: readonly Alignment[] = ['left', 'center', 'right'];
const QR_LEVELS: readonly QrErrorLevel[] = ['L', 'M', 'Q', 'H'];
const SYMBOLOGY: Record<number, string> = {
  0: 'UPC-E',
  1: 'UPC-A',
  2: 'EAN8',
  3: 'EAN13',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODE128',
  7: 'CODE93',
  8: 'NW-7',
};

/** The characters of Star CODE128 data: %0 is '%'; other % codes (functions, start codes, control characters) show nothing. */
function starCode128Text(data: string): string {
  return data.replace(/%(.)/gsu, (_, c: string) => (c === '0' ? '%' : ''));
}

export class StarLineRenderer {
  private readonly paperWidth: number;
  private readonly items: PrintoutItem[] = [];
  private readonly warnings: RenderWarning[] = [];
  private fault: FaultToken | null = null;
  private style = defaultStyle();
  private align: Alignment = 'left';
  private line: TextRun[] = [];
  private lineWidth = 0;
  private lineOffset = 0;
  private qr = { model: 2, level: 'L' as QrErrorLevel, cell: 3, data: null as Uint8Array | null };
  private pulse = { onMs: 200, offMs: 200 };

  constructor(options: { paperWidthDots?: number } = {}) {
    this.paperWidth = options.paperWidthDots ?? DEFAULT_PAPER_WIDTH;
  }

  /** Accepts the emulator's tokens; ESC/POS commands (kind 'command') are not Star and are ignored. */
  apply(token: StarToken | { kind: 'command' }): void {
    if (this.fault) return;
    if (token.kind === 'fault') this.fault = token;
    else if (token.kind === 'text') this.text(token.offset, token.bytes);
    else if (token.kind === 'star-command') this.command(token);
  }

  finish(): Printout {
    const unprinted = this.line.map((r) => r.text).join('');
    if (unprinted) {
      const message = `text never printed (no LF after it): ${JSON.stringify(unprinted)}`;
      this.warnings.push({ code: 'render.unprinted-text-at-end', offset: this.lineOffset, message });
    }
    return { items: this.items, warnings: this.warnings, fault: this.fault, unprinted, paperWidthDots: this.paperWidth };
  }

  /** ANK text; a byte from 0x80 up shows as U+FFFD (Tillproof sends Star text as ASCII). */
  private text(offset: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.addChar(offset + i, bytes[i]! < 0x80 ? String.fromCharCode(bytes[i]!) : '\ufffd');
  }

  private addChar(offset: number, char: string): void {
    const width = charWidthDots(this.style, false);
    if (this.line.length > 0 && this.lineWidth + width > this.paperWidth) this.printLine(offset);
    if (this.line.length === 0) this.lineOffset = offset;
    const last = this.line.at(-1);
    const style = this.style;
    if (
      last &&
      last.style.bold === style.bold &&
      last.style.widthScale === style.widthScale &&
      last.style.heightScale === style.heightScale
    )
      last.text += char;
    else this.line.push({ text: char, style: { ...this.style }, kanji: false });
    this.lineWidth += width;
  }

  private printLine(offset: number): void {
    let tallest = 0;
    for (const run of this.line) tallest = Math.max(tallest, charHeightDots(run.style, false));
    const advanceDots = Math.max(DEFAULT_LINE_SPACING, tallest);
    this.items.push({ kind: 'line', offset: this.line.length ? this.lineOffset : offset, align: this.align, runs: this.line, advanceDots });
    this.line = [];
    this.lineWidth = 0;
  }

  private atLineStart(t: StarCommandToken, what: string): boolean {
    if (this.line.length === 0) return true;
    this.warnings.push({ code: 'render.ignored-mid-line', offset: t.offset, message: `${what} in the middle of a line` });
    return true;
  }

  private command(t: StarCommandToken): void {
    const n = t.params[0] ?? 0;
    switch (t.name) {
      case 'LF':
        this.printLine(t.offset);
        return;
      case 'ESC a':
        if (this.line.length) this.printLine(t.offset);
        this.items.push({ kind: 'line', offset: t.offset, align: this.align, runs: [], advanceDots: n * DEFAULT_LINE_SPACING });
        return;
      case 'ESC @':
        if (this.line.length)
          this.warnings.push({ code: 'render.unprinted-text-discarded', offset: t.offset, message: 'ESC @ discarded unprinted text' });
        this.line = [];
        this.lineWidth = 0;
        this.style = defaultStyle();
        this.align = 'left';
        this.qr = { model: 2, level: 'L', cell: 3, data: null };
        return;
      case 'ESC E':
      case 'ESC F':
        this.style = { ...this.style, bold: t.name === 'ESC E' };
        return;
      case 'ESC i':
        this.style = { ...this.style, heightScale: (t.params[0] ?? 0) + 1, widthScale: (t.params[1] ?? 0) + 1 };
        return;
      case 'ESC GS a':
        this.align = ALIGN[n]!;
        return;
      case 'ESC d':
        if (this.line.length) {
          this.warnings.push({ code: 'render.cut-with-pending-text', offset: t.offset, message: 'cut with text not yet printed' });
          this.printLine(t.offset);
        }
        this.items.push({
          kind: 'cut',
          offset: t.offset,
          partial: n % 48 === 1 || n % 48 === 3,
          feedDots: n % 48 >= 2 ? 3 * DEFAULT_LINE_SPACING : 0,
        });
        return;
      case 'ESC b': {
        if (!this.atLineStart(t, 'barcode')) return;
        const data = String.fromCharCode(...(t.data ?? []));
        const n2 = (t.params[1] ?? 1) % 48;
        const symbology = SYMBOLOGY[n1(t)] ?? `n1=${n1(t)}`;
        const moduleWidth = ((t.params[2] ?? 1) % 48) + 1;
        const text = symbology === 'CODE128' ? starCode128Text(data) : data;
        const modules = symbology === 'CODE128' ? 11 * (text.length + 2) + 13 : symbology === 'EAN13' ? 95 : 0;
        if (modules * moduleWidth > this.paperWidth) {
          const message = `${symbology} barcode is ${modules * moduleWidth} dots on a ${this.paperWidth}-dot line: the printer prints nothing`;
          this.warnings.push({ code: 'render.barcode-too-wide', offset: t.offset, message });
        }
        this.items.push({
          kind: 'barcode',
          offset: t.offset,
          symbology,
          data,
          text,
          heightDots: t.params[3] ?? 0,
          moduleWidth,
          hri: n2 === 2 || n2 === 4 ? 'below' : 'none',
          align: this.align,
        });
        return;
      }
      case 'ESC GS y S':
        if (t.params[0] === 0) this.qr.model = t.params[1]!;
        else if (t.params[0] === 1) this.qr.level = QR_LEVELS[t.params[1]!]!;
        else this.qr.cell = t.params[1]!;
        return;
      case 'ESC GS y D':
        this.qr.data = t.data;
        return;
      case 'ESC GS y P': {
        const data = this.qr.data;
        if (!data) {
          this.warnings.push({
            code: 'render.qr-without-data',
            offset: t.offset,
            message: 'QR print with no data stored: the printer prints nothing',
          });
          return;
        }
        if (this.qr.model === 1) {
          this.warnings.push({ code: 'render.qr-model-1', offset: t.offset, message: 'QR model 1 selected; the emulator draws model 2' });
        }
        let symbol: QRCode.QRCode;
        try {
          symbol = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: this.qr.level });
        } catch {
          const message = `QR data of ${data.length} bytes does not fit a level ${this.qr.level} symbol`;
          this.warnings.push({ code: 'render.qr-data-too-long', offset: t.offset, message });
          return;
        }
        this.items.push({
          kind: 'qr',
          offset: t.offset,
          data,
          text: new TextDecoder('utf-8').decode(data),
          moduleSize: this.qr.cell,
          errorLevel: this.qr.level,
          modules: Uint8Array.from(symbol.modules.data),
          size: symbol.modules.size,
          align: this.align,
        });
        return;
      }
      case 'ESC BEL':
        this.pulse = { onMs: (t.params[0] ?? 1) * 10, offMs: (t.params[1] ?? 1) * 10 };
        return;
      case 'BEL':
        this.items.push({ kind: 'drawer-kick', offset: t.offset, pin: 2, ...this.pulse, realtime: false });
        return;
      case 'SUB':
        this.items.push({ kind: 'drawer-kick', offset: t.offset, pin: 5, onMs: 200, offMs: 200, realtime: false });
        return;
      case 'ESC ACK SOH':
      case 'ESC RS a':
      case 'ESC RS E':
      case 'ETB':
        return;
    }
  }
}

const n1 = (t: StarCommandToken): number => {
  const v = t.params[0] ?? 0;
  return v >= 48 && v <= 57 ? v - 48 : v;
};
