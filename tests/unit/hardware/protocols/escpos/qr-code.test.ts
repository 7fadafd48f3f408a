import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { QR_MAX_BYTES, qrCode, qrSymbolModules, type QrErrorLevel } from '../../../../../hardware/protocols/escpos/qr-code.ts';
import { renderEscPos } from '../../../../../hardware/protocols/escpos/render.ts';
import { tokenizeEscPos } from '../../../../../hardware/protocols/escpos/tokenizer.ts';

describe('qrCode', () => {
  it('sends model 2, size, level, store and print as GS ( k functions (exact bytes)', () => {
    expect([...qrCode('AB', { moduleSize: 4, errorLevel: 'M' })]).toEqual([
      ...[0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 67, 4],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 69, 49],
      ...[0x1d, 0x28, 0x6b, 5, 0, 49, 80, 48, 0x41, 0x42],
      ...[0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48],
    ]);
  });

  it('stores long data with a two-byte length (pL pH)', () => {
    const data = 'x'.repeat(300);
    const sent = qrCode(data);
    const store = sent.indexOf(80) - 6;
    expect([...sent.slice(store, store + 8)]).toEqual([0x1d, 0x28, 0x6b, 303 & 0xff, 303 >> 8, 49, 80, 48]);
  });

  it('prints a receipt verification link that the emulator reads back exactly, UTF-8 included', () => {
    const link = 'https://verify.tillproof.example/r/T01-000123?s=MEUCIQD 收據';
    const printout = renderEscPos(qrCode(link, { moduleSize: 5, errorLevel: 'Q' }), { kanjiEncoding: 'big5' });
    expect(printout.warnings).toEqual([]);
    expect(printout.items).toMatchObject([{ kind: 'qr', text: link, moduleSize: 5, errorLevel: 'Q' }]);
  });

  it('refuses data that no QR symbol of that level can hold (the printer would print nothing)', () => {
    const tooLong = expect.objectContaining({ code: 'printer.qr-data-too-long' });
    expect(() => qrCode('x'.repeat(QR_MAX_BYTES.H + 1), { errorLevel: 'H' })).toThrow(tooLong);
    expect(() => qrCode('')).toThrow(tooLong);
    const fits = qrCode('x'.repeat(QR_MAX_BYTES.H), { errorLevel: 'H' });
    expect(tokenizeEscPos(fits, { kanjiEncoding: 'big5' }).map((t) => t.kind)).toEqual([
      'command',
      'command',
      'command',
      'command',
      'command',
    ]);
    expect(renderEscPos(fits, { kanjiEncoding: 'big5' }).items).toMatchObject([{ kind: 'qr', errorLevel: 'H' }]);
  });

  it('refuses a module size or level outside the command range', () => {
    const outOfRange = expect.objectContaining({ code: 'printer.out-of-range' });
    expect(() => qrCode('a', { moduleSize: 0 })).toThrow(outOfRange);
    expect(() => qrCode('a', { moduleSize: 17 })).toThrow(outOfRange);
    expect(() => qrCode('a', { errorLevel: 'X' as QrErrorLevel })).toThrow(outOfRange);
  });
});

describe('qrSymbolModules', () => {
  it('gives the size of the level-M symbol an encoder builds, at every version boundary, without building it', () => {
    const sizes = (n: number) =>
      QRCode.create([{ data: new Uint8Array(n).fill(0x41), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules.size;
    const lengths = [1, 2, 100, 1000, 2000];
    for (let n = 1, last = 0; n <= QR_MAX_BYTES.M; n++) {
      // Where the symbol grows: the last length of one version and the first of the next.
      const modules = qrSymbolModules(n);
      if (modules !== last) lengths.push(n - 1, n);
      last = modules;
    }
    for (const n of lengths.filter((x) => x >= 1)) expect(qrSymbolModules(n), `${n} bytes`).toBe(sizes(n));
    expect(lengths.length).toBeGreaterThan(80);
  });

  it('refuses more data than a level-M symbol holds', () => {
    expect(qrSymbolModules(QR_MAX_BYTES.M)).toBe(177);
    expect(() => qrSymbolModules(QR_MAX_BYTES.M + 1)).toThrow(/at most 2331/);
  });
});
