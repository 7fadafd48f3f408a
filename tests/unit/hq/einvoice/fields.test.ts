import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkInvoiceNumber,
  isValidUbn,
  migDate,
  migDecimal,
  migInteger,
  migTime,
  parsePeriod,
  periodCode,
  periodEnd,
  periodOfDate,
} from '../../../../hq/einvoice/fields.ts';

describe('MIG 4.1 field formats', () => {
  it('writes the date and time as they were in Taiwan (UTC+8)', () => {
    expect(migDate('2013-05-23T16:30:05Z', 'at')).toBe('20130524');
    expect(migTime('2013-05-23T16:30:05Z', 'at')).toBe('00:30:05');
    expect(migDate('2026-12-31T15:59:59.999Z', 'at')).toBe('20261231');
    expect(migTime('2026-01-01T08:00:00+08:00', 'at')).toBe('08:00:00');
    expect(() => migDate('2026-01-01', 'issuedAt')).toThrow(/issuedAt/);
    expect(() => migDate('yesterday', 'issuedAt')).toThrow(/not an ISO-8601 time/);
  });

  it('writes amounts and quantities in plain decimals, never an exponent', () => {
    expect(migInteger(340, 'x')).toBe('340');
    expect(() => migInteger(1.5, 'TotalAmount')).toThrow(/TotalAmount/);
    expect(migDecimal(0.05, 'x')).toBe('0.05');
    expect(migDecimal(1e-7, 'x')).toBe('0.0000001');
    expect(migDecimal(12, 'x')).toBe('12');
    expect(migDecimal(1.25, 'x')).toBe('1.25');
    expect(() => migDecimal(1e-8, 'Quantity')).toThrow(/more than 7 decimals/);
    expect(() => migDecimal(Number.NaN, 'Quantity')).toThrow(/Quantity/);
  });

  it('checks invoice numbers: 2 capital letters and 8 digits', () => {
    expect(checkInvoiceNumber('AB11223344', 'n')).toBe('AB11223344');
    for (const bad of ['ab11223344', 'AB1122334', 'AB-11223344', 'A111223344']) expect(() => checkInvoiceNumber(bad, 'n')).toThrow();
  });

  it('checks UBNs with the weighted checksum, divisible by 5, and the 7th-digit-7 rule', () => {
    expect(isValidUbn('04595257')).toBe(true);
    expect(isValidUbn('22099131')).toBe(true);
    // A 7 in the 7th place: 28 counts as 10 or as 11.
    expect(isValidUbn('10458575')).toBe(true);
    expect(isValidUbn('10458574')).toBe(true);
    expect(isValidUbn('04595258')).toBe(false);
    expect(isValidUbn('0459525')).toBe(false);
    expect(isValidUbn('0459525a')).toBe(false);
  });

  it('accepts exactly one check digit of ten for an ordinary UBN (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7}$/), (seven) => {
        if (seven[6] === '7') return;
        const passing = [...'0123456789'].filter((d) => isValidUbn(seven + d));
        expect(passing.length).toBe(2); // divisible by 5: two last digits 5 apart
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  it('names the two-month period as MOF does: ROC year and its even month', () => {
    expect(periodCode(parsePeriod('2026-01'))).toBe('11502');
    expect(periodCode(parsePeriod('2026-02'))).toBe('11502');
    expect(periodCode(parsePeriod('11512'))).toBe('11512');
    expect(parsePeriod('11512')).toEqual({ year: 2026, firstMonth: 11 });
    expect(() => parsePeriod('11511')).toThrow(/not an invoice period/); // MOF writes the even month
    expect(periodOfDate('20130523')).toEqual({ year: 2013, firstMonth: 5 });
    expect(() => parsePeriod('2026-13')).toThrow(/not an invoice period/);
    expect(() => parsePeriod('Jan')).toThrow(/not an invoice period/);
    expect(periodEnd({ year: 2026, firstMonth: 11 }).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
