// The wire format between terminal and HQ. Adversarial HQ payloads on the terminal side: whatever
// HQ (or something pretending to be it) answers, the client's schemas either accept a well-formed
// value or refuse; they never throw anything else, and master-data records are checked per
// section before anything is applied. Request signatures: a fixed text, exact, domain-separated.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ackSchema,
  errorResponseSchema,
  masterDataPageSchema,
  parseMasterDataRecord,
  MASTER_DATA_KINDS,
  masterDataKey,
  productRecordSchema,
  REQUEST_SIGNATURE_CONTEXT,
  requestSigningBytes,
  sha256Hex,
  signRequest,
  verifyRequestSignature,
  HEADERS,
  type SignedRequestParts,
} from '../../../platform/hq-protocol.ts';
import { signatureMessage } from '../../../core/ledger/entry.ts';
import { fromUtf8 } from '../../../core/ledger/bytes.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { newSigner } from '../../helpers/ledger.ts';

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
    const product = {
      productId: 'p',
      sku: 's',
      name: 'n',
      names: {},
      department: 'd',
      taxClass: 't',
      unit: 'each',
      prices: { retail: 100 },
      barcodes: [],
      active: true,
      itemCode: null,
    };
    expect(productRecordSchema.safeParse(product).success).toBe(true);
    expect(productRecordSchema.safeParse({ ...product, prices: { member: 1 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, prices: { retail: -1 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, prices: { retail: 1.5 } }).success).toBe(false);
    expect(productRecordSchema.safeParse({ ...product, unit: 'litre' }).success).toBe(false);
    expect(masterDataKey('product', product as never)).toBe('p');
    expect(() =>
      parseMasterDataRecord('member', {
        memberId: 'm',
        name: 'M',
        tier: 'member',
        tokenSecret: 'lowercase-not-b32',
        cardNumbers: [],
        email: null,
        active: true,
      }),
    ).toThrow();
  });
});

const signer = newSigner();
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function partsOf(headers: Record<string, string>, method: string, path: string, bodySha256: string): SignedRequestParts {
  return {
    method,
    path,
    terminalId: headers[HEADERS.terminal]!,
    keyId: headers[HEADERS.keyId]!,
    timestamp: headers[HEADERS.timestamp]!,
    nonce: headers[HEADERS.nonce]!,
    bodySha256,
  };
}

describe('request signatures', () => {
  it('sign a fixed, documented text: context, NUL, then one field per line', () => {
    const bytes = requestSigningBytes({
      method: 'GET',
      path: '/v1/master-data?since=3',
      terminalId: 'T-1',
      keyId: '0123456789abcdef',
      timestamp: '1790000000000',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
      bodySha256: EMPTY_SHA,
    });
    expect(fromUtf8(bytes)).toBe(
      `${REQUEST_SIGNATURE_CONTEXT}\u0000GET\n/v1/master-data?since=3\nT-1\n0123456789abcdef\n1790000000000\nAAAAAAAAAAAAAAAAAAAAAA\n${EMPTY_SHA}`,
    );
  });

  it('verify only the exact request: any field changed breaks the signature', () => {
    const headers = signRequest(signer, {
      method: 'POST',
      path: '/v1/terminals/T-1/entries',
      terminalId: 'T-1',
      body: '{"entries":[]}',
      timestampMs: 1_790_000_000_000,
      nonce: 'n0123456789abcdefghij',
    });
    const actual = partsOf(headers, 'POST', '/v1/terminals/T-1/entries', sha256Hex('{"entries":[]}'));
    expect(verifyRequestSignature(nodeLedgerCrypto, signer.publicKey, actual, headers[HEADERS.signature]!)).toBe(true);
    const variants: Array<Partial<SignedRequestParts>> = [
      { method: 'PUT' },
      { path: '/v1/terminals/T-2/entries' },
      { terminalId: 'T-2' },
      { timestamp: '1790000000001' },
      { nonce: 'n0123456789abcdefghik' },
      { bodySha256: EMPTY_SHA },
    ];
    for (const v of variants)
      expect(verifyRequestSignature(nodeLedgerCrypto, signer.publicKey, { ...actual, ...v }, headers[HEADERS.signature]!)).toBe(false);
    expect(verifyRequestSignature(nodeLedgerCrypto, newSigner().publicKey, actual, headers[HEADERS.signature]!)).toBe(false);
  });

  it('refuse fields that could make two requests sign the same text (line breaks, spaces)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('path', 'terminalId', 'nonce', 'timestamp'), (junk, field) => {
        const base = {
          method: 'GET',
          path: '/x',
          terminalId: 'T-1',
          keyId: '0123456789abcdef',
          timestamp: '1',
          nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
          bodySha256: EMPTY_SHA,
        };
        const withBreak = { ...base, [field]: `${junk}\n${junk}` };
        expect(() => requestSigningBytes(withBreak)).toThrow();
      }),
    );
  });

  it('are domain-separated from ledger entry signatures made with the same key', () => {
    const hash = 'a'.repeat(64);
    const ledgerSig = signer.sign(signatureMessage(hash));
    const parts = {
      method: 'GET',
      path: '/x',
      terminalId: 'T-1',
      keyId: signer.keyId,
      timestamp: '1',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
      bodySha256: hash,
    };
    expect(verifyRequestSignature(nodeLedgerCrypto, signer.publicKey, parts, Buffer.from(ledgerSig).toString('base64'))).toBe(false);
  });
});
