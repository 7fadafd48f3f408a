// Serial rules (issue #14): what a serial is, when one may be sold, and when one may come back.
import { describe, expect, it } from 'vitest';
import { normalizeSerial, refusalToReturn, refusalToSell, type SerialState } from '../../../../core/sales/serial.ts';

const sold: SerialState = { serial: 'SN-1', state: 'sold', seq: 40, receiptNo: 7, lineNo: 1 };
const returned: SerialState = { ...sold, state: 'returned', seq: 52, receiptNo: 9 };

describe('serials', () => {
  it('are compared as written on the piece: full-width folded, upper case, trimmed', () => {
    expect(normalizeSerial('  ab-12/3.x_9 ')).toEqual({ ok: true, serial: 'AB-12/3.X_9' });
    expect(normalizeSerial('ＳＮ－００１')).toEqual({ ok: true, serial: 'SN-001' });
  });

  it('refuse what no piece carries: empty, spaces, symbols, too long', () => {
    for (const bad of ['', '   ', 'SN 001', 'SN*1', '-SN1', 'A'.repeat(65), '序號1']) expect(normalizeSerial(bad).ok).toBe(false);
    expect(normalizeSerial('A'.repeat(64)).ok).toBe(true);
  });

  it('sell when never sold or back in the store, never while sold', () => {
    expect(refusalToSell('SN-1', undefined)).toBeNull();
    expect(refusalToSell('SN-1', returned)).toBeNull();
    expect(refusalToSell('SN-1', sold)).toMatch(/sold on receipt 7 and not returned/);
  });

  it('come back with a receipt only as the serial that sale sold and still has', () => {
    const receipt = { receiptNo: 7, lineSerial: 'SN-1' };
    expect(refusalToReturn('SN-1', sold, receipt)).toBeNull();
    expect(refusalToReturn('SN-2', sold, receipt)).toMatch(/not the one sold on receipt 7/);
    expect(refusalToReturn('SN-1', returned, receipt)).toMatch(/already returned/);
    // Returned and sold again on another receipt: the old receipt no longer returns it.
    expect(refusalToReturn('SN-1', { ...sold, receiptNo: 11 }, receipt)).toMatch(/already returned/);
  });

  it('come back without a receipt only when sold at this till and not returned', () => {
    expect(refusalToReturn('SN-1', sold, undefined)).toBeNull();
    expect(refusalToReturn('SN-1', returned, undefined)).toMatch(/not sold at this till/);
    expect(refusalToReturn('SN-1', undefined, undefined)).toMatch(/not sold at this till/);
  });
});
