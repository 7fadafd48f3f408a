import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalJson, CanonicalFormError } from '../../../../core/ledger/canonical.ts';

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    entries.sort(
      (a, b) =>
        ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7) ||
        (seed % 2 ? a[0].localeCompare(b[0]) : b[0].localeCompare(a[0])),
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]));
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 });

/** RFC 8785 writes -0 as 0, so a round trip gives back +0 wherever the value held -0. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  return value;
}

describe('canonical JSON (RFC 8785)', () => {
  it('matches the RFC 8785 examples for key order, numbers and escapes', () => {
    expect(canonicalJson({ b: 2, a: 1, c: { z: [3, 2, 1], y: null } })).toBe('{"a":1,"b":2,"c":{"y":null,"z":[3,2,1]}}');
    // The RFC's own example number has more digits than a double holds; that is the point.
    // eslint-disable-next-line no-loss-of-precision
    expect(canonicalJson({ numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000001, 1e-7] })).toBe(
      '{"numbers":[333333333.3333333,1e+30,4.5,0.002,0.000001,1e-7]}',
    );
    expect(canonicalJson({ string: '€$\u000f\nA\'B"\\\\"/' })).toBe('{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    // Keys sort by UTF-16 code units, so CJK keys come after ASCII ones.
    expect(canonicalJson({ 名稱: 1, name: 2 })).toBe('{"name":2,"名稱":1}');
    // Negative zero is written as 0 (RFC 8785 section 3.2.2.3), so -0 and 0 hash alike.
    expect(canonicalJson({ x: -0, y: [-0] })).toBe('{"x":0,"y":[0]}');
  });

  it('writes exactly what the reference RFC 8785 implementation writes, unicode keys and strings included', () => {
    const value = fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' });
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === canonicalize(v)),
      { seed: 16, numRuns: 2000 },
    );
    const keys = { '\u{1F600}': 1, '\uFFFD': 2, é: 3, Z: 4, a: [{ '': null, ' ': true }], '10': -0, '9': 1e21, '1': 5e-7 };
    expect(canonicalJson(keys)).toBe(canonicalize(keys));
    // A lone surrogate has no UTF-8 form: refused, in a value or in a key.
    expect(() => canonicalJson({ a: 'x\uD800' })).toThrow(/surrogate/i);
    expect(() => canonicalJson({ ['\uDC00']: 1 })).toThrow(/surrogate/i);
  });

  it('gives the same text whatever order the keys were built in', () => {
    fc.assert(fc.property(json, fc.nat(1000), (value, seed) => canonicalJson(shuffleKeys(value, seed)) === canonicalJson(value)));
  });

  it('round-trips: parsing the canonical text gives back an equal value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(json, (value) => {
        const once = canonicalJson(value);
        return canonicalJson(JSON.parse(once)) === once;
      }),
    );
  });

  it('refuses values a hash must not silently drop: undefined, NaN, Infinity, class instances', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(CanonicalFormError);
    expect(() => canonicalJson({ total: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/non-plain object/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
  });
});
