import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWedgeDetector, type WedgeScan } from '../../../../renderer/scan/wedge-detector.ts';

/** Feeds keys at the given times; returns every scan reported, with idle() run at each deadline. */
function feed(keys: Array<[string, number]>, options = {}): WedgeScan[] {
  const d = createWedgeDetector(options);
  const out: WedgeScan[] = [];
  for (const [key, at] of keys) {
    // A timer would have fired at the deadline if it passed before this key.
    const deadline = d.deadline();
    if (deadline !== null && deadline <= at) {
      const s = d.idle(deadline);
      if (s) out.push(s);
    }
    const s = d.key(key, at);
    if (s) out.push(s);
  }
  const deadline = d.deadline();
  if (deadline !== null) {
    const s = d.idle(deadline + 1000);
    if (s) out.push(s);
  }
  return out;
}

const burst = (code: string, start = 1000, gap = 8): Array<[string, number]> => [...code].map((ch, i) => [ch, start + i * gap]);

describe('keyboard-wedge detector', () => {
  it('takes a fast burst ending in Enter as one scan', () => {
    const keys = burst('4711037000012');
    const scans = feed([...keys, ['Enter', keys.at(-1)![1] + 8]]);
    expect(scans).toEqual([{ code: '4711037000012', endedBy: 'terminator', startedAt: 1000, leadGapMs: null, afterBreak: false }]);
  });

  it('takes Tab as a terminator too', () => {
    const keys = burst('DEMO-BADGE-1001', 0, 5);
    expect(feed([...keys, ['Tab', 80]]).map((s) => s.code)).toEqual(['DEMO-BADGE-1001']);
  });

  it('ends a burst without a terminator after the pause', () => {
    const scans = feed(burst('9100000000012'));
    expect(scans).toEqual([{ code: '9100000000012', endedBy: 'pause', startedAt: 1000, leadGapMs: null, afterBreak: false }]);
  });

  it('does not take human typing (keys 80-200 ms apart) as a scan', () => {
    const keys: Array<[string, number]> = [...'4711037000012'].map((ch, i) => [ch, i * 110]);
    expect(feed([...keys, ['Enter', 13 * 110 + 90]])).toEqual([]);
  });

  it('ignores a short rollover burst from a fast typist', () => {
    expect(
      feed([
        ['t', 0],
        ['h', 12],
        ['e', 140],
        ['Enter', 400],
      ]),
    ).toEqual([]);
  });

  it('keeps Shift inside a burst (scanners press it for capitals)', () => {
    const keys: Array<[string, number]> = [
      ['Shift', 0],
      ['T', 2],
      ['Shift', 4],
      ['P', 6],
      ['M', 10],
      ['1', 14],
      ['.', 18],
      ['M', 22],
      ['Enter', 26],
    ];
    expect(feed(keys).map((s) => s.code)).toEqual(['TPM1.M']);
  });

  it('splits a scan from a human key that follows too slowly to belong to it', () => {
    const keys = burst('12345678', 0, 5);
    const scans = feed([...keys, ['9', 35 + 120]]);
    expect(scans.map((s) => s.code)).toEqual(['12345678']);
  });

  it('reports two scans back to back', () => {
    const a = burst('11112222', 0, 4);
    const b = burst('33334444', 500, 4);
    const scans = feed([...a, ['Enter', 40], ...b, ['Enter', 540]]);
    expect(scans.map((s) => s.code)).toEqual(['11112222', '33334444']);
  });

  it('a named key (Backspace, arrows) breaks a burst that is still too short', () => {
    expect(
      feed([
        ['1', 0],
        ['2', 5],
        ['Backspace', 10],
        ['3', 15],
        ['Enter', 20],
      ]),
    ).toEqual([]);
  });

  it('honours the minimum length', () => {
    const keys = burst('123', 0, 5);
    expect(feed([...keys, ['Enter', 20]])).toEqual([]);
    expect(feed([...keys, ['Enter', 20]], { minLength: 3 }).map((s) => s.code)).toEqual(['123']);
  });

  it('inBurst and deadline follow the buffer', () => {
    const d = createWedgeDetector();
    expect(d.deadline()).toBeNull();
    d.key('1', 0);
    expect(d.inBurst()).toBe(false);
    d.key('2', 5);
    expect(d.inBurst()).toBe(true);
    // Too short to be a scan yet: no timer needed, the next key decides.
    expect(d.deadline()).toBeNull();
    expect(d.idle(500)).toBeNull();
    d.key('3', 10);
    d.key('4', 15);
    expect(d.deadline()).toBe(15 + 100);
    expect(d.idle(50)).toBeNull();
    expect(d.idle(115)?.code).toBe('1234');
    expect(d.deadline()).toBeNull();
  });

  it('property: any printable code sent at scanner speed comes back unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz.;=-_/+'), minLength: 4, maxLength: 120 }),
        fc.integer({ min: 1, max: 29 }),
        fc.boolean(),
        (code, gap, enter) => {
          const keys = burst(code, 10_000, gap);
          const all: Array<[string, number]> = enter ? [...keys, ['Enter', keys.at(-1)![1] + gap]] : keys;
          const scans = feed(all);
          expect(scans.map((s) => s.code)).toEqual([code]);
        },
      ),
    );
  });

  it('property: keys always further apart than the gap limit never make a scan', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 31, max: 400 }), { minLength: 1, maxLength: 40 }), (gaps) => {
        let at = 0;
        const keys: Array<[string, number]> = gaps.map((g, i) => [String(i % 10), (at += g)]);
        expect(feed([...keys, ['Enter', at + 31]])).toEqual([]);
      }),
    );
  });
});

