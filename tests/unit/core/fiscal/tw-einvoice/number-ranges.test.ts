import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  hasRange,
  issueOrder,
  numbersLeft,
  rangeConflict,
  rangeRefusal,
  type InvoiceRange,
} from '../../../../../core/fiscal/tw-einvoice/number-ranges.ts';

const AB = { track: 'AB', from: '11223300', to: '11223349' };
const AB2 = { track: 'AB', from: '11223400', to: '11223401' };
const AC = { track: 'AC', from: '00000000', to: '00000001' };

describe('invoice number ranges', () => {
  it('starts at the first number of the lowest range, letters first', () => {
    expect(numbersLeft([AC, AB2, AB], null)).toEqual({ next: 'AB11223300', left: 54 });
    expect(issueOrder([AC, AB2, AB])).toEqual([AB, AB2, AC]);
  });

  it('goes on after the last number issued, into the next range when one is used up', () => {
    expect(numbersLeft([AB, AB2, AC], 'AB11223300')).toEqual({ next: 'AB11223301', left: 53 });
    expect(numbersLeft([AB, AB2, AC], 'AB11223349')).toEqual({ next: 'AB11223400', left: 4 });
    expect(numbersLeft([AB, AB2, AC], 'AB11223401')).toEqual({ next: 'AC00000000', left: 2 });
    expect(numbersLeft([AB, AB2, AC], 'AC00000001')).toEqual({ next: null, left: 0 });
    expect(numbersLeft([], null)).toEqual({ next: null, left: 0 });
  });

  it('never goes back before the last number issued, even when it is in no range', () => {
    expect(numbersLeft([AB, AC], 'AB99999999')).toEqual({ next: 'AC00000000', left: 2 });
    expect(numbersLeft([AB], 'AZ00000000')).toEqual({ next: null, left: 0 });
  });

  it('issuing one number at a time gives every number of the ranges once, in order (property)', () => {
    const range = fc
      .record({ track: fc.constantFrom('AB', 'AC', 'ZZ'), from: fc.integer({ min: 0, max: 500 }), size: fc.integer({ min: 1, max: 20 }) })
      .map((r) => ({ track: r.track, from: String(r.from).padStart(8, '0'), to: String(r.from + r.size - 1).padStart(8, '0') }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 5 }), (candidates) => {
        const ranges: InvoiceRange[] = [];
        for (const r of candidates) if (!rangeConflict(ranges, r)) ranges.push(r);
        const total = ranges.reduce((s, r) => s + Number(r.to) - Number(r.from) + 1, 0);
        const issued: string[] = [];
        let last: string | null = null;
        for (;;) {
          const { next, left } = numbersLeft(ranges, last);
          expect(left).toBe(total - issued.length);
          if (!next) break;
          issued.push(next);
          last = next;
        }
        expect(new Set(issued).size).toBe(total);
        expect([...issued].sort()).toEqual(issued);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it('refuses a range that overlaps one of the same letters, or runs backwards', () => {
    expect(rangeConflict([AB], { track: 'AB', from: '11223349', to: '11223360' })).toMatch(/overlaps AB11223300-AB11223349/);
    expect(rangeConflict([AB], { track: 'AC', from: '11223300', to: '11223349' })).toBeNull();
    expect(rangeConflict([], { track: 'AB', from: '11223349', to: '11223300' })).toMatch(/11223349 is after 11223300/);
  });

  it('refuses a range that overlaps one the till has or lies before its last number, and knows one it has', () => {
    expect(rangeRefusal([AB], null, AB2)).toBeNull();
    expect(rangeRefusal([AB], null, { track: 'AB', from: '11223340', to: '11223389' })).toMatch(/overlaps AB11223300-AB11223349/);
    expect(rangeRefusal([AB2], 'AB11223401', AB)).toMatch(/AB11223300-AB11223349 lies before AB11223401/);
    expect(rangeRefusal([AB2], 'AB11223401', AC)).toBeNull();
    expect(hasRange([AB, AC], { ...AB })).toBe(true);
    expect(hasRange([AB, AC], { ...AB, to: '11223348' })).toBe(false);
  });
});
