import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../../../core/ledger/canonical.ts';
import { canonicalEntryText, canonicalText, type UnsignedEntry } from '../../../../core/ledger/entry.ts';

/** What canonicalJson gives, or the class and message of what it throws. */
function outcome(f: () => string): { text: string } | { error: string } {
  try {
    return { text: f() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

/** Any string, lone surrogates included (canonicalJson refuses those). */
const anyString = fc.string({ unit: 'binary', maxLength: 8 });
const anyJson = fc.jsonValue({ maxDepth: 4 });
const anyJsonWithOddStrings = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(anyString, fc.nat(20).map(String)), tie('value'), { maxKeys: 5 }),
})).value;

function nest(depth: number): unknown {
  let v: unknown = { b: 1, a: [2] };
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

describe('canonicalText: canonicalJson without re-sorting what is in canonical order', () => {
  it("gives canonicalJson's text for any JSON value, in built order and read back from canonical text", () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(canonicalText(value)).toBe(canonicalJson(value));
        const readBack: unknown = JSON.parse(canonicalJson(value));
        expect(canonicalText(readBack)).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same text or the same refusal with integer-like keys and lone surrogates', () => {
    fc.assert(
      fc.property(anyJsonWithOddStrings, (value) => {
        expect(outcome(() => canonicalText(value))).toEqual(outcome(() => canonicalJson(value)));
      }),
      { numRuns: 500 },
    );
    // V8 puts integer-like keys first in ascending numeric order: "2" before "10", which RFC 8785 sorts after.
    const parsed: unknown = JSON.parse('{"10":1,"2":2,"b":3}');
    expect(canonicalText(parsed)).toBe('{"10":1,"2":2,"b":3}');
    expect(outcome(() => canonicalText({ a: 'x\ud800' }))).toEqual(outcome(() => canonicalJson({ a: 'x\ud800' })));
    expect(outcome(() => canonicalText({ '\udc00': 1 }))).toEqual(outcome(() => canonicalJson({ '\udc00': 1 })));
    expect(canonicalText({ a: '\\ud800' })).toBe(canonicalJson({ a: '\\ud800' }));
  });

  it('refuses what canonicalJson refuses, with the same error', () => {
    const fn = (): void => {};
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    for (const value of [
      { a: undefined },
      { total: Number.NaN },
      [Number.POSITIVE_INFINITY],
      { at: new Date(0) },
      { n: 10n },
      { f: fn },
      { toJSON: fn },
      [Symbol('s')],
      sparse,
      Object.create({ inherited: 1 }) as unknown,
    ]) {
      expect(outcome(() => canonicalText(value))).toEqual(outcome(() => canonicalJson(value)));
    }
  });

  it('takes the general path for deep values rather than overflowing', () => {
    for (const depth of [10, 64, 65, 200, 2_000])
      expect(outcome(() => canonicalText(nest(depth)))).toEqual(outcome(() => canonicalJson(nest(depth))));
  });

  it('writes the envelope as canonicalJson does, also for fields that are not what the format says', () => {
    const entry: UnsignedEntry = {
      v: 1,
      terminalId: 'T-1',
      seq: 3,
      kind: 'sale',
      businessDay: '2026-11-20',
      startedAt: '2026-11-20T10:00:00.000Z',
      endedAt: '2026-11-20T10:00:05.000Z',
      operatorId: null,
      body: { total: 100, lines: [{ sku: 'A', qty: 1 }] },
      prevHash: 'a'.repeat(64),
      keyId: '0123456789abcdef',
    };
    expect(canonicalEntryText(entry)).toBe(canonicalJson(entry));
    const odd = { ...entry, operatorId: { z: 1, a: 'x' }, seq: -0 } as unknown as UnsignedEntry;
    expect(canonicalEntryText(odd)).toBe(canonicalJson(odd));
    const bad = { ...entry, operatorId: undefined, seq: Number.NaN } as unknown as UnsignedEntry;
    expect(outcome(() => canonicalEntryText(bad))).toEqual(
      outcome(() => canonicalJson({ v: 1, terminalId: 'T-1', seq: Number.NaN, operatorId: undefined })),
    );
  });
});
