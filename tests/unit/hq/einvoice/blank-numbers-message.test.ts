import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blankNumbersXml, unusedRanges } from '../../../../hq/einvoice/blank-numbers-message.ts';
import { checkAgainstSchema } from '../../../../hq/einvoice/schema.ts';

describe('E0402 unused numbers', () => {
  it('finds the unused numbers of a range as contiguous ranges', () => {
    const track = { start: 11223300, end: 11223349 };
    expect(unusedRanges(track, [])).toEqual([track]);
    expect(unusedRanges(track, [11223300, 11223301, 11223305, 11223349, 99])).toEqual([
      { start: 11223302, end: 11223304 },
      { start: 11223306, end: 11223348 },
    ]);
    expect(unusedRanges({ start: 0, end: 2 }, [0, 1, 2, 1])).toEqual([]);
  });

  it('every number of the range is either used or in exactly one unused range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: -10, max: 1300 })),
        (start, size, used) => {
          const range = { start, end: start + size - 1 };
          const blank = unusedRanges(range, used);
          const usedSet = new Set(used);
          for (let n = range.start; n <= range.end; n++) {
            const hits = blank.filter((b) => b.start <= n && n <= b.end).length;
            expect(hits).toBe(usedSet.has(n) ? 0 : 1);
          }
          for (let i = 1; i < blank.length; i++) expect(blank[i]!.start).toBeGreaterThan(blank[i - 1]!.end + 1);
        },
      ),
      { seed: 402, numRuns: 200 },
    );
  });

  it('writes one file per track with the period as ROC year and even month', async () => {
    const xml = blankNumbersXml({
      headUbn: '04595257',
      branchUbn: '04595257',
      invoiceType: '07',
      period: { year: 2026, firstMonth: 1 },
      track: 'AB',
      ranges: [
        { start: 11223302, end: 11223304 },
        { start: 11223306, end: 11223349 },
      ],
    });
    expect(await checkAgainstSchema('E0402', xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<BranchTrackBlank xmlns="urn:GEINV:eInvoiceMessage:E0402:4.1">');
    expect(xml).toContain('<YearMonth>11502</YearMonth>\n    <InvoiceTrack>AB</InvoiceTrack>');
    expect(xml).toContain('<InvoiceBeginNo>11223306</InvoiceBeginNo>\n      <InvoiceEndNo>11223349</InvoiceEndNo>');
  });

  it('refuses an empty report, bad letters or a reversed range', () => {
    const r = {
      headUbn: '04595257',
      branchUbn: '04595257',
      invoiceType: '07',
      period: { year: 2026, firstMonth: 1 },
      track: 'AB',
      ranges: [{ start: 5, end: 9 }],
    } as const;
    expect(() => blankNumbersXml({ ...r, ranges: [] })).toThrow(/no unused numbers/);
    expect(() => blankNumbersXml({ ...r, track: 'A1' })).toThrow(/2 capital letters/);
    expect(() => blankNumbersXml({ ...r, ranges: [{ start: 9, end: 5 }] })).toThrow(/not a range/);
  });
});
