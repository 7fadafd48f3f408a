import { describe, expect, it } from 'vitest';
import { EscPosRenderer, renderEscPos, type RenderOptions } from '../../../../../hardware/protocols/escpos/render.ts';
import { printoutToText } from '../../../../../hardware/protocols/printout/printout-text.ts';
import type { LineItem } from '../../../../../hardware/protocols/printout/printout.ts';
import { EscPosTokenizer } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import {
  align,
  bold,
  characterSize,
  cut,
  feedLines,
  initialize,
  lineFeed,
  reverse,
  underline,
} from '../../../../../hardware/protocols/escpos/commands.ts';
import { encodePrintText } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { drawerKick } from '../../../../../hardware/protocols/escpos/drawer.ts';
import { code128, ean13 } from '../../../../../hardware/protocols/escpos/barcode.ts';
import { qrCode } from '../../../../../hardware/protocols/escpos/qr-code.ts';
import { rasterImage } from '../../../../../hardware/protocols/escpos/raster.ts';
import { bytes } from '../../../../helpers/escpos.ts';

const BIG5: RenderOptions = { kanjiEncoding: 'big5' };
const t = (s: string): Uint8Array => encodePrintText(s, 'big5');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('printout model', () => {
  it('renders a Taiwanese sale receipt to the text a cashier would read on the paper', () => {
    const stream = bytes(
      initialize(),
      align('center'),
      characterSize(2, 2),
      t('茶館 Tea House'),
      lineFeed(),
      characterSize(1, 1),
      t('統一編號 12345678'),
      lineFeed(),
      align('left'),
      t('烏龍茶 Oolong tea 500ml       x2      36'),
      lineFeed(),
      t('鳳梨酥 Pineapple cake         x1      45'),
      lineFeed(),
      bold(true),
      t('TOTAL                           NT$81'),
      bold(false),
      lineFeed(),
      align('center'),
      code128('T01-000123'),
      qrCode('https://verify.example/r/T01-000123'),
      feedLines(3),
      cut({ partial: true, feedDots: 48 }),
      drawerKick(),
    );
    const printout = renderEscPos(stream, BIG5);
    expect(printout.fault).toBeNull();
    expect(printout.warnings).toEqual([]);
    expect(printoutToText(printout)).toBe(
      [
        '                 茶館 Tea House',
        '               統一編號 12345678',
        '烏龍茶 Oolong tea 500ml       x2      36',
        '鳳梨酥 Pineapple cake         x1      45',
        'TOTAL                           NT$81',
        `${' '.repeat(14)}[CODE128 T01-000123]`,
        `${' '.repeat(4)}[QR https://verify.example/r/T01-000123]`,
        '',
        '',
        '',
        '----------------- partial cut ------------------',
        '[drawer kick: pin 2, 50 ms on / 500 ms off]',
        '',
      ].join('\n'),
    );
  });

  it('records style per run: bold, underline, reverse, double size, Kanji', () => {
    const stream = bytes(
      bold(true),
      ascii('B'),
      bold(false),
      underline(2),
      ascii('U'),
      underline(0),
      reverse(true),
      ascii('R'),
      reverse(false),
      characterSize(3, 2),
      ascii('S'),
      t('茶'),
      lineFeed(),
    );
    const [line] = renderEscPos(stream, BIG5).items as LineItem[];
    expect(
      line?.runs.map((r) => [r.text, r.style.bold, r.style.underline, r.style.reverse, r.style.widthScale, r.style.heightScale, r.kanji]),
    ).toEqual([
      ['B', true, 0, false, 1, 1, false],
      ['U', false, 2, false, 1, 1, false],
      ['R', false, 0, true, 1, 1, false],
      ['S', false, 0, false, 3, 2, false],
      ['茶', false, 0, false, 3, 2, true],
    ]);
    expect(line?.advanceDots).toBe(48);
  });

  it('honours ESC ! (font B, emphasis, double width/height, underline at once)', () => {
    const [line] = renderEscPos(bytes([0x1b, 0x21, 0xb9], ascii('x'), lineFeed()), BIG5).items as LineItem[];
    expect(line?.runs[0]?.style).toEqual({ font: 'B', bold: true, heightScale: 2, widthScale: 2, underline: 1, reverse: false });
  });

  it('wraps a line longer than the paper the way the printer does: 48 columns on 80 mm, 32 on 58 mm', () => {
    const long = ascii('x'.repeat(50));
    expect(printoutToText(renderEscPos(bytes(long, lineFeed()), BIG5))).toBe(`${'x'.repeat(48)}\nxx\n`);
    expect(printoutToText(renderEscPos(bytes(long, lineFeed()), { kanjiEncoding: 'big5', paperWidthDots: 384 }))).toBe(
      `${'x'.repeat(32)}\n${'x'.repeat(18)}\n`,
    );
    // 24 Chinese characters fill an 80 mm line exactly.
    expect(printoutToText(renderEscPos(bytes(t('茶'.repeat(25)), lineFeed()), BIG5))).toBe(`${'茶'.repeat(24)}\n茶\n`);
  });

  it('expands a tab to the next 8-column stop', () => {
    expect(printoutToText(renderEscPos(bytes(ascii('ab'), [0x09], ascii('c'), lineFeed()), BIG5))).toBe('ab      c\n');
  });

  it('models feeds, cuts, drawer kicks, barcodes, QR codes and images in order', () => {
    const stream = bytes(
      feedLines(2),
      ean13('471234567890'),
      qrCode('Q'),
      rasterImage({ width: 16, height: 2, data: Uint8Array.of(0xff, 0, 0, 0xff) }, { scale: 'double-height' }),
      cut(),
      drawerKick({ pin: 5, onMs: 100, offMs: 100 }),
    );
    const kinds = renderEscPos(stream, BIG5).items.map((i) => i.kind);
    expect(kinds).toEqual(['line', 'barcode', 'qr', 'image', 'cut', 'drawer-kick']);
    const printout = renderEscPos(stream, BIG5);
    expect(printout.items[0]).toMatchObject({ kind: 'line', runs: [], advanceDots: 60 });
    expect(printout.items[1]).toMatchObject({ symbology: 'EAN13', text: '4712345678900', hri: 'below' });
    expect(printout.items[3]).toMatchObject({ width: 16, height: 2, scaleX: 1, scaleY: 2 });
    expect(printout.items[4]).toMatchObject({ kind: 'cut', partial: false, feedDots: 0 });
    expect(printout.items[5]).toMatchObject({ pin: 5, onMs: 100, offMs: 100 });
  });

  it('decodes GB18030 four-byte characters and ASCII inside a Kanji run', () => {
    // FS & "A" + 茶 + ¥ (81 30 84 36) FS .
    const printout = renderEscPos(Uint8Array.of(0x1c, 0x26, 0x41, 0xb2, 0xe8, 0x81, 0x30, 0x84, 0x36, 0x1c, 0x2e, 0x0a), {
      kanjiEncoding: 'gb18030',
    });
    expect((printout.items[0] as LineItem).runs.map((r) => [r.text, r.kanji])).toEqual([
      ['A', false],
      ['茶¥', true],
    ]);
  });

  it('shows code page bytes sent outside Kanji mode as the mojibake a printer would print', () => {
    // Big5 bytes of 茶 without FS &: PC437 prints them as two accented letters.
    expect(printoutToText(renderEscPos(Uint8Array.of(0xaf, 0xf9, 0x0a), BIG5))).toBe('»∙\n');
  });
});

