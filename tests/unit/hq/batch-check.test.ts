import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchShapeProblem, checkBatch, copyField, type BatchCheckInput, type ChainState } from '../../../hq/batch-check.ts';
import { entriesBatchSchema } from '../../../platform/hq-protocol.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { toBase64 } from '../../../core/ledger/bytes.ts';
import { entryHash, sealEntry, type LedgerEntry } from '../../../core/ledger/entry.ts';
import { canonicalJson } from '../../../core/ledger/canonical.ts';
import { newSigner } from '../../helpers/ledger.ts';
import { buildChain } from '../../helpers/hq.ts';

const signer = newSigner();
const chain = buildChain('T1', signer, 40);
const genesis: ChainState = { headSeq: 0, headHash: null, resume: null };

function input(entries: unknown[], state: ChainState = genesis, terminalId = 'T1'): BatchCheckInput {
  return { terminalId, body: JSON.stringify({ entries }), chain: state, genesisPublicKey: toBase64(signer.publicKey), currency: 'TWD' };
}

/** The chain state HQ persists after accepting entries 1..n. */
function stateAfter(n: number): ChainState {
  const r = checkBatch(nodeLedgerCrypto, input(chain.slice(0, n)));
  if (!r.ok || !r.fresh) throw new Error('setup');
  return { headSeq: n, headHash: r.fresh.lastHash, resume: r.fresh.resume };
}

