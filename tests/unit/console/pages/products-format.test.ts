import { describe, expect, it } from 'vitest';
import { chunksOf, formatPrice } from '../../../../console/pages/products-format.ts';

describe('prices on the products page', () => {
  it('shows minor units as the currency writes them, without float rounding', () => {
    expect(formatPrice(35, 0)).toBe('35');
    expect(formatPrice(1750, 2)).toBe('17.50');
    expect(formatPrice(5, 2)).toBe('0.05');
    expect(formatPrice(0, 2)).toBe('0.00');
    expect(formatPrice(-5, 2)).toBe('-0.05');
    expect(formatPrice(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
  });
});

describe('a catalog file cut into upload chunks', () => {
  it('gives back the whole file, in order, no chunk larger than asked', () => {
    const text = 'product_id,name\n'.repeat(1000);
    const chunks = chunksOf(text, 777);
    expect(chunks.join('')).toBe(text);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(777);
    expect(chunksOf('', 10)).toEqual([]);
  });

  it('never splits a character outside the basic plane (an emoji in a name) between two chunks', () => {
    const text = 'ab😀cd😀'.repeat(50);
    for (const size of [2, 3, 4, 5, 7]) {
      const chunks = chunksOf(text, size);
      expect(chunks.join('')).toBe(text);
      for (const c of chunks)
        expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(c), `${size}: ${JSON.stringify(c)}`).toBe(
          false,
        );
    }
  });
});
