import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { ReceiptDocument, ReceiptLine } from '../../../../../core/contract/views.ts';
import { ReceiptEncoder } from '../../../../../hardware/protocols/receipt/receipt-encoder.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import type { CommandToken, EscPosToken } from '../../../../../hardware/protocols/escpos/tokens.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { printoutToText } from '../../../../../hardware/protocols/printout/printout-text.ts';
import type { KanjiEncoding } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { chunkEscPosJob } from '../../../../../hardware/protocols/escpos/job-chunks.ts';
import { printerCharset, textColumns } from '../../../../../hardware/protocols/text/layout.ts';
import type { MonoBitmap } from '../../../../../hardware/protocols/escpos/raster.ts';
import { tokenNames } from '../../../../helpers/escpos.ts';

const doc = (lines: ReceiptLine[], width = 48): ReceiptDocument => ({
  receiptNo: 1,
  kind: 'sale',
  copyNo: 0,
  training: false,
  width,
  lines,
});
const encoder = (encoding: KanjiEncoding | 'ascii', columns = 48) =>
  new ReceiptEncoder({ commandSet: 'escpos', encoding, columns, paperDots: columns === 32 ? 384 : 576 });
const commands = (tokens: EscPosToken[]): CommandToken[] => tokens.filter((t): t is CommandToken => t.kind === 'command');
const printedLines = (bytes: Uint8Array, encoding: KanjiEncoding): string[] => {
  const printout = renderEscPos(bytes, { kanjiEncoding: encoding });
  expect(printout.fault).toBeNull();
  expect(printout.warnings).toEqual([]);
  return printoutToText(printout).split('\n');
};

