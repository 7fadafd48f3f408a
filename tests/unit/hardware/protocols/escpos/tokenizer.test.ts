import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EscPosTokenizer, tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';
import { EscPosSyntaxError, type EscPosToken, type TokenizerOptions } from '../../../../../hardware/protocols/escpos/tokens.ts';
import type { FaultToken } from '../../../../../hardware/protocols/stream-tokens.ts';
import {
  align,
  bold,
  characterSize,
  cut,
  feedDots,
  feedLines,
  initialize,
  lineFeed,
  reverse,
  underline,
} from '../../../../../hardware/protocols/escpos/commands.ts';
import { encodePrintText, type KanjiEncoding } from '../../../../../hardware/protocols/escpos/cjk.ts';
import { drawerKick, realtimeDrawerKick } from '../../../../../hardware/protocols/escpos/drawer.ts';
import { code128, ean13 } from '../../../../../hardware/protocols/escpos/barcode.ts';
import { qrCode } from '../../../../../hardware/protocols/escpos/qr-code.ts';
import { rasterImage } from '../../../../../hardware/protocols/escpos/raster.ts';
import { enableAsb, realtimeStatusQuery } from '../../../../../hardware/protocols/escpos/status.ts';
import { bytes, tokenNames, tokenizeInChunks } from '../../../../helpers/escpos.ts';

const BIG5: TokenizerOptions = { kanjiEncoding: 'big5' };
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The fault a complete stream ends in. */
function faultOf(stream: Uint8Array | readonly number[], options: TokenizerOptions = BIG5): FaultToken {
  const tokens = tokenizeInChunks(stream instanceof Uint8Array ? stream : Uint8Array.from(stream), options, [stream.length || 1]);
  const last = tokens.at(-1);
  if (last?.kind !== 'fault') throw new Error(`expected a fault, got ${JSON.stringify(tokenNames(tokens))}`);
  return last;
}

describe('EscPosTokenizer: what we send', () => {
  it('splits a receipt into text runs and commands with their offsets', () => {
    const stream = bytes(initialize(), align('center'), ascii('Tea'), lineFeed(), encodePrintText('茶 x2', 'big5'), lineFeed());
    expect(tokenizeEscPos(stream, BIG5)).toEqual([
      { kind: 'command', name: 'ESC @', offset: 0, length: 2, params: [], data: null },
      { kind: 'command', name: 'ESC a', offset: 2, length: 3, params: [1], data: null },
      { kind: 'text', offset: 5, bytes: ascii('Tea'), kanji: false },
      { kind: 'command', name: 'LF', offset: 8, length: 1, params: [], data: null },
      { kind: 'command', name: 'FS &', offset: 9, length: 2, params: [], data: null },
      { kind: 'text', offset: 11, bytes: Uint8Array.of(0xaf, 0xf9), kanji: true },
      { kind: 'command', name: 'FS .', offset: 13, length: 2, params: [], data: null },
      { kind: 'text', offset: 15, bytes: ascii(' x2'), kanji: false },
      { kind: 'command', name: 'LF', offset: 18, length: 1, params: [], data: null },
    ]);
  });

  it('accepts every command our builders emit', () => {
    const stream = bytes(
      initialize(),
      align('right'),
      bold(true),
      underline(2),
      reverse(true),
      characterSize(8, 8),
      feedLines(2),
      feedDots(10),
      cut(),
      cut({ partial: true }),
      cut({ feedDots: 40 }),
      cut({ partial: true, feedDots: 40 }),
      drawerKick(),
      realtimeDrawerKick(5, 500),
      code128('T01-000123'),
      ean13('471234567890'),
      qrCode('https://example.test/r/1'),
      rasterImage({ width: 16, height: 2, data: new Uint8Array(4) }),
      realtimeStatusQuery(1),
      realtimeStatusQuery(2),
      realtimeStatusQuery(3),
      realtimeStatusQuery(4),
      enableAsb({ drawer: true, onlineOffline: true, error: true, paperRoll: true }),
    );
    expect(tokenNames(tokenizeEscPos(stream, BIG5))).toEqual([
      'ESC @',
      'ESC a',
      'ESC E',
      'ESC -',
      'GS B',
      'GS !',
      'ESC d',
      'ESC J',
      'GS V',
      'GS V',
      'GS V',
      'GS V',
      'ESC p',
      'DLE DC4',
      'GS H',
      'GS h',
      'GS w',
      'GS k',
      'GS H',
      'GS h',
      'GS w',
      'GS k',
      'GS ( k',
      'GS ( k',
      'GS ( k',
      'GS ( k',
      'GS ( k',
      'GS v 0',
      'DLE EOT',
      'DLE EOT',
      'DLE EOT',
      'DLE EOT',
      'GS a',
    ]);
  });

  it('keeps barcode, QR and raster payloads intact, even when they contain command bytes', () => {
    const raster = rasterImage({ width: 8, height: 4, data: Uint8Array.of(0x1b, 0x40, 0x0a, 0x1d) });
    const [image] = tokenizeEscPos(raster, BIG5);
    expect(image).toMatchObject({ name: 'GS v 0', params: [0, 1, 0, 4, 0], data: Uint8Array.of(0x1b, 0x40, 0x0a, 0x1d) });
    const qr = tokenizeEscPos(qrCode('\x1bp\x00'), BIG5);
    expect(qr[3]).toMatchObject({ name: 'GS ( k', params: [49, 80, 48], data: ascii('\x1bp\x00') });
  });
});

