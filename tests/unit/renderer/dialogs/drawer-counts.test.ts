import { describe, expect, it } from 'vitest';
import { cleanCountInput, countedList, countedPieces, countedTotal } from '../../../../renderer/dialogs/drawer-counts.ts';

describe('drawer counts', () => {
  it('counts an empty, fractional or negative entry as no pieces', () => {
    expect(countedPieces({}, 500)).toBe(0);
    expect(countedPieces({ 500: '' }, 500)).toBe(0);
    expect(countedPieces({ 500: '1.5' }, 500)).toBe(0);
    expect(countedPieces({ 500: '-2' }, 500)).toBe(0);
    expect(countedPieces({ 500: '3' }, 500)).toBe(3);
  });

  it('totals the drawer in minor units and records only values with pieces', () => {
    const denominations = [5000, 1000, 200, 10];
    const counts = { 5000: '1', 1000: '0', 200: '3', 10: 'x' };
    expect(countedTotal(denominations, counts)).toBe(5600);
    expect(countedList(denominations, counts)).toEqual([
      { value: 5000, count: 1 },
      { value: 200, count: 3 },
    ]);
  });

  it('keeps digits only, at most five', () => {
    expect(cleanCountInput('12a3')).toBe('123');
    expect(cleanCountInput('1234567')).toBe('12345');
    expect(cleanCountInput('-')).toBe('');
  });
});
