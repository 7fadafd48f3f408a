// Each attack is refused, recorded as an incident, and leaves nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { signRequest } from '../../../platform/hq-protocol.ts';
import { toBase64 } from '../../../core/ledger/bytes.ts';
import type { Signer } from '../../../core/ports/crypto.ts';
import { sealEntry, type LedgerEntry } from '../../../core/ledger/entry.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { createEnrollmentCode } from '../../../hq/enrollment.ts';
import { enrollWithHq } from '../../../host/sync-runner.ts';
import { newSigner } from '../../helpers/ledger.ts';
import {
  buildChain,
  enroll,
  hqSummary,
  incidentKinds,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  type TestTerminal,
} from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool, {}, { reportTokens: ['report-secret'] });
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

async function enrolled(id: string, sales = 20): Promise<TestTerminal> {
  const t = openTestTerminal(id);
  terminals.push(t);
  sell(t, sales);
  await enroll(hq, t);
  return t;
}

/** A signed request exactly as given (headers can be replayed verbatim). */
function raw(
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: { error?: { code: string }; serverTime?: number } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, hq.url), { method, headers: { ...headers, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signed(signer: Signer, terminalId: string, path: string, body: string, timestampMs = Date.now()) {
  return signRequest(signer, { method: 'POST', path, terminalId, body, timestampMs, nonce: randomBytes(16).toString('base64url') });
}

const entriesPath = (id: string) => `/v1/terminals/${id}/entries`;
const batch = (entries: LedgerEntry[]) => JSON.stringify({ entries });

async function stored(terminalId: string): Promise<number> {
  return (await hqSummary(pool, terminalId)).count;
}

describe('HQ refuses and records', () => {
  it('a batch signed by another terminal’s key', async () => {
    const victim = await enrolled('T-VICTIM');
    const attacker = await enrolled('T-ATTACKER');
    const body = batch([...victim.store.entries()]);
    // Signed with the attacker's key but claiming to be the victim; then as itself on the victim's path.
    const claim = await raw('POST', entriesPath('T-VICTIM'), body, {
      ...signed(attacker.signer, 'T-VICTIM', entriesPath('T-VICTIM'), body),
    });
    expect(claim.status).toBe(401);
    const asItself = await raw('POST', entriesPath('T-VICTIM'), body, signed(attacker.signer, 'T-ATTACKER', entriesPath('T-VICTIM'), body));
    expect(asItself).toMatchObject({ status: 403, json: { error: { code: 'auth.wrong-terminal' } } });
    // Its own path, the victim's entries: a terminal writes only its own ledger.
    const own = await raw('POST', entriesPath('T-ATTACKER'), body, signed(attacker.signer, 'T-ATTACKER', entriesPath('T-ATTACKER'), body));
    expect(own).toMatchObject({ status: 403, json: { error: { code: 'auth.wrong-terminal' } } });
    expect(await stored('T-VICTIM')).toBe(0);
    expect(await stored('T-ATTACKER')).toBe(0);
    expect(await incidentKinds(pool, 'T-VICTIM')).toContain('bad-request-signature');
    expect(await incidentKinds(pool, 'T-ATTACKER')).toEqual(['wrong-terminal', 'wrong-terminal']);
  });

  it('a replayed request (same nonce), and an old one outside the time window', async () => {
    const t = await enrolled('T-REPLAY');
    const entries = [...t.store.entries()];
    const body = batch(entries.slice(0, 5));
    const headers = signed(t.signer, t.terminalId, entriesPath(t.terminalId), body);
    expect((await raw('POST', entriesPath(t.terminalId), body, headers)).status).toBe(200);
    const replay = await raw('POST', entriesPath(t.terminalId), body, headers);
    expect(replay).toMatchObject({ status: 401, json: { error: { code: 'auth.replayed' } } });
    const body2 = batch(entries.slice(5, 10));
    const old = await raw(
      'POST',
      entriesPath(t.terminalId),
      body2,
      signed(t.signer, t.terminalId, entriesPath(t.terminalId), body2, Date.now() - 10 * 60_000),
    );
    expect(old).toMatchObject({ status: 401, json: { error: { code: 'auth.stale' } } });
    expect(typeof old.json.serverTime).toBe('number');
    expect(await stored(t.terminalId)).toBe(5);
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['replayed-request', 'stale-request']);
  });

  it('a tampered entry: the whole batch is refused, valid entries in it included', async () => {
    const t = await enrolled('T-TAMPER');
    const entries = [...t.store.entries()].map((e) => ({ ...e }));
    const sale = entries[7]!;
    entries[7] = { ...sale, body: { ...(sale.body as Record<string, unknown>), total: 1 } };
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    await expect(client.pushEntries({ terminalId: t.terminalId, entries, bytes: 0 })).rejects.toMatchObject({
      code: 'sync.rejected',
      details: { hqCode: 'ingest.tampered', seq: 8 },
    });
    expect(await stored(t.terminalId)).toBe(0);
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['tampered-entry']);
    client.close();
  });

  it('a forked chain (same seq, different hash), both at and past HQ’s head', async () => {
    const t = await enrolled('T-FORK', 30);
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
    // The same key writes a different history (a ledger restored from a backup and sold on).
    const other = buildChain(t.terminalId, t.signer, 40, { day: '2026-11-23' });
    await expect(client.pushEntries({ terminalId: t.terminalId, entries: other.slice(10, 20), bytes: 0 })).rejects.toMatchObject({
      code: 'sync.rejected',
      details: { hqCode: 'ingest.fork' },
    });
    await expect(client.pushEntries({ terminalId: t.terminalId, entries: other.slice(31, 40), bytes: 0 })).rejects.toMatchObject({
      code: 'sync.rejected',
      details: { hqCode: 'ingest.fork', seq: 32 },
    });
    const s = await hqSummary(pool, t.terminalId);
    expect(s).toMatchObject({ count: 31, lastHash: t.store.head().hash });
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['fork', 'fork']);
    client.close();
  });

  it('an unenrolled terminal', async () => {
    const t = openTestTerminal('T-STRANGER');
    terminals.push(t);
    sell(t, 5);
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    await expect(client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 })).rejects.toMatchObject({
      code: 'sync.not-enrolled',
    });
    await expect(client.masterDataSince(0)).rejects.toMatchObject({ code: 'sync.not-enrolled' });
    expect(await stored(t.terminalId)).toBe(0);
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['unenrolled-terminal', 'unenrolled-terminal']);
    client.close();
  });

  it('a reused enrollment code, a code for another terminal, and an unknown code', async () => {
    const a = openTestTerminal('T-ENROLL-A');
    const b = openTestTerminal('T-ENROLL-B');
    terminals.push(a, b);
    const { code } = await createEnrollmentCode(pool, { storeId: 'S-1', terminalId: 'T-ENROLL-A', validHours: 1 });
    await enrollWithHq({ dataDir: a.dataDir, store: a.store, signer: a.signer, hqUrl: hq.url, code });
    // The same terminal and key again (its answer was lost): answered again, no new enrollment.
    await expect(enrollWithHq({ dataDir: a.dataDir, store: a.store, signer: a.signer, hqUrl: hq.url, code })).resolves.toMatchObject({
      terminalId: 'T-ENROLL-A',
    });
    // The code again by another key claiming that terminal id, twice.
    const impostor = { ...b, terminalId: 'T-ENROLL-A' };
    const impostorClient = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-ENROLL-A', signer: impostor.signer });
    await expect(impostorClient.enroll(code, impostor.signer.publicKey)).rejects.toMatchObject({ details: { hqCode: 'enroll.code-used' } });
    await expect(impostorClient.enroll(code, impostor.signer.publicKey)).rejects.toMatchObject({ details: { hqCode: 'enroll.code-used' } });
    const { code: forA } = await createEnrollmentCode(pool, { storeId: 'S-1', terminalId: 'T-ENROLL-A', validHours: 1 });
    await expect(enrollWithHq({ dataDir: b.dataDir, store: b.store, signer: b.signer, hqUrl: hq.url, code: forA })).rejects.toMatchObject({
      details: { hqCode: 'enroll.terminal-mismatch' },
    });
    await expect(
      enrollWithHq({ dataDir: b.dataDir, store: b.store, signer: b.signer, hqUrl: hq.url, code: 'AAAAA-BBBBB-CCCCC-DDDDD' }),
    ).rejects.toMatchObject({ details: { hqCode: 'enroll.invalid-code' } });
    const key = await pool.query('SELECT key_id FROM hq_terminals WHERE terminal_id = $1', ['T-ENROLL-A']);
    expect(key.rows).toEqual([{ key_id: a.signer.keyId }]);
    expect(await pool.query(`SELECT 1 FROM hq_terminals WHERE terminal_id = 'T-ENROLL-B'`)).toMatchObject({ rowCount: 0 });
    expect(await incidentKinds(pool, 'T-ENROLL-A')).toEqual(['enrollment-code-reused', 'enrollment-code-reused']);
    expect(await incidentKinds(pool, 'T-ENROLL-B')).toEqual(['enrollment-refused', 'enrollment-code-invalid']);
    impostorClient.close();
  });

  it('an enrollment request not signed by the key it presents', async () => {
    const t = openTestTerminal('T-ENROLL-C');
    terminals.push(t);
    const { code } = await createEnrollmentCode(pool, { storeId: 'S-1', terminalId: t.terminalId, validHours: 1 });
    const body = JSON.stringify({
      terminalId: t.terminalId,
      code,
      publicKey: toBase64(newSigner().publicKey),
      genesisPublicKey: toBase64(t.signer.publicKey),
    });
    const r = await raw(
      'POST',
      '/v1/enroll',
      body,
      signRequest(t.signer, {
        method: 'POST',
        path: '/v1/enroll',
        terminalId: t.terminalId,
        body,
        timestampMs: Date.now(),
        nonce: randomBytes(16).toString('base64url'),
      }),
    );
    expect(r).toMatchObject({ status: 401, json: { error: { code: 'auth.bad-signature' } } });
    // The code was not spent by the refused attempt.
    await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code });
  });

  it('a client whose clock is off corrects by the time HQ reports, once', async () => {
    const t = await enrolled('T-SKEW', 3);
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer, now: () => Date.now() - 3_600_000 });
    expect(await client.head()).toMatchObject({ ackSeq: 0 });
    expect(Math.round(client.clockOffset / 60_000)).toBe(60);
    client.close();
  });

  it('the report API without the bearer token', async () => {
    const get = (auth?: string) =>
      new Promise<number>((resolve) => {
        http.get(
          new URL('/v1/reports/sales?from=2026-11-01&to=2026-11-30', hq.url),
          { headers: auth ? { authorization: auth } : {} },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
      });
    expect(await get()).toBe(401);
    expect(await get('Bearer wrong')).toBe(401);
    expect(await get('Bearer report-secret')).toBe(200);
  });
});