describe('EscPosTokenizer: strictness', () => {
  it('rejects an unknown ESC command with its byte offset', () => {
    const fault = faultOf(bytes(ascii('Total'), lineFeed(), [0x1b, 0x7a, 0x01]));
    expect(fault).toMatchObject({ code: 'escpos.unknown-command', offset: 6 });
    expect(fault.message).toContain("ESC followed by 0x7a 'z'");
  });

  it('rejects control bytes that are not commands (NUL, FF, CAN, a lone 0x01)', () => {
    expect(faultOf([0x41, 0x00])).toMatchObject({ code: 'escpos.unknown-command', offset: 1, message: expect.stringContaining('NUL') });
    expect(faultOf([0x0c])).toMatchObject({ code: 'escpos.unknown-command', offset: 0, message: expect.stringContaining('FF') });
    expect(faultOf([0x0a, 0x0a, 0x18])).toMatchObject({ code: 'escpos.unknown-command', offset: 2 });
    expect(faultOf([0x1d, 0x28, 0x4c])).toMatchObject({
      code: 'escpos.unknown-command',
      message: expect.stringContaining('GS ( followed by'),
    });
  });

  const badParameters: Array<[string, number[], number]> = [
    ['ESC a 7 (no such alignment)', [0x41, 0x1b, 0x61, 7], 1],
    ['GS ! with bit 3 set (height 9)', [0x1d, 0x21, 0x08], 0],
    ['GS V 2 (no such cut)', [0x1d, 0x56, 2], 0],
    ['DLE EOT 5', [0x10, 0x04, 5], 0],
    ['ESC p 2 (no pin)', [0x1b, 0x70, 2, 25, 250], 0],
    ['GS h 0 (zero-height barcode)', [0x1d, 0x68, 0], 0],
    ['GS w 7 (module too wide)', [0x1d, 0x77, 7], 0],
    ['ESC t 9 (no such code page)', [0x1b, 0x74, 9], 0],
    ['ESC - 3', [0x1b, 0x2d, 3], 0],
    ['FS p 0 (NV image 0)', [0x1c, 0x70, 0, 0], 0],
    ['GS v 0 with width 0', [0x1d, 0x76, 0x30, 0, 0, 0, 1, 0], 0],
    ['GS v 0 with mode 4', [0x1d, 0x76, 0x30, 4, 1, 0, 1, 0, 0xff], 0],
    ['GS k with system 7', [0x1d, 0x6b, 7, 0x31, 0], 0],
    ['GS k CODE128 with n = 0', [0x1d, 0x6b, 73, 0], 0],
    ['QR module size 17', [0x1d, 0x28, 0x6b, 3, 0, 49, 67, 17], 0],
    ['QR size with a parameter too many (pL = 4)', [0x1d, 0x28, 0x6b, 4, 0, 49, 67, 4, 4], 0],
    ['QR print with pL = 2 (no m)', [0x1d, 0x28, 0x6b, 2, 0, 49, 81], 0],
    ['QR store with no data', [0x1d, 0x28, 0x6b, 3, 0, 49, 80, 48], 0],
    ['QR unknown function 70', [0x1d, 0x28, 0x6b, 3, 0, 49, 70, 0], 0],
    ['DLE DC4 with pulse 9', [0x10, 0x14, 1, 0, 9], 0],
  ];
  for (const [what, stream, offset] of badParameters) {
    it(`rejects ${what} at byte ${offset}`, () => {
      expect(faultOf(stream)).toMatchObject({ code: 'escpos.bad-parameter', offset });
    });
  }

  it('rejects barcode data the printer would refuse, naming the problem', () => {
    expect(faultOf(bytes([0x1d, 0x6b, 67, 11], ascii('47123456789')))).toMatchObject({
      code: 'escpos.bad-barcode-data',
      message: expect.stringContaining('EAN13 data is 11 bytes'),
    });
    expect(faultOf(bytes([0x1d, 0x6b, 67, 13], ascii('4712345678901')))).toMatchObject({
      code: 'escpos.bad-barcode-data',
      message: expect.stringContaining('check digit'),
    });
    expect(faultOf(bytes([0x1d, 0x6b, 73, 3], ascii('R-1')))).toMatchObject({
      code: 'escpos.bad-barcode-data',
      message: expect.stringContaining('{A, {B or {C'),
    });
    expect(faultOf(bytes([0x1d, 0x6b, 73, 4], ascii('{Bx{')))).toMatchObject({ code: 'escpos.bad-barcode-data' });
    expect(faultOf(bytes([0x1d, 0x6b, 2], ascii('47123456789A'), [0]))).toMatchObject({ code: 'escpos.bad-barcode-data' });
  });

  it('rejects a NUL-terminated barcode whose terminator never comes within 255 bytes', () => {
    expect(faultOf(bytes([0x1d, 0x6b, 4], new Uint8Array(256).fill(0x41)))).toMatchObject({
      code: 'escpos.bad-parameter',
      message: expect.stringContaining('NUL'),
    });
  });

  it('reports symbologies the emulator does not draw as unsupported, not as garbage', () => {
    expect(faultOf([0x1d, 0x28, 0x6b, 3, 0, 48, 67, 3])).toMatchObject({
      code: 'escpos.unsupported-command',
      message: expect.stringContaining('cn = 48'),
    });
    expect(faultOf([0x10, 0x14, 2, 1, 8])).toMatchObject({ code: 'escpos.unsupported-command' });
  });

  it('reads DLE DC4 fn 8 (clear buffers) only with its fixed bytes', () => {
    expect(tokenNames(tokenizeEscPos(Uint8Array.of(0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8), BIG5))).toEqual(['DLE DC4']);
    expect(faultOf([0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 9])).toMatchObject({ code: 'escpos.bad-parameter' });
  });

  it('rejects a broken double-byte character in Kanji mode at the offset of its lead byte', () => {
    // FS & "茶" then a Big5 lead byte followed by LF.
    expect(faultOf([0x1c, 0x26, 0xaf, 0xf9, 0xaf, 0x0a])).toMatchObject({ code: 'escpos.bad-kanji-sequence', offset: 4 });
    expect(faultOf([0x1c, 0x26, 0x87, 0x40])).toMatchObject({
      code: 'escpos.bad-kanji-sequence',
      offset: 2,
      message: expect.stringContaining('Big5'),
    });
    expect(faultOf([0x1c, 0x26, 0x81, 0x30, 0x20, 0x30], { kanjiEncoding: 'gb18030' })).toMatchObject({
      code: 'escpos.bad-kanji-sequence',
      offset: 2,
    });
    expect(faultOf([0x1c, 0x26, 0x80, 0x40], { kanjiEncoding: 'gb18030' })).toMatchObject({ code: 'escpos.bad-kanji-sequence', offset: 2 });
  });

  it('rejects a code page switch (ESC t) inside a Kanji run: the node-thermal-printer CJK defect', () => {
    expect(faultOf([0x1c, 0x26, 0xaf, 0xf9, 0x1b, 0x74, 0x00, 0xaf, 0xf9, 0x1c, 0x2e])).toMatchObject({
      code: 'escpos.code-page-in-kanji-mode',
      offset: 4,
    });
    expect(tokenNames(tokenizeEscPos(Uint8Array.of(0x1c, 0x26, 0x1c, 0x2e, 0x1b, 0x74, 0x10), BIG5))).toEqual(['FS &', 'FS .', 'ESC t']);
  });

  it('reports a stream that ends inside a command or a character as truncated', () => {
    expect(faultOf([0x41, 0x1b])).toMatchObject({ code: 'escpos.truncated', offset: 1 });
    expect(faultOf(rasterImage({ width: 8, height: 4, data: new Uint8Array(4) }).subarray(0, 10))).toMatchObject({
      code: 'escpos.truncated',
      offset: 0,
    });
    expect(faultOf([0x1c, 0x26, 0x41, 0xaf])).toMatchObject({
      code: 'escpos.truncated',
      offset: 3,
      message: expect.stringContaining('big5 character'),
    });
  });

  it('prints the text received before a fault and ignores everything after it', () => {
    const tokenizer = new EscPosTokenizer(BIG5);
    const tokens = tokenizer.push(Uint8Array.of(0x41, 0x42, 0x1b, 0x7a, 0x43, 0x0a));
    expect(tokenNames(tokens)).toEqual(['text', 'fault:escpos.unknown-command']);
    expect(tokens[0]).toMatchObject({ bytes: ascii('AB') });
    expect(tokenizer.push(ascii('more\n'))).toEqual([]);
    expect(tokenizer.end()).toEqual([]);
    expect(tokenizer.fault).toMatchObject({ offset: 2 });
  });

  it('tokenizeEscPos throws a typed error with code and offset', () => {
    let caught: unknown;
    try {
      tokenizeEscPos(Uint8Array.of(0x0a, 0x1b, 0x61, 9), BIG5);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EscPosSyntaxError);
    expect(caught).toMatchObject({ code: 'escpos.bad-parameter', offset: 1 });
  });

  it('returns to the power-on Kanji mode on ESC @', () => {
    const kanjiFirst = tokenizeEscPos(Uint8Array.of(0xaf, 0xf9, 0x1c, 0x2e, 0x41, 0x1b, 0x40, 0xaf, 0xf9), {
      kanjiEncoding: 'big5',
      kanjiModeAtStart: true,
    });
    expect(kanjiFirst.filter((t) => t.kind === 'text').map((t) => (t as { kanji: boolean }).kanji)).toEqual([true, false, true]);
  });
});

