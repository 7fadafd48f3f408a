import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { canonicalJson } from '../../../../core/ledger/canonical.ts';
import fc from 'fast-check';
import { sealEntry, genesisPrevHash, entryHash, type LedgerEntry } from '../../../../core/ledger/entry.ts';
import { ChainVerifier, verifyEntries } from '../../../../core/ledger/verify.ts';
import { toBase64 } from '../../../../core/ledger/bytes.ts';
import type { JsonValue } from '../../../../core/ledger/canonical.ts';
import type { Signer } from '../../../../core/ports/crypto.ts';
import { nodeLedgerCrypto as crypto } from '../../../../platform/node-crypto.ts';
import { newSigner } from '../../../helpers/ledger.ts';

const terminalId = 'T-001';

function genesis(signer: Signer): LedgerEntry {
  return sealEntry(
    crypto,
    signer,
    {
      kind: 'ledger-opened',
      businessDay: '2026-11-20',
      startedAt: '2026-11-20T08:00:00.000Z',
      endedAt: '2026-11-20T08:00:00.000Z',
      operatorId: null,
      body: {
        terminalId,
        storeId: 'S-1',
        algorithm: 'Ed25519',
        publicKey: toBase64(signer.publicKey),
        keyId: signer.keyId,
        software: 'test',
      },
    },
    { terminalId, seq: 1, prevHash: genesisPrevHash(crypto, terminalId) },
  );
}

function buildChain(signer: Signer, bodies: JsonValue[]): LedgerEntry[] {
  const chain = [genesis(signer)];
  for (const body of bodies) {
    const prev = chain.at(-1)!;
    chain.push(
      sealEntry(
        crypto,
        signer,
        {
          kind: 'no-sale',
          businessDay: '2026-11-20',
          startedAt: '2026-11-20T09:00:00.000Z',
          endedAt: '2026-11-20T09:00:01.000Z',
          operatorId: 'staff-1',
          body,
        },
        { terminalId, seq: prev.seq + 1, prevHash: prev.hash },
      ),
    );
  }
  return chain;
}

const signer = newSigner();
const bodies = fc.array(fc.record({ reason: fc.string({ maxLength: 40 }) }), { minLength: 1, maxLength: 12 });

