// Turns ESC/POS tokens into what a receipt printer would put on paper: a printout model of
// text lines (with style and alignment), barcodes, QR codes, images, cuts and drawer kicks.
// Things a real printer would silently do wrong (text discarded by ESC @, a barcode ignored
// because the line was not empty, the last line of a receipt printed after the cut) are
// recorded as warnings so a test or an IT person sees them.
import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import type { Alignment } from './commands.ts';
import { decodeKanjiChar, type KanjiEncoding } from './cjk.ts';
import type { HriPosition } from './barcode.ts';
import type { QrErrorLevel } from './qr-code.ts';
import { code128Symbol } from '../printout/barcode-bars.ts';
import { EscPosTokenizer } from './tokenizer.ts';
import { barcodeSymbologyName } from './barcode-command.ts';
import type { CommandToken, EscPosToken, TokenizerOptions } from './tokens.ts';
import type { FaultToken } from '../stream-tokens.ts';
import {
  DEFAULT_LINE_SPACING,
  DEFAULT_PAPER_WIDTH,
  charWidthDots,
  defaultStyle,
  sameStyle,
  tallestRun,
  type ImageItem,
  type Printout,
  type PrintoutItem,
  type RenderWarning,
  type RenderWarningCode,
  type TextRun,
  type TextStyle,
} from '../printout/printout.ts';

export interface RenderOptions extends TokenizerOptions {
  /** Printable width: 576 dots for 80 mm paper, 384 for 58 mm. */
  paperWidthDots?: number;
}

/** ESC t pages the emulator can show; others print as U+FFFD. */
const CODE_PAGES = new Map<number, string>([
  [0, 'cp437'],
  [2, 'cp850'],
  [3, 'cp860'],
  [4, 'cp863'],
  [5, 'cp865'],
  [16, 'cp1252'],
  [17, 'cp866'],
  [18, 'cp852'],
  [19, 'cp858'],
]);

const ALIGN: readonly Alignment[] = ['left', 'center', 'right'];
const QR_LEVELS: readonly QrErrorLevel[] = ['L', 'M', 'Q', 'H'];

function ean13Like(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return digits + String((10 - (sum % 10)) % 10);
}

/** The text a barcode's HRI line shows. */
function hriText(symbology: string, data: string): string {
  if (symbology === 'CODE128') return code128Symbol(Uint8Array.from(data, (c) => c.charCodeAt(0)))?.text ?? data;
  const withoutCheckDigit =
    (symbology === 'EAN13' && data.length === 12) ||
    (symbology === 'EAN8' && data.length === 7) ||
    (symbology === 'UPC-A' && data.length === 11);
  if (withoutCheckDigit) return ean13Like(data);
  return data;
}

/** Stateful: apply tokens as they arrive, then finish(). */
export class EscPosRenderer {
  private readonly encoding: KanjiEncoding;
  private readonly paperWidth: number;
  private readonly items: PrintoutItem[] = [];
  private readonly warnings: RenderWarning[] = [];
  private fault: FaultToken | null = null;

  private style = defaultStyle();
  private kanjiDoubleWidth = false;
  private kanjiDoubleHeight = false;
  private kanjiUnderline: 0 | 1 | 2 = 0;
  private align: Alignment = 'left';
  private lineSpacing = DEFAULT_LINE_SPACING;
  private rightSpacing = 0;
  private codePage = 0;
  private barcode = { hri: 'none' as HriPosition, height: 162, width: 3 };
  private qr = { moduleSize: 3, level: 'L' as QrErrorLevel, model: 2, data: null as Uint8Array | null };

  private line: TextRun[] = [];
  private lineWidth = 0;
  private lineOffset = 0;

  constructor(options: { kanjiEncoding: KanjiEncoding; paperWidthDots?: number }) {
    this.encoding = options.kanjiEncoding;
    this.paperWidth = options.paperWidthDots ?? DEFAULT_PAPER_WIDTH;
  }

  apply(token: EscPosToken): void {
    if (this.fault) return;
    if (token.kind === 'fault') this.fault = token;
    else if (token.kind === 'text') this.text(token.offset, token.bytes, token.kanji);
    else this.command(token);
  }

  finish(): Printout {
    const unprinted = this.line.map((r) => r.text).join('');
    if (unprinted)
      this.warn('render.unprinted-text-at-end', this.lineOffset, `text never printed (no LF after it): ${JSON.stringify(unprinted)}`);
    return { items: this.items, warnings: this.warnings, fault: this.fault, unprinted, paperWidthDots: this.paperWidth };
  }

