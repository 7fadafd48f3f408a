// Golden frames of the Mettler Toledo 8217 reply (STX weight CR, STX ? status CR), and the
// defensive reading: a frame that is not exactly a reply is an error, never a weight.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ToledoReader,
  decodeStatusByte,
  encodeStatusByte,
  encodeToledoStatus,
  encodeToledoWeight,
  parseToledoFrame,
} from '../../../../../hardware/protocols/scale/toledo.ts';

const frame = (text: string): Uint8Array => Uint8Array.from([0x02, ...Buffer.from(text, 'latin1'), 0x0d]);

describe('parseToledoFrame', () => {
  it.each([
    ['01.234', 1234, false],
    ['00.005', 5, false],
    ['12.500N', 12_500, true],
    ['1.200', 1200, false],
    ['0150.000', 150_000, false],
  ])('reads the weight %s as %i g', (text, grams, net) => {
    expect(parseToledoFrame(frame(text))).toEqual({ ok: true, value: { kind: 'weight', grams, net } });
  });

  it('reads a status byte: motion (0x41), over capacity (0x42, parity bit set), under zero (0x44)', () => {
    expect(parseToledoFrame(Uint8Array.of(0x02, 0x3f, 0x41, 0x0d))).toMatchObject({ ok: true, value: { kind: 'status', motion: true } });
    expect(parseToledoFrame(Uint8Array.of(0x02, 0x3f, 0x42, 0x0d))).toMatchObject({
      ok: true,
      value: { kind: 'status', motion: false, overCapacity: true },
    });
    expect(parseToledoFrame(Uint8Array.of(0x02, 0x3f, 0x44, 0x0d))).toMatchObject({ ok: true, value: { underZero: true } });
  });

  it.each([
    ['no STX', Uint8Array.from([...Buffer.from('01.234'), 0x0d]), 'scale.frame-malformed'],
    ['no CR', Uint8Array.from([0x02, ...Buffer.from('01.234')]), 'scale.frame-partial'],
    ['no decimal point', frame('01234'), 'scale.frame-malformed'],
    ['a minus sign', frame('-01.234'), 'scale.frame-malformed'],
    ['four decimals', frame('1.2345'), 'scale.frame-malformed'],
    ['one decimal', frame('1.2'), 'scale.frame-malformed'],
    ['a lb weight (two decimals), never read as kg', frame('03.25'), 'scale.frame-malformed'],
    ['a unit the driver does not expect', frame('01.234LB'), 'scale.frame-malformed'],
    ['letters for digits', frame('0l.234'), 'scale.frame-malformed'],
    ['empty', frame(''), 'scale.frame-malformed'],
    ['a status without its byte', frame('?'), 'scale.frame-malformed'],
    ['a status byte without bit 6', Uint8Array.of(0x02, 0x3f, 0x01, 0x0d), 'scale.frame-malformed'],
    ['a status byte with odd parity', Uint8Array.of(0x02, 0x3f, 0xc1, 0x0d), 'scale.frame-parity'],
    ['too long', frame('0000000001.234'), 'scale.frame-overlong'],
  ])('refuses %s', (_what, bytes, code) => {
    const parsed = parseToledoFrame(bytes);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it('round-trips every weight the emulator can send, in whole grams', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.boolean(), (grams, net) => {
        expect(parseToledoFrame(encodeToledoWeight(grams, net))).toEqual({ ok: true, value: { kind: 'weight', grams, net } });
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it('encodes golden frames', () => {
    expect([...encodeToledoWeight(1234)]).toEqual([0x02, ...Buffer.from('01.234'), 0x0d]);
    expect([...encodeToledoStatus({ motion: true })]).toEqual([0x02, 0x3f, 0x41, 0x0d]);
    expect(encodeStatusByte({ overCapacity: true })).toBe(0x42);
    expect(encodeStatusByte({ motion: true, overCapacity: true })).toBe(0xc3);
  });

  it('decodes every status byte it encodes', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (motion, overCapacity, underZero, outsideZeroRange, centerOfZero, net) => {
          const flags = { motion, overCapacity, underZero, outsideZeroRange, centerOfZero, net };
          expect(decodeStatusByte(encodeStatusByte(flags))).toEqual({ ok: true, value: flags });
          // A 7E1 port strips the parity bit: the same flags.
          expect(decodeStatusByte(encodeStatusByte(flags) & 0x7f)).toEqual({ ok: true, value: flags });
        },
      ),
      { seed: 15 },
    );
  });
});

describe('ToledoReader', () => {
  it('cuts frames out of chunks split anywhere', () => {
    const bytes = Uint8Array.from([...encodeToledoWeight(1234), ...encodeToledoStatus({ motion: true }), ...encodeToledoWeight(50, true)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const reader = new ToledoReader();
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
        const reads = points.slice(1).flatMap((end, i) => reader.push(bytes.subarray(points[i]!, end)));
        expect(reads).toEqual([
          { ok: true, reply: { kind: 'weight', grams: 1234, net: false } },
          { ok: true, reply: expect.objectContaining({ kind: 'status', motion: true }) },
          { ok: true, reply: { kind: 'weight', grams: 50, net: true } },
        ]);
      }),
      { seed: 15 },
    );
  });

  it('reports a frame cut short by a new STX, and noise between frames, never a weight from them', () => {
    const reader = new ToledoReader();
    const reads = reader.push(Uint8Array.from([0x02, ...Buffer.from('01.2'), 0x02, ...Buffer.from('00.500'), 0x0d, 0x41, 0x42]));
    expect(reads.map((r) => (r.ok ? r.reply : r.error.code))).toEqual([
      'scale.frame-partial',
      { kind: 'weight', grams: 500, net: false },
      'scale.frame-malformed',
    ]);
  });

  it('drops a half frame on reset and an endless one when too long', () => {
    const reader = new ToledoReader();
    expect(reader.push(Uint8Array.from([0x02, 0x30]))).toEqual([]);
    expect(reader.inFrame).toBe(true);
    expect(reader.reset().map((r) => !r.ok && r.error.code)).toEqual(['scale.frame-partial']);
    const long = reader.push(Uint8Array.from([0x02, ...Buffer.from('0'.repeat(20))]));
    expect(long.map((r) => !r.ok && r.error.code)).toEqual(['scale.frame-overlong', 'scale.frame-malformed']);
  });
});