describe('EscPosTokenizer: streaming', () => {
  const receipt = bytes(
    initialize(),
    align('center'),
    characterSize(2, 2),
    encodePrintText('烏龍茶 Tea House', 'big5'),
    lineFeed(),
    characterSize(1, 1),
    align('left'),
    encodePrintText('Pineapple cake 鳳梨酥  x2   NT$90', 'big5'),
    lineFeed(),
    code128('T01-000123'),
    qrCode('https://verify.example/r/T01-000123'),
    rasterImage({ width: 40, height: 30, data: new Uint8Array(150).fill(0xa5) }, { bandHeight: 7 }),
    feedLines(3),
    cut({ partial: true, feedDots: 48 }),
    drawerKick(),
  );

  it('gives the same tokens when the receipt arrives one byte at a time', () => {
    expect(tokenizeInChunks(receipt, BIG5, [1])).toEqual(tokenizeEscPos(receipt, BIG5));
  });

  it('streams a large logo in small chunks without quadratic slow-down', () => {
    const logo = rasterImage({ width: 576, height: 2000, data: new Uint8Array(72 * 2000).fill(0x55) });
    const started = performance.now();
    const tokens = tokenizeInChunks(logo, BIG5, [3, 5, 64]);
    expect(tokens).toHaveLength(Math.ceil(2000 / 128));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  const builders: Array<fc.Arbitrary<Uint8Array>> = [
    fc.constant(initialize()),
    fc.constant(lineFeed()),
    fc.constantFrom(align('left'), align('center'), align('right')),
    fc.boolean().map(bold),
    fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).map(([w, h]) => characterSize(w, h)),
    fc.integer({ min: 0, max: 255 }).map(feedLines),
    fc.record({ partial: fc.boolean(), feedDots: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }) }).map((o) => cut(o)),
    fc.constant(drawerKick()),
    fc.string({ unit: 'binary', maxLength: 12 }).map((s) => encodePrintText(s, 'big5')),
    fc.string({ unit: fc.constantFrom(...'0123456789ABCxyz-{'), minLength: 1, maxLength: 20 }).map((s) => code128(s)),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }).map((s) => ean13(s)),
    fc.string({ minLength: 1, maxLength: 60 }).map((s) => qrCode(s)),
    fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }))
      .map(([w, h]) => rasterImage({ width: w, height: h, data: new Uint8Array(Math.ceil(w / 8) * h).fill(0x3c) }, { bandHeight: 8 })),
  ];
  const validStream = fc.array(fc.oneof(...builders), { maxLength: 15 }).map((parts) => bytes(...parts));
  const splits = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 });

  it('gives the same tokens however a valid stream is chunked (property)', () => {
    fc.assert(
      fc.property(validStream, splits, (stream, sizes) => {
        const whole = tokenizeInChunks(stream, BIG5, [stream.length || 1]);
        expect(whole.some((t) => t.kind === 'fault')).toBe(false);
        expect(tokenizeInChunks(stream, BIG5, sizes)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same tokens and the same fault however arbitrary bytes are chunked (property)', () => {
    const noisy = fc.array(fc.oneof(fc.uint8Array({ maxLength: 12 }), validStream), { maxLength: 4 }).map((parts) => bytes(...parts));
    fc.assert(
      fc.property(
        noisy,
        splits,
        fc.constantFrom<KanjiEncoding>('gb18030', 'big5', 'shift_jis'),
        fc.boolean(),
        (stream, sizes, encoding, kanjiAtStart) => {
          const options = { kanjiEncoding: encoding, kanjiModeAtStart: kanjiAtStart };
          const whole: EscPosToken[] = tokenizeInChunks(stream, options, [stream.length || 1]);
          expect(tokenizeInChunks(stream, options, sizes)).toEqual(whole);
          expect(tokenizeInChunks(stream, options, [1])).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accounts for every byte: token lengths and text runs tile the stream up to the fault (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (stream) => {
        let expected = 0;
        for (const t of tokenizeInChunks(stream, BIG5, [7])) {
          expect(t.offset).toBe(expected);
          if (t.kind === 'fault') return;
          expected += t.kind === 'text' ? t.bytes.length : t.length;
        }
        expect(expected).toBe(stream.length);
      }),
      { numRuns: 500 },
    );
  });
});