  private warn(code: RenderWarningCode, offset: number, message: string): void {
    this.warnings.push({ code, offset, message });
  }

  // ------------------------------------------------ text

  private text(offset: number, bytes: Uint8Array, kanji: boolean): void {
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      if (b < 0x80) {
        this.addChar(offset + i, String.fromCharCode(b), false);
        i++;
      } else if (kanji) {
        const len = this.encoding === 'gb18030' && (bytes[i + 1] ?? 0) >= 0x30 && (bytes[i + 1] ?? 0) <= 0x39 ? 4 : 2;
        const char = decodeKanjiChar(bytes.subarray(i, i + len), this.encoding);
        const code = char.codePointAt(0) ?? 0xfffd;
        if (char.length === 0 || code === 0xfffd || (code >= 0xe000 && code <= 0xf8ff)) {
          const shown = [...bytes.subarray(i, i + len)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
          this.warn('render.unmapped-character', offset + i, `Kanji bytes ${shown} are not a character in ${this.encoding}`);
          this.addChar(offset + i, '\ufffd', true);
        } else {
          this.addChar(offset + i, char, true);
        }
        i += len;
      } else {
        const page = CODE_PAGES.get(this.codePage);
        this.addChar(offset + i, page ? iconv.decode(Uint8Array.of(b), page) : '\ufffd', false);
        i++;
      }
    }
  }

  private kanjiStyle(): TextStyle {
    return {
      ...this.style,
      widthScale: Math.min(8, this.style.widthScale * (this.kanjiDoubleWidth ? 2 : 1)),
      heightScale: Math.min(8, this.style.heightScale * (this.kanjiDoubleHeight ? 2 : 1)),
      underline: this.kanjiUnderline || this.style.underline,
    };
  }

  private addChar(offset: number, char: string, kanji: boolean): void {
    const style = kanji ? this.kanjiStyle() : this.style;
    const width = charWidthDots(style, kanji, kanji ? 0 : this.rightSpacing);
    // The printer wraps when the next character does not fit the printable width.
    if (this.line.length > 0 && this.lineWidth + width > this.paperWidth) this.printLine(offset, this.lineAdvance());
    if (this.line.length === 0) this.lineOffset = offset;
    const last = this.line.at(-1);
    if (last && last.kanji === kanji && sameStyle(last.style, style)) last.text += char;
    else this.line.push({ text: char, style: { ...style }, kanji });
    this.lineWidth += width;
  }

  /** Height of the tallest character in the line buffer (0 when empty). */
  private tallest(): number {
    return tallestRun(this.line);
  }

  private lineAdvance(): number {
    return Math.max(this.lineSpacing, this.tallest());
  }

  private printLine(offset: number, advanceDots: number): void {
    if (this.line.length === 0 && advanceDots === 0) return;
    this.items.push({ kind: 'line', offset: this.line.length ? this.lineOffset : offset, align: this.align, runs: this.line, advanceDots });
    this.line = [];
    this.lineWidth = 0;
  }

  private tab(offset: number): void {
    const tabWidth = 8 * charWidthDots(this.style, false, this.rightSpacing);
    const next = (Math.floor(this.lineWidth / tabWidth) + 1) * tabWidth;
    if (next > this.paperWidth) return;
    const space = charWidthDots(this.style, false, this.rightSpacing);
    while (this.lineWidth + space <= next) this.addChar(offset, ' ', false);
  }

  /** Commands that only work at the start of a line are ignored by the printer otherwise. */
  private atLineStart(token: CommandToken, what: string): boolean {
    if (this.line.length === 0) return true;
    this.warn('render.ignored-mid-line', token.offset, `${token.name} (${what}) ignored: the line buffer is not empty`);
    return false;
  }

  // ------------------------------------------------ commands