describe('ReceiptEncoder (ESC/POS)', () => {
  it('builds a receipt the strict tokenizer accepts, starting with ESC @ and ending with a cut and ESC @', () => {
    const bytes = encoder('big5').encode(
      doc([
        { type: 'text', text: 'Tillproof 示範商店', align: 'center', bold: true, size: 'double' },
        { type: 'rule' },
        { type: 'pair', left: '烏龍茶 Oolong tea', right: '35.00' },
        { type: 'barcode', symbology: 'CODE128', data: 'DEMO-01-7' },
        { type: 'barcode', symbology: 'EAN13', data: '4006381333931' },
        { type: 'qr', data: 'https://verify.example/r/7', size: 5 },
        { type: 'feed', lines: 3 },
        { type: 'cut', partial: true },
      ]),
    );
    const tokens = tokenizeEscPos(bytes, { kanjiEncoding: 'big5' });
    const names = tokenNames(tokens);
    expect(names[0]).toBe('ESC @');
    expect(names.slice(-2)).toEqual(['GS V', 'ESC @']);
    expect(names).toContain('GS k');
    expect(names.filter((n) => n === 'GS ( k')).toHaveLength(5);
    const lines = printedLines(bytes, 'big5');
    expect(lines).toContain('[CODE128 DEMO-01-7]'.padStart(33));
    expect(lines.join('\n')).toContain('烏龍茶 Oolong tea');
    expect(lines.join('\n')).toContain('[EAN13 4006381333931]');
  });

  it.each(['gb18030', 'big5'] as const)('wraps every CJK run in FS & ... FS . and the text decodes back (%s)', (encoding) => {
    const names = encoding === 'big5' ? ['珍珠奶茶（大）', '鳳梨酥 6入', '統一發票'] : ['珍珠奶茶（大）', '凤梨酥 6入', '统一发票'];
    const bytes = encoder(encoding).encode(doc(names.map((text) => ({ type: 'text', text }))));
    const tokens = tokenizeEscPos(bytes, { kanjiEncoding: encoding });
    let kanji = false;
    for (const t of tokens) {
      if (t.kind === 'command') {
        // Inside a run nothing but the run's end may come.
        if (kanji) expect(t.name, 'command inside a Kanji run').toBe('FS .');
        if (t.name === 'FS &') kanji = true;
        if (t.name === 'FS .') kanji = false;
      }
      // A byte >= 0x80 outside Kanji mode would print as a single-byte code page character.
      if (t.kind === 'text' && t.bytes.some((b) => b >= 0x80)) expect(t.kanji).toBe(true);
    }
    expect(kanji).toBe(false);
    // Decode each paper line's text tokens (split by FS & / FS .) with the printer's encoding.
    const decoded: string[] = [''];
    for (const t of tokens) {
      if (t.kind === 'text') decoded[decoded.length - 1] += iconv.decode(Buffer.from(t.bytes), encoding);
      if (t.kind === 'command' && t.name === 'LF') decoded.push('');
    }
    expect(decoded.filter(Boolean)).toEqual(names);
    expect(printedLines(bytes, encoding).slice(0, 3)).toEqual(names);
  });

  it('prints no control byte that came from data: ESC p and GS V inside a product name stay text', () => {
    const name = 'Evil\x1b\x70\x00\x19\xfa tea\x1d\x56\x00 (1L)';
    const bytes = encoder('gb18030').encode(
      doc([
        { type: 'text', text: name },
        { type: 'pair', left: name, right: '9.99\x1b@' },
        { type: 'rule', char: '\x1b' },
        { type: 'feed', lines: 2 },
        { type: 'cut' },
      ]),
    );
    const tokens = tokenizeEscPos(bytes, { kanjiEncoding: 'gb18030' });
    const names = commands(tokens).map((c) => c.name);
    expect(names).not.toContain('ESC p');
    expect(names.filter((n) => n === 'GS V')).toHaveLength(1);
    expect(names.filter((n) => n === 'ESC @')).toHaveLength(2);
    // The only control bytes are those of commands we built; every data byte is printable.
    for (const t of tokens) if (t.kind === 'text') expect([...t.bytes].every((b) => b >= 0x20)).toBe(true);
    const lines = printedLines(bytes, 'gb18030');
    expect(lines[0]).toBe('Evil p ú tea V  (1L)');
  });

  it('lays pairs out to exactly the paper width, counting CJK characters as two columns', () => {
    const charset = printerCharset('big5');
    const bytes = encoder('big5').encode(
      doc([
        { type: 'pair', left: '珍珠奶茶 x2', right: '120.00' },
        { type: 'pair', left: '很長的商品名稱'.repeat(4), right: '1,234.00' },
      ]),
    );
    const lines = printedLines(bytes, 'big5').filter(Boolean);
    expect(lines[0]).toMatch(/^珍珠奶茶 x2 +120\.00$/);
    for (const line of lines) expect(textColumns(line, charset)).toBeLessThanOrEqual(48);
    expect(textColumns(lines[0]!, charset)).toBe(48);
    expect(lines.at(-1)).toMatch(/1,234\.00$/);
  });

  it('halves the width of double-size text and wraps it without splitting a character', () => {
    const bytes = encoder('gb18030', 32).encode(doc([{ type: 'text', text: '超级市场超级市场超级市场', size: 'double' }], 32));
    const runs = renderEscPos(bytes, { kanjiEncoding: 'gb18030', paperWidthDots: 384 }).items.filter(
      (i) => i.kind === 'line' && i.runs.length > 0,
    );
    // 58 mm paper, 32 columns: 16 double-size columns, 8 Han characters (48 dots each, 384 dots).
    expect(runs.map((l) => (l.kind === 'line' ? l.runs.map((r) => r.text).join('') : ''))).toEqual(['超级市场超级市场', '超级市场']);
  });

  it('prints a Kanji double size with GS ! (which scales Kanji), never ESC ! (which does not)', () => {
    const names = tokenNames(
      tokenizeEscPos(encoder('big5').encode(doc([{ type: 'text', text: '大字', size: 'double' }])), { kanjiEncoding: 'big5' }),
    );
    expect(names).toContain('GS !');
    expect(names).not.toContain('ESC !');
  });

  it('on an ASCII printer, accents are dropped and CJK becomes ?', () => {
    const bytes = encoder('ascii').encode(doc([{ type: 'text', text: 'Café “crème” 烏龍' }]));
    expect(printedLines(bytes, 'gb18030')[0]).toBe('Cafe "creme" ??');
  });

  it('shrinks a QR code that would not fit the paper, and prints a too-wide CODE128 as text', () => {
    const long = 'X'.repeat(300);
    const bytes = encoder('gb18030', 32).encode(
      doc(
        [
          { type: 'qr', data: long, size: 8 },
          { type: 'barcode', symbology: 'CODE128', data: 'RECEIPT-0000000000000000001' },
        ],
        32,
      ),
    );
    const printout = renderEscPos(bytes, { kanjiEncoding: 'gb18030', paperWidthDots: 384 });
    const qr = printout.items.find((i) => i.kind === 'qr');
    expect(qr?.kind === 'qr' && (qr.size + 8) * qr.moduleSize).toBeLessThanOrEqual(384);
    expect(printoutToText(printout, 32)).toContain('RECEIPT-0000000000000000001');
    expect(printout.items.some((i) => i.kind === 'barcode')).toBe(false);
  });

  it('refuses bad barcode data before building anything', () => {
    expect(() => encoder('ascii').encode(doc([{ type: 'barcode', symbology: 'EAN13', data: '4006381333932' }]))).toThrow(/check digit/);
  });

  it('sends the logo in raster bands and the job splits into chunks only at command boundaries', () => {
    const logo: MonoBitmap = { width: 512, height: 300, data: new Uint8Array(64 * 300).fill(0xaa) };
    const enc = new ReceiptEncoder({ commandSet: 'escpos', encoding: 'big5', columns: 48, paperDots: 576, logo });
    const bytes = enc.encode(doc([{ type: 'text', text: '收據' }, { type: 'cut' }]));
    const tokens = tokenizeEscPos(bytes, { kanjiEncoding: 'big5' });
    expect(
      commands(tokens)
        .filter((c) => c.name === 'GS v 0')
        .map((c) => c.params[3]! + c.params[4]! * 256),
    ).toEqual([128, 128, 44]);
    const chunks = chunkEscPosJob(bytes, 1024, 'big5');
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(bytes));
    const starts = new Set(tokens.map((t) => t.offset));
    let at = 0;
    for (const c of chunks) {
      expect(starts.has(at)).toBe(true);
      // Only a single command (a raster band) may exceed the chunk size.
      if (c.length > 1024) expect(tokenizeEscPos(c, { kanjiEncoding: 'big5' })).toHaveLength(1);
      at += c.length;
    }
  });
});