describe('printout warnings: silent printer behaviour made visible', () => {
  it('ESC @ in the middle of a line throws the unprinted text away', () => {
    const printout = renderEscPos(bytes(ascii('Subtotal 99'), initialize(), ascii('Total'), lineFeed()), BIG5);
    expect(printoutToText(printout)).toBe('Total\n');
    expect(printout.warnings).toEqual([
      { code: 'render.unprinted-text-discarded', offset: 11, message: 'ESC @ discarded unprinted text "Subtotal 99"' },
    ]);
  });

  it('a cut before the last line is printed moves that line onto the next receipt', () => {
    const printout = renderEscPos(bytes(ascii('Thank you'), cut()), BIG5);
    expect(printout.warnings).toMatchObject([
      { code: 'render.cut-with-pending-text', offset: 9, message: expect.stringContaining('next receipt') },
      { code: 'render.unprinted-text-at-end', offset: 0 },
    ]);
    expect(printout.unprinted).toBe('Thank you');
  });

  it('alignment, barcode, QR and image commands in mid-line are ignored like on the printer', () => {
    const printout = renderEscPos(
      bytes(
        ascii('a'),
        align('center'),
        code128('1'),
        qrCode('q'),
        rasterImage({ width: 8, height: 1, data: Uint8Array.of(1) }),
        lineFeed(),
      ),
      BIG5,
    );
    expect(printout.items).toMatchObject([{ kind: 'line', align: 'left' }]);
    expect(printout.warnings.map((w) => w.code)).toEqual([
      'render.ignored-mid-line',
      'render.ignored-mid-line',
      'render.ignored-mid-line',
      'render.ignored-mid-line',
    ]);
  });

  it('a QR print with nothing stored prints nothing', () => {
    const printout = renderEscPos(Uint8Array.of(0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48), BIG5);
    expect(printout.items).toEqual([]);
    expect(printout.warnings).toMatchObject([{ code: 'render.qr-without-data' }]);
  });

  it('an image wider than the paper is flagged (its right side is lost)', () => {
    const printout = renderEscPos(rasterImage({ width: 640, height: 1, data: new Uint8Array(80) }), BIG5);
    expect(printout.warnings).toMatchObject([{ code: 'render.image-too-wide' }]);
  });

  it('a valid-looking Big5 code with no character is flagged', () => {
    const printout = renderEscPos(Uint8Array.of(0x1c, 0x26, 0xa3, 0xfe, 0x1c, 0x2e, 0x0a), BIG5);
    expect(printout.warnings).toMatchObject([{ code: 'render.unmapped-character', offset: 2 }]);
  });

  it('a tokenizer fault stops printing and is shown at the end of the preview', () => {
    const printout = renderEscPos(bytes(ascii('Paid'), lineFeed(), [0x1b, 0x7a], ascii('never'), lineFeed()), BIG5);
    expect(printout.fault).toMatchObject({ code: 'escpos.unknown-command', offset: 5 });
    expect(printoutToText(printout)).toBe("Paid\n[printer fault at byte 5: unknown command ESC followed by 0x7a 'z']\n");
  });

  it('streams: applying tokens chunk by chunk gives the same printout', () => {
    const stream = bytes(initialize(), t('烏龍茶 Tea'), lineFeed(), code128('X1'), cut());
    const tokenizer = new EscPosTokenizer(BIG5);
    const renderer = new EscPosRenderer(BIG5);
    for (let i = 0; i < stream.length; i += 3) for (const token of tokenizer.push(stream.subarray(i, i + 3))) renderer.apply(token);
    for (const token of tokenizer.end()) renderer.apply(token);
    expect(renderer.finish()).toEqual(renderEscPos(stream, BIG5));
  });
});