describe('keyboard-wedge detector: jitter', () => {
  it('a scan survives a short stall once it is long enough to be one', () => {
    const keys: Array<[string, number]> = [
      ['4', 0],
      ['7', 5],
      ['1', 10],
      ['1', 15],
      ['0', 90],
      ['3', 95],
      ['Enter', 100],
    ];
    expect(feed(keys).map((s) => s.code)).toEqual(['471103']);
  });

  it('a short burst is judged by key timestamps, not by when the timer ran', () => {
    const d = createWedgeDetector();
    d.key('D', 0);
    // The page was busy: the timer runs long after, but the keys themselves were 4 ms apart.
    expect(d.idle(200)).toBeNull();
    for (const [i, ch] of [...'EMO-1'].entries()) d.key(ch, 4 * (i + 1));
    expect(d.key('Enter', 24)?.code).toBe('DEMO-1');
  });

  it('a real pause still ends it', () => {
    const keys: Array<[string, number]> = [
      ['4', 0],
      ['7', 5],
      ['1', 10],
      ['1', 15],
      ['0', 200],
    ];
    expect(feed(keys).map((s) => s.code)).toEqual(['4711']);
  });
  describe('a scan split by a pause (#19)', () => {
    /** Keys of `code` 5-20 ms apart from `at`, as a scanner sends them; returns the keys and the time after the last. */
    const burst = (code: string, at: number): [Array<[string, number]>, number] => {
      const keys: Array<[string, number]> = [];
      let t = at;
      for (const [i, ch] of [...code].entries()) {
        keys.push([ch, t]);
        t += 5 + (i % 4) * 5; // 5, 10, 15, 20 ms
      }
      return [keys, keys.at(-1)![1]];
    };

    it.each([100, 150, 300, 499])('the tail after a %i ms stall is marked as following a break, never as a fresh scan', (pause) => {
      // 4006381333931 (a published EAN-13) stalls after "40063813"; the tail is sent with Enter.
      const [head, headEnd] = burst('40063813', 1000);
      const [tail, tailEnd] = burst('33931', headEnd + pause);
      const scans = feed([...head, ...tail, ['Enter', tailEnd + 5]]);
      expect(scans.map((s) => [s.code, s.endedBy, s.afterBreak])).toEqual([
        ['40063813', 'pause', false],
        ['33931', 'terminator', true],
      ]);
    });

    it('a scan well after a pause-ended one, or right after a terminated one, is a fresh scan', () => {
      const [first, firstEnd] = burst('96385074', 1000);
      const [second, secondEnd] = burst('4006381333931', firstEnd + 800);
      const [third, thirdEnd] = burst('96385074', secondEnd + 60);
      const scans = feed([...first, ...second, ['Enter', secondEnd + 5], ...third, ['Enter', thirdEnd + 5]]);
      expect(scans.map((s) => [s.code, s.afterBreak])).toEqual([
        ['96385074', false],
        ['4006381333931', false],
        ['96385074', false],
      ]);
    });

    it('a key typed by hand long before a scan is no part of it; one typed just before is its delayed start', () => {
      const [late, lateEnd] = burst('4006381333931', 5000);
      const stale = feed([['7', 1000], ...late, ['Enter', lateEnd + 5]]);
      expect(stale.map((s) => [s.code, s.leadGapMs, s.afterBreak])).toEqual([['4006381333931', 4000, false]]);
      const [rest, restEnd] = burst('006381333931', 1040);
      const delayed = feed([['4', 1000], ...rest, ['Enter', restEnd + 5]]);
      expect(delayed.map((s) => [s.code, s.leadGapMs, s.afterBreak])).toEqual([['006381333931', 40, false]]);
    });

    it.each([100, 300, 499])('a single key typed by hand %i ms before a scan is no head of it: the scan is fresh (item 11)', (pause) => {
      const [scan, scanEnd] = burst('4711037000012', 1000 + pause);
      const scans = feed([['7', 1000], ...scan, ['Enter', scanEnd + 5]]);
      expect(scans.map((s) => [s.code, s.leadGapMs, s.afterBreak])).toEqual([['4711037000012', pause, false]]);
    });

    it('keys typed by hand 35-150 ms apart just before a scan are no head of it', () => {
      const typed: Array<[string, number]> = [
        ['1', 1000],
        ['2', 1035],
        ['3', 1185],
      ];
      const [scan, scanEnd] = burst('4711037000012', 1185 + 150);
      const scans = feed([...typed, ...scan, ['Enter', scanEnd + 5]]);
      expect(scans.map((s) => [s.code, s.afterBreak])).toEqual([['4711037000012', false]]);
    });

    it('a head of only two scanner-speed keys still makes the tail follow a break', () => {
      const [tail, tailEnd] = burst('06381333931', 1000 + 12 + 150);
      const scans = feed([['4', 1000], ['0', 1012], ...tail, ['Enter', tailEnd + 5]]);
      expect(scans.map((s) => [s.code, s.afterBreak])).toEqual([['06381333931', true]]);
    });

    it('a key stamped after the keys that follow it (its time was guessed on another clock) is never glued to them', () => {
      // The page had no time for the "7" and used its own clock, which runs ahead of the keyboard's.
      const [scan, scanEnd] = burst('4711037000012', 1844);
      const scans = feed([['7', 2866], ...scan, ['Enter', scanEnd + 5]]);
      expect(scans.map((s) => [s.code, s.leadGapMs, s.afterBreak])).toEqual([['4711037000012', null, false]]);
    });

    it('property: keys typed by hand, then a scan 100 ms or more later, give exactly that scan, fresh', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 35, max: 150 }), { minLength: 0, maxLength: 6 }),
          fc.integer({ min: 100, max: 3000 }),
          fc.array(fc.integer({ min: 5, max: 20 }), { minLength: 7, maxLength: 20 }),
          (typedGaps, pause, scanGaps) => {
            let at = 1000;
            const keys: Array<[string, number]> = [['9', at]];
            for (const g of typedGaps) keys.push(['9', (at += g)]);
            at += pause;
            const code = scanGaps.map((_, i) => String(i % 10)).join('');
            for (const [i, ch] of [...code].entries()) keys.push([ch, (at += i === 0 ? 0 : scanGaps[i]!)]);
            const scans = feed([...keys, ['Enter', at + 5]]);
            expect(scans.map((s) => [s.code, s.afterBreak])).toEqual([[code, false]]);
          },
        ),
        { seed: 19_11 },
      );
    });

    it('property: a scanner burst split by a 100-499 ms stall never gives a tail that is not marked', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 5, max: 20 }), { minLength: 4, maxLength: 24 }),
          fc.integer({ min: 2, max: 20 }),
          fc.integer({ min: 100, max: 499 }),
          (gaps, cut, pause) => {
            const code = gaps.map((_, i) => String((i * 7) % 10)).join('');
            const at = Math.min(cut, code.length - 2);
            let t = 1000;
            const keys: Array<[string, number]> = [...code].map((ch, i) => [ch, (t += i === 0 ? 0 : i === at ? pause : gaps[i]!)]);
            const scans = feed([...keys, ['Enter', t + 5]]);
            // The head ends on the pause (or is too short to be a scan); the tail, if long enough to be one, is suspect.
            expect(scans.filter((s) => !s.afterBreak).map((s) => s.code)).toEqual(at >= 4 ? [code.slice(0, at)] : []);
            expect(scans.filter((s) => s.afterBreak).map((s) => s.code)).toEqual(code.length - at >= 4 ? [code.slice(at)] : []);
          },
        ),
        { seed: 19_6 },
      );
    });
  });
});
