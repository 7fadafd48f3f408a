// Adversarial HQ payloads on the terminal side: whatever HQ (or something pretending to be it)
// answers, the client's schemas either accept a well-formed value or refuse; they never throw
// anything else, and master-data records are checked per section before anything is applied.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ackSchema, errorResponseSchema, masterDataPageSchema, parseMasterDataRecord, MASTER_DATA_KINDS, masterDataKey, productRecordSchema } from '../../../platform/hq-protocol.ts';

describe('HQ answers as the terminal parses them', () => {
  it('never throw on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        for (const schema of [ackSchema, masterDataPageSchema, errorResponseSchema]) expect(() => schema.safeParse(v)).not.toThrow();
        for (const section of MASTER_DATA_KINDS) {
          try {
            parseMasterDataRecord(section, v);
          } catch (e) {
            expect((e as Error).name).toBe('ZodError');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuse impossible acknowledgements and records', () => {
    expect(ackSchema.safeParse({ terminalId: 'T', ackSeq: -1, ackHash: null, stored: 0, duplicates: 0, gap: null }).success).toBe(false);
    expect(ackSchema.safeParse({ terminalId: 'T', ackSeq: 1.5, ackHash: null, stored: 0, duplicates: 0, gap: null }).success).toBe(false);
    const product = { productId: 'p', sku: 's', name: 'n', names: {}, department: 'd', taxClass: 't', unit: 'each', prices: { retail: 100 }, barcodes: [], active: true, itemCode: null };
    expect(productRecordSchema.safeParse(product).success).toBe(true);
    expect(productRecordSchema.safeParse({ ...product, prices: { member: 1 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, prices: { retail: -1 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, prices: { retail: 1.5 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, unit: 'litre' }).success).toBe(false);
    expect(masterDataKey('product', product as never)).toBe('p');
    expect(() => parseMasterDataRecord('member', { memberId: 'm', name: 'M', tier: 'member', tokenSecret: 'lowercase-not-b32', cardNumbers: [], email: null, active: true })).toThrow();
  });
});