describe('checkBatch', () => {
  it('verifies a chain from genesis and prepares COPY rows, partitions and report deltas', () => {
    const r = checkBatch(nodeLedgerCrypto, input(chain.slice(0, 10)));
    expect(r.ok).toBe(true);
    if (!r.ok || !r.fresh) return;
    expect(r.fresh).toMatchObject({ count: 10, firstSeq: 1, lastSeq: 10, lastHash: chain[9]!.hash, months: ['2026-11-01'] });
    expect(r.fresh.copy.split('\n').filter(Boolean)).toHaveLength(10);
    expect(r.fresh.resume.seq).toBe(10);
    expect(r.fresh.sales).toEqual([expect.objectContaining({ businessDay: '2026-11-20', currency: 'TWD', salesCount: 9 })]);
  });

  it('resumes from the persisted state batch by batch (ChainVerifier resumeFrom)', () => {
    const r = checkBatch(nodeLedgerCrypto, input(chain.slice(10, 25), stateAfter(10)));
    expect(r.ok && r.fresh?.lastSeq).toBe(25);
  });

  it('acknowledges entries HQ already holds as duplicates without storing them', () => {
    const r = checkBatch(nodeLedgerCrypto, input(chain.slice(5, 15), stateAfter(10)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.duplicates.seqs).toEqual([6, 7, 8, 9, 10]);
    expect(r.fresh?.firstSeq).toBe(11);
  });

  it('reports a gap and stores nothing after it', () => {
    const r = checkBatch(nodeLedgerCrypto, input(chain.slice(20, 30), stateAfter(10)));
    expect(r).toMatchObject({ ok: true, gap: { from: 11, to: 20 }, fresh: null });
  });

  it('refuses an edited entry (hash kept) as tampered', () => {
    const edited = chain.slice(0, 5).map((e) => ({ ...e }));
    edited[3] = { ...edited[3]!, body: { ...(edited[3]!.body as object), total: 1 } };
    expect(checkBatch(nodeLedgerCrypto, input(edited))).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 4,
      reason: 'hash-mismatch',
    });
  });

  it('refuses an edited duplicate as tampered, even when it claims the stored hash', () => {
    const edited = chain.slice(0, 5).map((e) => ({ ...e }));
    edited[2] = { ...edited[2]!, operatorId: 'someone-else' };
    expect(checkBatch(nodeLedgerCrypto, input(edited, stateAfter(5)))).toMatchObject({ ok: false, code: 'ingest.tampered', seq: 3 });
  });

  it('takes bodies as a terminal sends them (read back from canonical text) or in any key order, and stores the canonical text', () => {
    const asSent = chain.slice(0, 6).map((e) => ({ ...e, body: JSON.parse(canonicalJson(e.body)) as unknown }));
    const bodyColumn = (r: ReturnType<typeof checkBatch>): string[] =>
      r.ok && r.fresh
        ? r.fresh.copy
            .split('\n')
            .filter(Boolean)
            .map((row) => row.split('\t')[8]!)
        : [];
    const sent = checkBatch(nodeLedgerCrypto, input(asSent));
    expect(sent).toMatchObject({ ok: true, fresh: { count: 6 } });
    expect(bodyColumn(sent)).toEqual(chain.slice(0, 6).map((e) => copyField(canonicalJson(e.body))));
    // The same values with keys in another order and with whitespace: the same hashes, the same rows.
    const reordered = `{"entries":[${chain
      .slice(0, 6)
      .map((e) => JSON.stringify(e, null, 1))
      .join(',')}]}`;
    const r = checkBatch(nodeLedgerCrypto, { ...input([]), body: reordered });
    expect(bodyColumn(r)).toEqual(bodyColumn(sent));
    // Edited in canonical order, or given a duplicate key whose last value differs: tampered.
    const edited = asSent.map((e) => ({ ...e }));
    edited[4] = { ...edited[4]!, body: { ...(edited[4]!.body as object), total: 1 } };
    expect(checkBatch(nodeLedgerCrypto, input(edited))).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 5,
      reason: 'hash-mismatch',
    });
    const json = JSON.stringify({ entries: asSent });
    const at = json.indexOf('"body":{', json.indexOf('"seq":3,')) + '"body":{'.length;
    const duplicated = `${json.slice(0, at)}"total":1,${json.slice(at).replace(/"total":(\d+)/, '"total":$1,"total":2')}`;
    expect(checkBatch(nodeLedgerCrypto, { ...input([]), body: duplicated })).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 3,
      reason: 'hash-mismatch',
    });
    // A lone surrogate has no canonical form: refused, as before.
    const surrogate = json.replace('"currency":"TWD"', '"currency":"TWD\\ud800"');
    expect(checkBatch(nodeLedgerCrypto, { ...input([]), body: surrogate })).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 2,
      reason: 'malformed-entry',
    });
  });

  it('refuses a batch with an entry changed and every hash after it recomputed: its last signature no longer verifies', () => {
    // What a forger without the terminal key can do: edit a sale in the middle of a batch and
    // recompute the chain after it, keeping the signatures. HQ checks signatures at the anchors
    // only (the batch's last entry), and that one is enough.
    const forged = chain.slice(10, 20).map((e) => ({ ...e }));
    forged[4] = { ...forged[4]!, body: { ...(forged[4]!.body as object), total: 1 } };
    for (let k = 4; k < forged.length; k++) {
      if (k > 4) forged[k]!.prevHash = forged[k - 1]!.hash;
      forged[k]!.hash = entryHash(nodeLedgerCrypto, forged[k]!);
    }
    expect(checkBatch(nodeLedgerCrypto, input(forged, stateAfter(10)))).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 20,
      reason: 'bad-signature',
    });
    expect(checkBatch(nodeLedgerCrypto, input(chain.slice(10, 20), stateAfter(10)))).toMatchObject({ ok: true, fresh: { lastSeq: 20 } });
  });

  it('refuses an entry signed by someone without the terminal key as tampered (bad signature)', () => {
    const forger = newSigner();
    const impostor = {
      algorithm: 'Ed25519' as const,
      keyId: signer.keyId,
      publicKey: signer.publicKey,
      sign: (m: Uint8Array) => forger.sign(m),
    };
    const forged = sealEntry(nodeLedgerCrypto, impostor, { ...chain[10]! }, { terminalId: 'T1', seq: 11, prevHash: chain[9]!.hash });
    expect(checkBatch(nodeLedgerCrypto, input([forged], stateAfter(10)))).toMatchObject({
      ok: false,
      code: 'ingest.tampered',
      seq: 11,
      reason: 'bad-signature',
    });
  });

  it('classifies a validly signed entry that does not link to what HQ holds as a fork', () => {
    // Same key, a different history (what a ledger restored from backup and written again looks like).
    const forkState = stateAfter(9);
    const other = buildChain('T1', signer, 10, { day: '2026-11-22' });
    const fork = checkBatch(nodeLedgerCrypto, input([other[9]!], forkState));
    expect(fork).toMatchObject({ ok: false, code: 'ingest.fork', seq: 10 });
    expect(checkBatch(nodeLedgerCrypto, input([other[8]!], forkState))).toMatchObject({ ok: false, code: 'ingest.fork', seq: 9 });
  });

  it('refuses another terminal’s entries: a terminal writes only its own ledger', () => {
    const other = buildChain('T2', signer, 3);
    expect(checkBatch(nodeLedgerCrypto, input(other))).toMatchObject({ ok: false, code: 'auth.wrong-terminal' });
  });

  it('refuses a ledger opened with a key other than the enrolled genesis key', () => {
    const stranger = buildChain('T1', newSigner(), 3);
    expect(checkBatch(nodeLedgerCrypto, input(stranger))).toMatchObject({
      ok: false,
      code: 'ingest.chain-broken',
      reason: 'untrusted-key',
    });
  });

  it('refuses malformed batches: not JSON, wrong shape, not consecutive, impossible business day', () => {
    expect(checkBatch(nodeLedgerCrypto, { ...input([]), body: '{"entries": [' })).toMatchObject({
      ok: false,
      code: 'ingest.malformed',
      reason: 'not-json',
    });
    expect(checkBatch(nodeLedgerCrypto, input([]))).toMatchObject({ ok: false, code: 'ingest.malformed', reason: 'shape' });
    expect(checkBatch(nodeLedgerCrypto, input([{ ...chain[0], extra: 1 }]))).toMatchObject({ ok: false, code: 'ingest.malformed' });
    expect(checkBatch(nodeLedgerCrypto, input([chain[0], chain[2]]))).toMatchObject({
      ok: false,
      code: 'ingest.malformed',
      reason: 'not-consecutive',
    });
    expect(checkBatch(nodeLedgerCrypto, input([{ ...chain[0]!, businessDay: '2026-02-30' }]))).toMatchObject({
      ok: false,
      code: 'ingest.malformed',
      reason: 'business-day',
    });
  });

  it('never throws on adversarial input: any JSON or bytes is either accepted or refused with a code', () => {
    const mutate = fc.record({
      index: fc.integer({ min: 0, max: 9 }),
      field: fc.constantFrom<keyof LedgerEntry>(
        'v',
        'terminalId',
        'seq',
        'kind',
        'businessDay',
        'startedAt',
        'endedAt',
        'operatorId',
        'body',
        'prevHash',
        'hash',
        'signature',
        'keyId',
      ),
      value: fc.jsonValue(),
    });
    fc.assert(
      fc.property(mutate, ({ index, field, value }) => {
        const entries = chain.slice(0, 10).map((e) => ({ ...e })) as Array<Record<string, unknown>>;
        entries[index]![field] = value;
        const r = checkBatch(nodeLedgerCrypto, input(entries));
        if (!r.ok) expect(r.code).toMatch(/^(ingest|auth)\./);
        else expect(r.fresh?.lastSeq).toBe(10);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = checkBatch(nodeLedgerCrypto, { ...input([]), body: bytes });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('batchShapeProblem', () => {
  it('accepts exactly what the protocol schema (entriesBatchSchema) accepts', () => {
    const valid = JSON.parse(JSON.stringify({ entries: chain.slice(0, 3) })) as { entries: Array<Record<string, unknown>> };
    const mutation = fc.record({
      index: fc.integer({ min: 0, max: 2 }),
      field: fc.constantFrom(
        'v',
        'terminalId',
        'seq',
        'kind',
        'businessDay',
        'startedAt',
        'endedAt',
        'operatorId',
        'body',
        'prevHash',
        'hash',
        'signature',
        'keyId',
        'extra',
      ),
      value: fc.oneof(
        fc.jsonValue(),
        fc.constant(undefined),
        fc.string({ maxLength: 70 }),
        fc.integer(),
        fc.constantFrom('2026-13-01', '2026-02-30', 'a'.repeat(64), '0123456789abcdef', null),
      ),
    });
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
        const batch = structuredClone(valid);
        for (const m of mutations) {
          if (m.value === undefined) delete batch.entries[m.index]![m.field];
          else batch.entries[m.index]![m.field] = m.value;
        }
        // Dates zod's regex lets through but no calendar has are refused later (isCalendarDay).
        expect(batchShapeProblem(batch) === null, JSON.stringify(mutations)).toBe(entriesBatchSchema.safeParse(batch).success);
      }),
      { numRuns: 500 },
    );
    for (const odd of [null, [], 'x', { entries: [] }, { entries: [valid.entries[0]], more: 1 }])
      expect(batchShapeProblem(odd)).not.toBeNull();
  });

  it('takes the till’s report beside the entries when it follows the protocol, as the schema does', () => {
    const entries = JSON.parse(JSON.stringify(chain.slice(0, 1))) as unknown[];
    const report = {
      softwareVersion: 'tillproof/1.0.0',
      devices: [{ kind: 'printer', id: 'p', state: 'error', reason: 'paper-out' }],
      backlog: 4,
    };
    for (const r of [report, { ...report, backlog: -1 }, { ...report, devices: [{ kind: 'printer' }] }, { ...report, extra: 1 }, null]) {
      const batch = { entries, report: r };
      expect(batchShapeProblem(batch) === null, JSON.stringify(r)).toBe(entriesBatchSchema.safeParse(batch).success);
    }
    expect(batchShapeProblem({ entries, report })).toBeNull();
  });
});

describe('copyField', () => {
  it('escapes exactly what COPY text format needs', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('plain 烏龍')).toBe('plain 烏龍');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