  private command(t: CommandToken): void {
    const p = t.params;
    const n = p[0] ?? 0;
    switch (t.name) {
      case 'LF':
        this.printLine(t.offset, this.lineAdvance());
        return;
      case 'CR':
        // Thermal printers ignore CR unless auto line feed is on; CR LF prints one line.
        return;
      case 'ESC SP':
        this.rightSpacing = n;
        return;
      case 'HT':
        this.tab(t.offset);
        return;
      case 'ESC @':
        this.reset(t);
        return;
      case 'ESC !':
        this.style = {
          ...this.style,
          font: n & 0x01 ? 'B' : 'A',
          bold: (n & 0x08) !== 0,
          heightScale: n & 0x10 ? 2 : 1,
          widthScale: n & 0x20 ? 2 : 1,
          underline: n & 0x80 ? 1 : 0,
        };
        return;
      case 'ESC E':
      case 'ESC G':
        this.style = { ...this.style, bold: (n & 1) === 1 };
        return;
      case 'ESC -':
        this.style = { ...this.style, underline: (n % 48) as 0 | 1 | 2 };
        return;
      case 'ESC M':
        this.style = { ...this.style, font: n % 48 === 0 ? 'A' : 'B' };
        return;
      case 'GS !':
        this.style = { ...this.style, widthScale: ((n >> 4) & 7) + 1, heightScale: (n & 7) + 1 };
        return;
      case 'GS B':
        this.style = { ...this.style, reverse: (n & 1) === 1 };
        return;
      case 'ESC a':
        if (this.atLineStart(t, 'alignment')) this.align = ALIGN[n % 48]!;
        return;
      case 'ESC d':
        this.printLine(t.offset, Math.max(n * this.lineSpacing, this.tallest()));
        return;
      case 'ESC J':
        this.printLine(t.offset, Math.max(n, this.tallest()));
        return;
      case 'ESC 2':
        this.lineSpacing = DEFAULT_LINE_SPACING;
        return;
      case 'ESC 3':
        this.lineSpacing = n;
        return;
      case 'ESC t':
        this.codePage = n;
        return;
      case 'ESC p':
        this.items.push({
          kind: 'drawer-kick',
          offset: t.offset,
          pin: n % 48 === 0 ? 2 : 5,
          onMs: p[1]! * 2,
          offMs: Math.max(p[1]!, p[2]!) * 2,
          realtime: false,
        });
        return;
      case 'DLE DC4':
        // fn 8 clears the printer's buffers: nothing on paper.
        if (p[0] === 8) return;
        this.items.push({
          kind: 'drawer-kick',
          offset: t.offset,
          pin: p[1] === 0 ? 2 : 5,
          onMs: p[2]! * 100,
          offMs: p[2]! * 100,
          realtime: true,
        });
        return;
      case 'GS V':
        if (this.line.length) {
          const pending = JSON.stringify(this.line.map((r) => r.text).join(''));
          this.warn(
            'render.cut-with-pending-text',
            t.offset,
            `cut while ${pending} is still unprinted: it will come out on the next receipt`,
          );
        }
        this.items.push({ kind: 'cut', offset: t.offset, partial: n % 48 === 1 || n === 66, feedDots: p[1] ?? 0 });
        return;
      case 'GS H':
        this.barcode.hri = (['none', 'above', 'below', 'both'] as const)[n % 48]!;
        return;
      case 'GS h':
        this.barcode.height = n;
        return;
      case 'GS w':
        this.barcode.width = n >= 68 ? n - 66 : n;
        return;
      case 'GS k':
        this.printBarcode(t);
        return;
      case 'GS ( k':
        this.qrFunction(t);
        return;
      case 'GS v 0':
        this.printRaster(t);
        return;
      case 'FS p':
        if (this.atLineStart(t, 'NV image')) this.items.push({ kind: 'nv-image', offset: t.offset, number: n, align: this.align });
        return;
      case 'FS !':
        this.kanjiDoubleWidth = (n & 0x04) !== 0;
        this.kanjiDoubleHeight = (n & 0x08) !== 0;
        this.kanjiUnderline = n & 0x80 ? 1 : 0;
        return;
      case 'FS -':
        this.kanjiUnderline = (n % 48) as 0 | 1 | 2;
        return;
      case 'FS W':
        this.kanjiDoubleWidth = this.kanjiDoubleHeight = (n & 1) === 1;
        return;
      // No effect on the paper model: mode switches handled by the tokenizer, status and
      // device settings (answered by the device emulator), positioning we do not draw.
      case 'FS &':
      case 'FS .':
      case 'FS C':
      case 'FS S':
      case 'ESC R':
      case 'ESC $':
      case 'ESC {':
      case 'ESC V':
      case 'ESC =':
      case 'ESC c 3':
      case 'ESC c 4':
      case 'ESC c 5':
      case 'GS f':
      case 'GS a':
      case 'GS r':
      case 'GS L':
      case 'GS W':
      case 'GS b':
      case 'DLE EOT':
        return;
    }
  }

