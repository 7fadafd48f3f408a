import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  signReceiptQr,
  verifyReceiptQr,
  parseReceiptQr,
  receiptQrForCustomer,
  receiptQrPayload,
} from '../../../../core/receipts/receipt-qr.ts';
import { nodeLedgerCrypto as crypto } from '../../../../platform/node-crypto.ts';
import { newSigner } from '../../../helpers/ledger.ts';

const signer = newSigner();
const claim = {
  terminalId: 'T-001',
  receiptNo: 1234,
  kind: 'sale' as const,
  issuedAt: '2026-11-20T10:15:30.123Z',
  total: 12345,
  currency: 'TWD',
  keyId: signer.keyId,
};

describe('receipt QR', () => {
  it('round-trips: anyone with the public key can verify it offline', () => {
    const qr = signReceiptQr(signer, claim);
    expect(qr).toMatch(/^TPR1;T=T-001;N=1234;K=sale;D=20261120T101530Z;A=12345;C=TWD;I=[0-9a-f]{16};S=[A-Za-z0-9_-]{86}$/);
    expect(verifyReceiptQr(crypto, signer.publicKey, signer.keyId, qr)).toEqual({
      ok: true,
      claim: { ...claim, issuedAt: '2026-11-20T10:15:30Z' },
    });
  });

  it('fails when the total (or anything else) was changed', () => {
    const qr = signReceiptQr(signer, claim);
    expect(verifyReceiptQr(crypto, signer.publicKey, signer.keyId, qr.replace('A=12345', 'A=1234'))).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyReceiptQr(crypto, signer.publicKey, signer.keyId, qr.replace('N=1234', 'N=1235'))).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('fails against another terminal key, and on text that is not a receipt code', () => {
    const other = newSigner();
    const qr = signReceiptQr(signer, claim);
    expect(verifyReceiptQr(crypto, other.publicKey, null, qr)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyReceiptQr(crypto, other.publicKey, other.keyId, qr)).toMatchObject({ ok: false, reason: 'wrong-key' });
    for (const junk of ['', 'hello', '4710000000001', qr.slice(0, -3), `${qr};X=1`])
      expect(verifyReceiptQr(crypto, signer.publicKey, null, junk)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('any single-character change to a signed code is caught', () => {
    const qr = signReceiptQr(signer, claim);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: qr.length - 1 }), fc.constantFrom('0', '7', 'A', 'z', '-'), (i, ch) => {
        if (qr[i] === ch) return;
        const changed = qr.slice(0, i) + ch + qr.slice(i + 1);
        const r = verifyReceiptQr(crypto, signer.publicKey, null, changed);
        // Either not parseable or not genuine; never accepted with a different claim.
        if (r.ok) expect(parseReceiptQr(changed)!.claim).toEqual(parseReceiptQr(qr)!.claim);
      }),
      { numRuns: 300 },
    );
  });

  it("is a link to HQ's readable receipt when the till has HQ, the bare code without; both verify offline", () => {
    const qr = signReceiptQr(signer, claim);
    expect(receiptQrForCustomer(qr, null)).toBe(qr);
    expect(receiptQrForCustomer(qr, undefined)).toBe(qr);
    const link = receiptQrForCustomer(qr, 'https://hq.example.com/');
    expect(link).toBe(`https://hq.example.com/r?q=${encodeURIComponent(qr)}`);
    expect(new URL(link).searchParams.get('q')).toBe(qr);
    expect(receiptQrPayload(link)).toBe(qr);
    expect(receiptQrPayload(`  ${qr}\n`)).toBe(qr);
    expect(verifyReceiptQr(crypto, signer.publicKey, signer.keyId, link)).toMatchObject({ ok: true });
    expect(parseReceiptQr(link)?.claim.receiptNo).toBe(1234);
    // A link with no code, a broken URL, or a tampered code inside the link: not genuine.
    expect(receiptQrPayload('https://hq.example.com/r')).toBe('');
    expect(receiptQrPayload('https://[bad')).toBe('');
    expect(parseReceiptQr('https://hq.example.com/r?q=nonsense')).toBeNull();
    const tampered = receiptQrForCustomer(qr.replace('A=12345', 'A=12346'), 'https://hq.example.com');
    expect(verifyReceiptQr(crypto, signer.publicKey, signer.keyId, tampered)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});
