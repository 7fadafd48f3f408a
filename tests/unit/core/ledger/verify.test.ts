import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { canonicalJson } from '../../../../core/ledger/canonical.ts';
import fc from 'fast-check';
import { sealEntry, genesisPrevHash, entryHash, signatureMessage, type LedgerEntry } from '../../../../core/ledger/entry.ts';
import { ChainVerifier, verifyEntries } from '../../../../core/ledger/verify.ts';
import { toBase64 } from '../../../../core/ledger/bytes.ts';
import type { JsonValue } from '../../../../core/ledger/canonical.ts';
import type { LedgerCrypto, Signer } from '../../../../core/ports/crypto.ts';
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

/** The node crypto, counting Ed25519 verifications. */
function countingCrypto(): { crypto: LedgerCrypto; verified: () => number } {
  let n = 0;
  return {
    crypto: {
      ...crypto,
      verifyEd25519: (publicKey, message, signature) => {
        n++;
        return crypto.verifyEd25519(publicKey, message, signature);
      },
    },
    verified: () => n,
  };
}

function verifyAnchored(entries: LedgerEntry[], c: LedgerCrypto = crypto): ReturnType<ChainVerifier['finish']> {
  const verifier = new ChainVerifier(c, { signatures: 'anchors' });
  for (const e of entries) if (verifier.push(e)) break;
  return verifier.finish();
}

/** Entry `i` replaced by `change(entry)`, re-hashed, and every later entry re-linked and re-hashed; signatures kept. */
function rewrittenFrom(chain: LedgerEntry[], i: number, change: (e: LedgerEntry) => LedgerEntry): LedgerEntry[] {
  const out = chain.map((e) => ({ ...e }));
  for (let k = i; k < out.length; k++) {
    const e = k === i ? change(out[k]!) : out[k]!;
    if (k > 0) e.prevHash = out[k - 1]!.hash;
    e.hash = entryHash(crypto, e);
    out[k] = e;
  }
  return out;
}

function rotation(prev: LedgerEntry, by: Signer, next: Signer): LedgerEntry {
  return sealEntry(
    crypto,
    by,
    {
      kind: 'key-rotation',
      businessDay: '2026-11-20',
      startedAt: '2026-11-20T10:00:00.000Z',
      endedAt: '2026-11-20T10:00:00.000Z',
      operatorId: 'mgr-1',
      body: { algorithm: 'Ed25519', newPublicKey: toBase64(next.publicKey), newKeyId: next.keyId, reason: 'scheduled' },
    },
    { terminalId, seq: prev.seq + 1, prevHash: prev.hash },
  );
}

function noSaleAfter(prev: LedgerEntry, by: Signer, reason: string): LedgerEntry {
  return sealEntry(
    crypto,
    by,
    {
      kind: 'no-sale',
      businessDay: '2026-11-20',
      startedAt: '2026-11-20T11:00:00.000Z',
      endedAt: '2026-11-20T11:00:00.000Z',
      operatorId: 'staff-1',
      body: { reason },
    },
    { terminalId, seq: prev.seq + 1, prevHash: prev.hash },
  );
}