describe('hash chain and signatures', () => {
  it('a chain the terminal wrote verifies, and names its keys and last hash', () => {
    fc.assert(
      fc.property(bodies, (bs) => {
        const chain = buildChain(signer, bs);
        const result = verifyEntries(crypto, chain);
        expect(result).toMatchObject({
          ok: true,
          entries: chain.length,
          lastSeq: chain.length,
          lastHash: chain.at(-1)!.hash,
          keyIds: [signer.keyId],
          keySource: 'embedded',
        });
      }),
      { numRuns: 30 },
    );
  });

  it('follows the published format: first entry chains from SHA-256(terminal id), hash and signature recomputable with plain node:crypto', () => {
    const [first] = buildChain(signer, []);
    expect(first!.prevHash).toBe(createHash('sha256').update(terminalId, 'utf8').digest('hex'));
    // hash = SHA-256(prev_hash bytes || canonical bytes), recomputed here without our helpers.
    const { hash: _h, signature: _s, ...unsigned } = first!;
    const canonical = canonicalJson(unsigned);
    expect(first!.hash).toBe(createHash('sha256').update(Buffer.from(first!.prevHash, 'hex')).update(canonical, 'utf8').digest('hex'));
    expect(
      cryptoVerify(
        null,
        Buffer.concat([Buffer.from('tillproof/ledger-entry/v1\0'), Buffer.from(first!.hash, 'hex')]),
        createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(signer.publicKey).toString('base64url') }, format: 'jwk' }),
        Buffer.from(first!.signature, 'base64'),
      ),
    ).toBe(true);
  });

  it('changing any field of any entry is caught at that entry', () => {
    fc.assert(
      fc.property(bodies, fc.nat(), fc.constantFrom('body', 'operatorId', 'endedAt', 'kind', 'businessDay'), (bs, pick, field) => {
        const chain = buildChain(signer, bs);
        const i = pick % chain.length;
        const tampered = chain.map((e) => ({ ...e }));
        const victim = tampered[i]!;
        if (field === 'body') victim.body = { ...(victim.body as Record<string, JsonValue>), reason: 'changed' + String(pick) };
        else if (field === 'operatorId') victim.operatorId = 'staff-evil';
        else if (field === 'endedAt') victim.endedAt = '2026-11-21T00:00:00.000Z';
        else if (field === 'kind') victim.kind = victim.kind === 'sale' ? 'no-sale' : 'sale';
        else victim.businessDay = '2026-11-19';
        const result = verifyEntries(crypto, tampered);
        expect(result).toMatchObject({ ok: false, seq: i + 1, reason: 'hash-mismatch' });
      }),
      { numRuns: 50 },
    );
  });

  it('re-hashing a changed entry without the key breaks its signature; re-linking the next entry breaks the chain there', () => {
    const chain = buildChain(signer, [{ reason: 'a' }, { reason: 'b' }, { reason: 'c' }]);
    const forged = { ...chain[2]!, body: { reason: 'hidden' } };
    forged.hash = entryHash(crypto, forged);
    const result = verifyEntries(crypto, [chain[0]!, chain[1]!, forged, chain[3]!]);
    expect(result).toMatchObject({ ok: false, seq: 3, reason: 'bad-signature' });
  });

  it('a missing entry is named by its seq', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), (n) => {
        const chain = buildChain(
          signer,
          Array.from({ length: n }, (_, k) => ({ reason: `r${k}` })),
        );
        const drop = 1 + (n % (chain.length - 1));
        const result = verifyEntries(
          crypto,
          chain.filter((_, k) => k !== drop),
        );
        expect(result).toMatchObject({ ok: false, seq: drop + 1, reason: 'seq-gap' });
      }),
      { numRuns: 20 },
    );
  });

  it('a chain signed by another key fails against a trusted key held outside the ledger', () => {
    const other = newSigner();
    const chain = buildChain(other, [{ reason: 'x' }]);
    expect(verifyEntries(crypto, chain)).toMatchObject({ ok: true, keySource: 'embedded' });
    expect(verifyEntries(crypto, chain, { trustedPublicKey: signer.publicKey })).toMatchObject({
      ok: false,
      seq: 1,
      reason: 'untrusted-key',
    });
    expect(verifyEntries(crypto, buildChain(signer, [{ reason: 'x' }]), { trustedPublicKey: signer.publicKey })).toMatchObject({
      ok: true,
      keySource: 'external',
    });
  });

  it('resumes verification from a saved state, as HQ does batch by batch', () => {
    const chain = buildChain(
      signer,
      Array.from({ length: 9 }, (_, k) => ({ reason: `r${k}` })),
    );
    const first = new ChainVerifier(crypto);
    for (const e of chain.slice(0, 4)) expect(first.push(e)).toBeNull();
    const state = first.state;
    const second = new ChainVerifier(crypto, {
      terminalId,
      resumeFrom: { seq: state.seq, hash: state.hash!, activeKeyId: state.activeKeyId!, publicKeys: state.publicKeys },
    });
    for (const e of chain.slice(4)) expect(second.push(e)).toBeNull();
    expect(second.finish()).toMatchObject({ ok: true, lastSeq: 10 });
    // A batch that skips ahead is refused with the first missing seq.
    const third = new ChainVerifier(crypto, {
      terminalId,
      resumeFrom: { seq: state.seq, hash: state.hash!, activeKeyId: state.activeKeyId!, publicKeys: state.publicKeys },
    });
    expect(third.push(chain[6]!)).toMatchObject({ seq: 5, reason: 'seq-gap' });
  });

  it('an entry added to a business day after its Z report is refused', () => {
    const chain = buildChain(signer, [{ reason: 'a' }]);
    const prev = chain.at(-1)!;
    const z = sealEntry(
      crypto,
      signer,
      {
        kind: 'z-report',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T22:00:00.000Z',
        endedAt: '2026-11-20T22:00:00.000Z',
        operatorId: 'mgr',
        body: { zNo: 1, businessDay: '2026-11-20', firstSeq: 1, lastSeq: 2, lastHash: prev.hash, totals: {} },
      },
      { terminalId, seq: 3, prevHash: prev.hash },
    );
    const late = sealEntry(
      crypto,
      signer,
      {
        kind: 'no-sale',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T23:00:00.000Z',
        endedAt: '2026-11-20T23:00:00.000Z',
        operatorId: 'staff-1',
        body: { reason: 'late' },
      },
      { terminalId, seq: 4, prevHash: z.hash },
    );
    expect(verifyEntries(crypto, [...chain, z, late])).toMatchObject({ ok: false, seq: 4, reason: 'sealed-day' });
  });
});
