// core/scanning/framing.ts (tested here with the scanner drivers that use it).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScanFramer, type FramedScan, type ScanSuffix } from '../../../../core/scanning/framing.ts';
import { gs1CheckDigit } from '../../../../core/catalog/gs1.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const framer = (suffix: ScanSuffix, maxLength = 64) => createScanFramer({ suffix, interByteTimeoutMs: 50, maxLength });
const codes = (results: FramedScan[]): string[] => results.flatMap((r) => (r.ok ? [r.code] : []));
const reasons = (results: FramedScan[]): string[] => results.flatMap((r) => (r.ok ? [] : [r.reason]));

const ean13 = fc.stringMatching(/^[1-9]\d{11}$/).map((body) => body + String(gs1CheckDigit(body)));

describe('createScanFramer', () => {
  it.each([
    ['cr', '4006381333931\r'],
    ['lf', '4006381333931\n'],
    ['crlf', '4006381333931\r\n'],
  ] as const)('frames %s-terminated scans', (suffix, wire) => {
    const f = framer(suffix);
    expect(codes(f.push(bytes(wire + wire), 0))).toEqual(['4006381333931', '4006381333931']);
    expect(f.deadline()).toBeNull();
  });

  it('in timeout mode a scan ends with a pause (or CR/LF)', () => {
    const f = framer('timeout');
    expect(f.push(bytes('40063813'), 0)).toEqual([]);
    expect(f.push(bytes('33931'), 10)).toEqual([]);
    expect(f.deadline()).toBe(60);
    expect(f.expire(59)).toEqual([]);
    expect(codes(f.expire(60))).toEqual(['4006381333931']);
    expect(codes(f.push(bytes('123\r\n456\n'), 1000))).toEqual(['123', '456']);
  });

  it('in timeout mode a read that follows a pause-ended read at once is refused as its possible tail, never sold as a second item', () => {
    // 4006381333931 (a published EAN-13) stalls after 8 digits: "40063813" ends on the pause, and
    // the tail "33931" arrives 150 ms later. Here the tail is made a valid EAN-8 on its own
    // (96385074, the GS1 General Specifications' EAN-8 example) to show it is refused even then.
    const f = framer('timeout');
    expect(f.push(bytes('40063813'), 0)).toEqual([]);
    expect(codes(f.expire(50))).toEqual(['40063813']);
    expect(f.push(bytes('96385074'), 150)).toEqual([]);
    const tail = f.expire(200);
    expect(reasons(tail)).toEqual(['scan.split']);
    expect(tail[0]).toMatchObject({ detail: expect.stringMatching(/150 ms after a read that ended on a pause/) });
    // A scan after the guard (500 ms by default) reads again; so does one ended by CR right away.
    expect(f.push(bytes('96385074'), 1200)).toEqual([]);
    expect(codes(f.expire(1250))).toEqual(['96385074']);
    expect(codes(f.push(bytes('4006381333931\r'), 1300))).toEqual([]);
    expect(codes(f.push(bytes('96385074\r'), 1310))).toEqual(['96385074']);
  });

  it('property: in timeout mode a scan cut by any pause never yields a second code', () => {
    fc.assert(
      fc.property(ean13, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 50, max: 499 }), (code, cut, pause) => {
        const f = framer('timeout');
        const out = [...f.push(bytes(code.slice(0, cut)), 0), ...f.expire(pause), ...f.push(bytes(code.slice(cut)), pause)];
        out.push(...f.expire(pause + 1000));
        expect(codes(out).length).toBeLessThanOrEqual(1);
        expect(codes(out)).toEqual(codes(out).filter((c) => c === code.slice(0, cut)));
      }),
    );
  });

  it('rejects a scan whose suffix never came (the cable was pulled), and the rest of it if it comes late', () => {
    const f = framer('cr');
    f.push(bytes('400638'), 0);
    expect(reasons(f.expire(50))).toEqual(['scan.partial']);
    // The rest arrives late with its suffix: "1333931" alone must not become a scan.
    expect(reasons(f.push(bytes('1333931\r'), 60))).toEqual(['scan.partial']);
    // Back in step: the next scan reads.
    expect(codes(f.push(bytes('4006381333931\r'), 70))).toEqual(['4006381333931']);
    const g = framer('cr');
    g.push(bytes('400638'), 0);
    const late = g.push(bytes('1333931\r'), 80);
    expect(reasons(late)).toEqual(['scan.partial', 'scan.partial']);
    expect(codes(late)).toEqual([]);
  });

  it('refuses a read that began as the port opened (its start may be lost)', () => {
    const f = framer('cr');
    f.listening(1000);
    expect(reasons(f.push(bytes('1333931\r'), 1010))).toEqual(['scan.partial']);
    expect(codes(f.push(bytes('4006381333931\r'), 1050))).toEqual(['4006381333931']);
  });

  it('rejects noise: bytes a wrong baud rate or a bad cable produce', () => {
    const f = framer('cr');
    expect(reasons(f.push(Uint8Array.of(0x34, 0x30, 0xff, 0x36, 0x0d), 0))).toEqual(['scan.noise']);
    expect(reasons(f.push(Uint8Array.of(0x31, 0x00, 0x32, 0x0d), 0))).toEqual(['scan.noise']);
    expect(reasons(f.push(Uint8Array.of(0x1b, 0x5b, 0x41, 0x0d), 0))).toEqual(['scan.noise']);
    // GS (FNC1) belongs in GS1 data.
    expect(codes(f.push(bytes(']C10100614141999996\x1d10ABC\r'), 0))).toEqual([']C10100614141999996\x1d10ABC']);
  });

  it('rejects a suffix mismatch: a scanner sending CR LF to a till expecting CR', () => {
    const f = framer('cr');
    const results = f.push(bytes('4006381333931\r\n'), 0);
    expect(codes(results)).toEqual(['4006381333931']);
    expect(reasons(results)).toEqual(['scan.framing']);
    const g = framer('crlf');
    expect(reasons(g.push(bytes('123\r4\r\n'), 0))).toEqual(['scan.framing']);
    expect(reasons(g.push(bytes('123\n'), 0))).toEqual(['scan.framing']);
  });

  it('rejects scans longer than allowed, whole', () => {
    const f = framer('cr', 8);
    expect(reasons(f.push(bytes('1234567890\r12345678\r'), 0))).toEqual(['scan.overlong']);
    expect(codes(f.push(bytes('12345678\r'), 0))).toEqual(['12345678']);
  });

  it('reports a scan cut by a disconnect as partial', () => {
    const f = framer('crlf');
    f.push(bytes('40063'), 0);
    expect(reasons(f.reset())).toEqual(['scan.partial']);
    expect(f.reset()).toEqual([]);
  });

  it('property: however a valid scan is chunked, it comes out whole; cut anywhere and delayed, no valid product code comes out but the original', () => {
    fc.assert(
      fc.property(
        ean13,
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        (code, sizes, cut) => {
          const wire = bytes(`${code}\r`);
          const f = framer('cr');
          const out: FramedScan[] = [];
          for (let at = 0, i = 0; at < wire.length; i++) {
            const n = sizes[i % sizes.length]!;
            out.push(...f.push(wire.subarray(at, at + n), i));
            at += n;
          }
          expect(codes(out)).toEqual([code]);
          // Cut at `cut` with a pause: neither half is ever accepted, and the next scan reads again.
          const g = framer('cr');
          const results = [...g.push(wire.subarray(0, cut), 0), ...g.expire(1000), ...g.push(wire.subarray(cut), 1000)];
          expect(codes(results)).toEqual([]);
          expect(codes(g.push(wire, 2000))).toEqual([code]);
        },
      ),
    );
  });
});