describe('drawer kick bytes', () => {
  it('ESC p with both pulse bytes, for pin 2 and pin 5, never the malformed 1B 70 00 1B 70 01', () => {
    const enc = encoder('gb18030');
    for (const pin of [2, 5] as const) {
      const bytes = enc.drawerKick({ pin, onMs: 100, offMs: 500 });
      const [token] = commands(tokenizeEscPos(bytes, { kanjiEncoding: 'gb18030' }));
      expect(token).toMatchObject({ name: 'ESC p', params: [pin === 2 ? 0 : 1, 50, 250], length: 5 });
      expect(bytes).toHaveLength(5);
    }
    const realtime = enc.drawerKick({ pin: 2, onMs: 50, offMs: 500 }, true);
    expect(commands(tokenizeEscPos(realtime, { kanjiEncoding: 'gb18030' }))).toMatchObject([{ name: 'DLE DC4', params: [1, 0, 1] }]);
  });
});

describe('ReceiptEncoder (Star Line Mode)', () => {
  const star = new ReceiptEncoder({ commandSet: 'star', encoding: 'gb18030', columns: 48, paperDots: 576 });
  const hex = (b: Uint8Array | readonly number[]): string => Buffer.from(b).toString('hex');

  it('uses Star commands: ESC GS a alignment, ESC E/F emphasis, ESC b barcode with the data once, ESC GS y QR', () => {
    const bytes = hex(
      star.encode(
        doc([
          { type: 'text', text: 'Hi 你好', align: 'center', bold: true },
          { type: 'barcode', symbology: 'CODE128', data: 'AB-12' },
          { type: 'qr', data: 'qr-data', size: 4 },
          { type: 'cut' },
        ]),
      ),
    );
    expect(bytes.startsWith('1b40')).toBe(true);
    expect(bytes).toContain('1b1d6101');
    expect(bytes).toContain('1b45');
    expect(bytes).toContain(`${hex(Buffer.from('Hi ??'))}0a`);
    expect(bytes).toContain(`1b620602023c${hex(Buffer.from('AB-12'))}1e`);
    expect(bytes.split(hex(Buffer.from('AB-12'))).length).toBe(2);
    expect(bytes).toContain(`1b1d795330021b1d795331011b1d795332041b1d794431000700${hex(Buffer.from('qr-data'))}1b1d7950`);
    expect(bytes).toContain('1b6402');
  });

  it('kicks drawer 1 with ESC BEL n1 n2 BEL and drawer 2 with SUB', () => {
    expect(hex(star.drawerKick({ pin: 2, onMs: 100, offMs: 200 }))).toBe('1b070a1407');
    expect(hex(star.drawerKick({ pin: 5, onMs: 100, offMs: 200 }))).toBe('1a');
  });
});

describe('a document narrower than the paper', () => {
  it('prints in a band of its width in the middle: every line padded to the document width and centred', () => {
    const doc: ReceiptDocument = {
      receiptNo: 1,
      kind: 'sale',
      copyNo: 0,
      training: false,
      width: 32,
      lines: [
        { type: 'text', text: '2013-05-23 11:22:33' },
        { type: 'pair', left: '隨機碼 9999', right: '總計 340' },
        { type: 'text', text: 'right', align: 'right' },
        { type: 'rule' },
      ],
    };
    const wide = new ReceiptEncoder({ commandSet: 'escpos', encoding: 'big5', columns: 48, paperDots: 576 });
    const printout = renderEscPos(wide.encode(doc), { kanjiEncoding: 'big5', paperWidthDots: 576 });
    const lines = printout.items.filter((i) => i.kind === 'line' && i.runs.length > 0);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatchObject({ align: 'center' });
    const text = printoutToText(printout)
      .split('\n')
      .filter((t) => t.trim() !== '');
    expect(text[0]).toBe(' '.repeat(8) + '2013-05-23 11:22:33');
    expect(text[2]).toBe(' '.repeat(8) + ' '.repeat(27) + 'right');
    // The same document on paper of its own width prints as before: left-aligned.
    const narrow = new ReceiptEncoder({ commandSet: 'escpos', encoding: 'big5', columns: 32, paperDots: 384 });
    const same = renderEscPos(narrow.encode(doc), { kanjiEncoding: 'big5', paperWidthDots: 384 });
    expect(same.items.find((i) => i.kind === 'line' && i.runs.length > 0)).toMatchObject({ align: 'left' });
  });
});
