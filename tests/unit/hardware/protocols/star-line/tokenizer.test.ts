import { describe, expect, it } from 'vitest';
import { StarLineTokenizer, type StarToken } from '../../../../../hardware/protocols/star-line/tokenizer.ts';
import { StarLineRenderer } from '../../../../../hardware/protocols/star-line/render.ts';
import { printoutToText } from '../../../../../hardware/protocols/printout/printout-text.ts';
import { starBarcode, starDrawerKick, starQrCode } from '../../../../../hardware/protocols/star-line/commands.ts';

const job = Uint8Array.from([
  0x1b,
  0x40,
  0x1b,
  0x1d,
  0x61,
  0x01,
  0x1b,
  0x69,
  0x01,
  0x01,
  0x1b,
  0x45,
  ...Buffer.from('SHOP'),
  0x0a,
  0x1b,
  0x69,
  0x00,
  0x00,
  0x1b,
  0x46,
  0x1b,
  0x1d,
  0x61,
  0x00,
  ...Buffer.from('1 tea   35.00'),
  0x0a,
  ...starBarcode('CODE128', 'DEMO-1', 60),
  ...starQrCode('TP1:X', 4),
  ...starDrawerKick({ pin: 2, onMs: 100, offMs: 200 }),
  0x1b,
  0x61,
  0x03,
  0x1b,
  0x64,
  0x03,
  0x17,
]);

function tokens(bytes: Uint8Array, split: number): StarToken[] {
  const t = new StarLineTokenizer();
  return [...t.push(bytes.subarray(0, split)), ...t.push(bytes.subarray(split))];
}

describe('StarLineTokenizer', () => {
  it('reads the commands Tillproof sends, however the bytes are split', () => {
    const names = (ts: StarToken[]): string[] =>
      ts.filter((t) => t.kind === 'star-command').map((t) => (t.kind === 'star-command' ? t.name : ''));
    const whole = names(tokens(job, job.length));
    expect(whole).toEqual([
      'ESC @',
      'ESC GS a',
      'ESC i',
      'ESC E',
      'LF',
      'ESC i',
      'ESC F',
      'ESC GS a',
      'LF',
      'ESC b',
      'ESC GS y S',
      'ESC GS y S',
      'ESC GS y S',
      'ESC GS y D',
      'ESC GS y P',
      'LF',
      'ESC BEL',
      'BEL',
      'ESC a',
      'ESC d',
      'ETB',
    ]);
    for (let split = 0; split <= job.length; split++) {
      const ts = tokens(job, split);
      expect(ts.some((t) => t.kind === 'fault')).toBe(false);
      expect(names(ts)).toEqual(whole);
    }
  });

  it('renders the receipt like the ESC/POS emulator does', () => {
    const renderer = new StarLineRenderer();
    for (const t of tokens(job, job.length)) renderer.apply(t);
    const text = printoutToText(renderer.finish());
    expect(text).toContain('SHOP');
    expect(text).toContain('[CODE128 DEMO-1]');
    expect(text).toContain('[QR TP1:X]');
    expect(text).toContain('[drawer kick: pin 2, 100 ms on / 200 ms off]');
    expect(text).toMatch(/partial cut/);
  });

  it('stops at anything it does not know, naming the byte', () => {
    const t = new StarLineTokenizer();
    expect(t.push(Uint8Array.of(0x41, 0x1b, 0x7e))).toMatchObject([
      { kind: 'text' },
      { kind: 'fault', code: 'star.unknown-command', offset: 1 },
    ]);
    expect(new StarLineTokenizer().push(Uint8Array.of(0x1b, 0x64, 0x09))).toMatchObject([{ kind: 'fault', code: 'star.bad-parameter' }]);
    expect(new StarLineTokenizer().push(Uint8Array.of(0x10, 0x04, 0x01))).toMatchObject([{ kind: 'fault', code: 'star.unknown-command' }]);
  });
});
