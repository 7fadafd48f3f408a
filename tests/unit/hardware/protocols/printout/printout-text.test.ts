import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../../../hardware/protocols/printout/printout-text.ts';

describe('displayWidth', () => {
  it('counts Chinese, Japanese and full-width characters as two columns', () => {
    expect(displayWidth('Tea')).toBe(3);
    expect(displayWidth('烏龍茶')).toBe(6);
    expect(displayWidth('コーヒー')).toBe(8);
    expect(displayWidth('（大）')).toBe(6);
    expect(displayWidth('é')).toBe(1);
  });
});