describe("signatures at the anchors (HQ's batch check)", () => {
  it('checks the genesis and the last signature only, and proves the same chains as checking every entry', () => {
    const chain = buildChain(
      signer,
      Array.from({ length: 30 }, (_, k) => ({ reason: `r${k}` })),
    );
    const every = countingCrypto();
    expect(verifyEntries(every.crypto, chain)).toMatchObject({ ok: true, lastSeq: 31 });
    const anchors = countingCrypto();
    expect(verifyAnchored(chain, anchors.crypto)).toMatchObject({ ok: true, lastSeq: 31, lastHash: chain.at(-1)!.hash });
    expect(every.verified()).toBe(31);
    expect(anchors.verified()).toBe(2);
  });

  it('any entry changed and the chain re-hashed after it, signatures kept, is refused: the last signature no longer verifies', () => {
    fc.assert(
      fc.property(bodies, fc.nat(), fc.constantFrom('body', 'operatorId', 'endedAt'), (bs, pick, field) => {
        const chain = buildChain(signer, bs);
        const i = 1 + (pick % (chain.length - 1));
        const forged = rewrittenFrom(chain, i, (e) => {
          if (field === 'body') return { ...e, body: { reason: `${(e.body as { reason: string }).reason}, changed` } };
          if (field === 'operatorId') return { ...e, operatorId: 'staff-evil' };
          return { ...e, endedAt: '2026-11-21T00:00:00.000Z' };
        });
        expect(verifyAnchored(forged)).toMatchObject({ ok: false, seq: chain.length, reason: 'bad-signature' });
      }),
      { numRuns: 50 },
    );
  });

  it('a forged last signature, or a middle signature that is not an Ed25519 signature, is refused', () => {
    const chain = buildChain(signer, [{ reason: 'a' }, { reason: 'b' }, { reason: 'c' }]);
    const stranger = newSigner();
    const lastForged = chain.map((e) => ({ ...e }));
    lastForged[3]!.signature = toBase64(stranger.sign(signatureMessage(lastForged[3]!.hash)));
    expect(verifyAnchored(lastForged)).toMatchObject({ ok: false, seq: 4, reason: 'bad-signature' });
    const garbage = chain.map((e) => ({ ...e }));
    garbage[2]!.signature = 'not a signature';
    expect(verifyAnchored(garbage)).toMatchObject({ ok: false, seq: 3, reason: 'bad-signature' });
  });

  it('checks each key rotation with the key it replaces, and the entries after it with the new key', () => {
    const next = newSigner();
    const chain = buildChain(signer, [{ reason: 'a' }, { reason: 'b' }]);
    const rotated = [...chain, rotation(chain.at(-1)!, signer, next)];
    const after = [...rotated, noSaleAfter(rotated.at(-1)!, next, 'c')];
    after.push(noSaleAfter(after.at(-1)!, next, 'd'));
    const counted = countingCrypto();
    expect(verifyAnchored(after, counted.crypto)).toMatchObject({ ok: true, lastSeq: 6, keyIds: [signer.keyId, next.keyId] });
    expect(counted.verified()).toBe(3);
    // A rotation signed by someone else (claiming the old key id) is refused at the rotation.
    const impostor: Signer = { algorithm: 'Ed25519', keyId: signer.keyId, publicKey: signer.publicKey, sign: (m) => next.sign(m) };
    const forgedRotation = [...chain, rotation(chain.at(-1)!, impostor, next)];
    forgedRotation.push(noSaleAfter(forgedRotation.at(-1)!, next, 'c'));
    expect(verifyAnchored(forgedRotation)).toMatchObject({ ok: false, seq: 4, reason: 'bad-signature' });
  });

  it('batch by batch: each batch is proven by its own last entry before its state is used', () => {
    const chain = buildChain(
      signer,
      Array.from({ length: 9 }, (_, k) => ({ reason: `r${k}` })),
    );
    const first = new ChainVerifier(crypto, { signatures: 'anchors' });
    for (const e of chain.slice(0, 5)) expect(first.push(e)).toBeNull();
    expect(first.anchor()).toBeNull();
    const state = first.state;
    const resumeFrom = { seq: state.seq, hash: state.hash!, activeKeyId: state.activeKeyId!, publicKeys: state.publicKeys };
    const forged = rewrittenFrom(chain, 6, (e) => ({ ...e, body: { reason: 'hidden' } }));
    const second = new ChainVerifier(crypto, { terminalId, signatures: 'anchors', resumeFrom });
    for (const e of forged.slice(5)) expect(second.push(e)).toBeNull();
    expect(second.anchor()).toMatchObject({ seq: 10, reason: 'bad-signature' });
    const honest = new ChainVerifier(crypto, { terminalId, signatures: 'anchors', resumeFrom });
    for (const e of chain.slice(5)) expect(honest.push(e)).toBeNull();
    expect(honest.anchor()).toBeNull();
  });
});