describe('HQ authenticates a request before it verifies a batch', () => {
  const rotation = (t: TestTerminal, signer: Signer, introduced: Signer, prev: LedgerEntry): LedgerEntry =>
    sealEntry(
      nodeLedgerCrypto,
      signer,
      {
        kind: 'key-rotation',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T03:00:00.000Z',
        endedAt: '2026-11-20T03:00:00.000Z',
        operatorId: 'mgr-1',
        body: { algorithm: 'Ed25519', newPublicKey: toBase64(introduced.publicKey), newKeyId: introduced.keyId, reason: 'stolen?' },
      },
      { terminalId: t.terminalId, seq: prev.seq + 1, prevHash: prev.hash },
    );

  it('a batch claiming a key rotation, signed by a key HQ does not know: refused (incident) without any batch verification', async () => {
    const t = await enrolled('T-FAKE-ROTATION', 2_000);
    const entries = [...t.store.entries()];
    const attacker = newSigner();
    // A rotation to the attacker's key, once signed by the attacker itself and once claiming the
    // terminal's key id (but signed by the attacker): neither endorses the attacker's key.
    const selfSigned = rotation(t, attacker, attacker, entries.at(-1)!);
    const posingAsTerminal = rotation(
      t,
      { algorithm: 'Ed25519', keyId: t.signer.keyId, publicKey: attacker.publicKey, sign: (m) => attacker.sign(m) },
      attacker,
      entries.at(-1)!,
    );
    const before = hq.service.verify.batchesChecked;
    for (const forged of [selfSigned, posingAsTerminal]) {
      const body = batch([...entries, forged]);
      const res = await raw('POST', entriesPath(t.terminalId), body, signed(attacker, t.terminalId, entriesPath(t.terminalId), body));
      expect(res).toMatchObject({ status: 401, json: { error: { code: 'auth.bad-signature' } } });
    }
    expect(hq.service.verify.batchesChecked).toBe(before);
    expect(await stored(t.terminalId)).toBe(0);
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['bad-request-signature', 'bad-request-signature']);
  });

  it('a request signed by a rotated key, endorsed by the rotation entry in the batch (two rotations in one batch too), is verified once and stored', async () => {
    const t = await enrolled('T-REAL-ROTATION', 5);
    const k2 = newSigner();
    const k3 = newSigner();
    t.store.rotateKey(k2, { businessDay: '2026-11-20', at: '2026-11-20T03:00:00.000Z', operatorId: 'mgr-1', reason: 'scheduled' });
    t.store.rotateKey(k3, { businessDay: '2026-11-20', at: '2026-11-20T03:01:00.000Z', operatorId: 'mgr-1', reason: 'scheduled' });
    const entries = [...t.store.entries()];
    const before = hq.service.verify.batchesChecked;
    // Signed by k3, which only the k2 -> k3 rotation (signed by k2, introduced by the k1 -> k2 one) endorses.
    const body = batch(entries);
    const res = await raw('POST', entriesPath(t.terminalId), body, signed(k3, t.terminalId, entriesPath(t.terminalId), body));
    expect(res).toMatchObject({ status: 200, json: { ackSeq: entries.length, stored: entries.length } });
    expect(hq.service.verify.batchesChecked).toBe(before + 1);
    // The same batch signed by a key no rotation introduces is still refused, unverified.
    const stranger = newSigner();
    const refused = await raw('POST', entriesPath(t.terminalId), body, signed(stranger, t.terminalId, entriesPath(t.terminalId), body));
    expect(refused).toMatchObject({ status: 401, json: { error: { code: 'auth.bad-signature' } } });
    expect(hq.service.verify.batchesChecked).toBe(before + 1);
  });
});

describe('gaps', () => {
  it('are reported in the ack and recorded as an incident, repeats counted on one row', async () => {
    const t = await enrolled('T-GAP', 30);
    const entries = [...t.store.entries()];
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    try {
      for (let i = 0; i < 2; i++) {
        const ack = await client.pushEntries({ terminalId: t.terminalId, entries: entries.slice(10), bytes: 0 });
        expect(ack).toMatchObject({ ackSeq: 0, stored: 0, gap: { from: 1, to: 10 } });
      }
    } finally {
      client.close();
    }
    expect(await incidentKinds(pool, t.terminalId)).toEqual(['gap', 'gap']);
    const rows = await pool.query<{ n: number; seq: number; details: { from: number; to: number } }>(
      `SELECT repeat_count AS n, seq, details FROM hq_incidents WHERE terminal_id = 'T-GAP'`,
    );
    expect(rows.rows).toEqual([{ n: 2, seq: 1, details: { from: 1, to: 10, ackSeq: 0 } }]);
    expect(await stored(t.terminalId)).toBe(0);
  });
});