  private reset(t: CommandToken): void {
    if (this.line.length) {
      this.warn(
        'render.unprinted-text-discarded',
        t.offset,
        `ESC @ discarded unprinted text ${JSON.stringify(this.line.map((r) => r.text).join(''))}`,
      );
    }
    this.line = [];
    this.lineWidth = 0;
    this.style = defaultStyle();
    this.kanjiDoubleWidth = this.kanjiDoubleHeight = false;
    this.kanjiUnderline = 0;
    this.align = 'left';
    this.lineSpacing = DEFAULT_LINE_SPACING;
    this.rightSpacing = 0;
    this.codePage = 0;
    this.barcode = { hri: 'none', height: 162, width: 3 };
    this.qr = { moduleSize: 3, level: 'L', model: 2, data: null };
  }

  private printBarcode(t: CommandToken): void {
    if (!this.atLineStart(t, 'barcode')) return;
    const m = t.params[0]!;
    const symbology = barcodeSymbologyName(m) ?? `m=${m}`;
    const data = String.fromCharCode(...(t.data ?? []));
    this.items.push({
      kind: 'barcode',
      offset: t.offset,
      symbology,
      data,
      text: hriText(symbology, data),
      heightDots: this.barcode.height,
      moduleWidth: this.barcode.width,
      hri: this.barcode.hri,
      align: this.align,
    });
  }

  private qrFunction(t: CommandToken): void {
    const [, fn, a] = t.params;
    if (fn === 65) {
      this.qr.model = a === 49 ? 1 : 2;
    } else if (fn === 67) {
      this.qr.moduleSize = a!;
    } else if (fn === 69) {
      this.qr.level = QR_LEVELS[a! - 48]!;
    } else if (fn === 80) {
      this.qr.data = t.data;
    } else if (fn === 81) {
      if (!this.atLineStart(t, 'QR code')) return;
      const data = this.qr.data;
      if (!data) {
        this.warn('render.qr-without-data', t.offset, 'QR print with no data stored: the printer prints nothing');
        return;
      }
      if (this.qr.model === 1) this.warn('render.qr-model-1', t.offset, 'QR model 1 selected; the emulator draws model 2');
      let symbol: QRCode.QRCode;
      try {
        symbol = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: this.qr.level });
      } catch {
        const message = `QR data of ${data.length} bytes does not fit a level ${this.qr.level} symbol: the printer prints nothing`;
        this.warn('render.qr-data-too-long', t.offset, message);
        return;
      }
      this.items.push({
        kind: 'qr',
        offset: t.offset,
        data,
        text: new TextDecoder('utf-8').decode(data),
        moduleSize: this.qr.moduleSize,
        errorLevel: this.qr.level,
        modules: Uint8Array.from(symbol.modules.data),
        size: symbol.modules.size,
        align: this.align,
      });
    }
  }

  private printRaster(t: CommandToken): void {
    if (!this.atLineStart(t, 'raster image')) return;
    const [m, xL, xH, yL, yH] = t.params as [number, number, number, number, number];
    const mode = m % 48;
    const item: ImageItem = {
      kind: 'image',
      offset: t.offset,
      width: (xL + xH * 256) * 8,
      height: yL + yH * 256,
      data: t.data ?? new Uint8Array(0),
      scaleX: mode === 1 || mode === 3 ? 2 : 1,
      scaleY: mode === 2 || mode === 3 ? 2 : 1,
      align: this.align,
    };
    if (item.width * item.scaleX > this.paperWidth) {
      const message = `image is ${item.width * item.scaleX} dots wide; the paper has ${this.paperWidth}: the right side is cut off`;
      this.warn('render.image-too-wide', t.offset, message);
    }
    this.items.push(item);
  }
}

/** Renders a whole stream. Tokenizer faults are in `fault`, never thrown. */
export function renderEscPos(bytes: Uint8Array, options: RenderOptions): Printout {
  const tokenizer = new EscPosTokenizer(options);
  const renderer = new EscPosRenderer(options);
  for (const token of tokenizer.push(bytes)) renderer.apply(token);
  for (const token of tokenizer.end()) renderer.apply(token);
  return renderer.finish();
}
