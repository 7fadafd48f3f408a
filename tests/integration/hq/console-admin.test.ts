// The console's Enrollment, Disputes, Users and Audit routes over HTTP against a real HQ on
// PostgreSQL: a code created in the console enrols a till, a revoked till's sync is refused, a
// dispute's evidence is verified by HQ when asked (a wrong key shows), a member's and a
// salesperson's history, users added / disabled / enabled / reset, the audit log's filters, and a
// regional manager kept to their stores in every one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { recordDispute } from '../../../hq/disputes.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { enrollWithHq } from '../../../host/sync-runner.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const tills = new Map<string, TestTerminal>();
const PASSWORD = 'a long enough password';
const COOKIE = 'tillproof-hq';

interface Res {
  status: number;
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
interface Session {
  cookie: string;
  csrf: string;
}

async function call(method: string, path: string, session: Session | null, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = { origin: hq.url };
  if (session) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${hq.url}/console/api${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Res['json']) : {} };
}

async function signIn(username: string, password = PASSWORD): Promise<Session> {
  const r = await fetch(`${hq.url}/console/api/session`, {
    method: 'POST',
    headers: { origin: hq.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const json = (await r.json()) as { csrfToken: string };
  expect(r.status, JSON.stringify(json)).toBe(200);
  const set = r.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
  return { cookie: set.split(';')[0]!, csrf: json.csrfToken };
}

/** A member sale rung up by cashier `cashier` with salesperson `salesperson`, sent to HQ; returns its seq. */
async function sellTo(terminalId: string, member: string, cashier: string, salesperson: string): Promise<number> {
  const t = tills.get(terminalId)!;
  const at = '2026-11-20T03:00:00.000Z';
  const seq = t.store.write((tx) => {
    const body = saleBody(tx.nextReceiptNo());
    body.member = { memberId: member, tier: 'member', verification: 'card' } as NonNullable<typeof body.member>;
    (body as unknown as Record<string, unknown>).salespersons = [{ staffId: salesperson, shareBp: 10_000 }];
    return tx.append(draft('sale', body, at, at.slice(0, 10), cashier)).seq;
  });
  await push(terminalId);
  await waitFor(async () => (await hqSummary(pool, terminalId)).lastSeq === seq, 20_000, `${terminalId} #${seq} at HQ`);
  return seq;
}

async function push(terminalId: string): Promise<void> {
  const t = tills.get(terminalId)!;
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
}

let seqS1: number;

beforeAll(async () => {
  pool = postgres.pool;
  hq = await startTestHq(pool);
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
  ] as const) {
    const t = openTestTerminal(id, store);
    tills.set(id, t);
    await enroll(hq, t);
  }
  seqS1 = await sellTo('T-1', 'M-1', 'C-1', 'SP-1');
  const seqS2 = await sellTo('T-2', 'M-2', 'C-2', 'SP-2');
  expect(
    (await recordDispute(pool, { terminalId: 'T-1', seq: seqS1, memberId: 'M-1', comment: 'not me', remoteAddress: null }))?.created,
  ).toBe(true);
  await recordDispute(pool, { terminalId: 'T-2', seq: seqS2, memberId: 'M-2', comment: null, remoteAddress: null });
  await hq.service.users.add({ username: 'ada', displayName: 'Ada', role: 'admin', stores: [], password: PASSWORD, totp: false }, 'test');
  await hq.service.users.add({ username: 'aud', displayName: 'Aud', role: 'auditor', stores: [], password: PASSWORD, totp: false }, 'test');
  await hq.service.users.add(
    { username: 'rm1', displayName: 'Rita', role: 'regional-manager', stores: ['S-1'], password: PASSWORD, totp: false },
    'test',
  );
}, 120_000);

afterAll(async () => {
  for (const t of tills.values()) removeTerminal(t);
  await hq?.close();
});

describe('console enrollment', () => {
  it('a code made in the console enrols a new till once; a regional manager makes codes and sees tills of their stores only', async () => {
    const ada = await signIn('ada');
    const made = await call('POST', '/enrollment/codes', ada, { storeId: 'S-1', terminalId: 'T-NEW', validHours: 2 });
    expect(made.status, JSON.stringify(made.json)).toBe(200);
    expect(made.json.code).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const pending = await call('GET', '/enrollment', ada);
    expect(pending.json.pendingCodes).toEqual([expect.objectContaining({ storeId: 'S-1', terminalId: 'T-NEW' })]);
    // The code itself is never listed: HQ keeps only its hash.
    expect(JSON.stringify(pending.json)).not.toContain(made.json.code as string);

    const t = openTestTerminal('T-NEW', 'S-1');
    tills.set('T-NEW', t);
    await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code: made.json.code as string });
    const after = await call('GET', '/enrollment', ada);
    expect(after.json.pendingCodes).toEqual([]);
    expect((after.json.terminals as Array<{ terminalId: string }>).map((x) => x.terminalId)).toEqual(['T-1', 'T-NEW', 'T-2']);
    // A second code for an enrolled terminal id is refused with the reason.
    const again = await call('POST', '/enrollment/codes', ada, { storeId: 'S-1', terminalId: 'T-NEW' });
    expect(again.status).toBe(400);
    expect(again.json.error.message).toContain('enrolled already');
    expect((await call('POST', '/enrollment/codes', ada, { storeId: 'S 1', terminalId: 'x' })).status).toBe(400);

    const rm = await signIn('rm1');
    const theirs = await call('GET', '/enrollment', rm);
    expect((theirs.json.terminals as Array<{ storeId: string }>).every((x) => x.storeId === 'S-1')).toBe(true);
    expect((theirs.json.terminals as unknown[]).length).toBe(2);
    const elsewhere = await call('POST', '/enrollment/codes', rm, { storeId: 'S-2', terminalId: 'T-9' });
    expect(elsewhere.status).toBe(403);
    expect((await call('POST', '/enrollment/codes', rm, { storeId: 'S-1', terminalId: 'T-9' })).status).toBe(200);
    const aud = await signIn('aud');
    expect((await call('POST', '/enrollment/codes', aud, { storeId: 'S-1', terminalId: 'T-8' })).status).toBe(403);

    const actions = await pool.query<{ actor: string; details: { terminalId: string } }>(
      `SELECT actor, details FROM hq_user_audit WHERE action = 'enrollment.code' ORDER BY audit_id`,
    );
    expect(actions.rows.map((x) => [x.actor, x.details.terminalId])).toEqual([
      ['ada', 'T-NEW'],
      ['rm1', 'T-9'],
    ]);
  });

  it('a revoked till is refused when it syncs (its entries kept), others sync on; a regional manager cannot revoke elsewhere', async () => {
    const rm = await signIn('rm1');
    const other = await call('POST', '/terminals/T-2/revoke', rm);
    expect(other.status).toBe(404);
    const before = (await hqSummary(pool, 'T-1')).lastSeq;
    const revoked = await call('POST', '/terminals/T-1/revoke', rm);
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(200);
    expect(revoked.json).toMatchObject({ terminalId: 'T-1', storeId: 'S-1', revokedBy: 'rm1' });
    expect((await call('POST', '/terminals/T-1/revoke', rm)).status).toBe(400);

    // T-1 rings up another sale and tries to send it: refused, nothing stored.
    const t1 = tills.get('T-1')!;
    t1.store.write((tx) => tx.append(draft('sale', saleBody(tx.nextReceiptNo()), '2026-11-20T04:00:00.000Z', '2026-11-20', 'C-1')));
    await expect(push('T-1')).rejects.toThrow(/revoked/);
    expect((await hqSummary(pool, 'T-1')).lastSeq).toBe(before);
    // Its enrollment cannot be brought back with a new code for the same id.
    const ada = await signIn('ada');
    expect((await call('POST', '/enrollment/codes', ada, { storeId: 'S-1', terminalId: 'T-1' })).status).toBe(400);
    // T-2 is not affected.
    await sellTo('T-2', 'M-2', 'C-2', 'SP-2');

    const list = await call('GET', '/enrollment', ada);
    expect(list.json.terminals).toEqual(
      expect.arrayContaining([expect.objectContaining({ terminalId: 'T-1', revokedBy: 'rm1', revokedAt: revoked.json.revokedAt })]),
    );
    const audit = await call('GET', '/audit?action=terminal.', ada);
    expect(audit.json.rows).toEqual([
      expect.objectContaining({ actor: 'rm1', action: 'terminal.revoke', details: { terminalId: 'T-1', storeId: 'S-1' } }),
    ]);
  });
});

describe('console disputes', () => {
  it('lists disputes with their case; a regional manager only their stores', async () => {
    const ada = await signIn('ada');
    const all = await call('GET', '/disputes', ada);
    expect(all.status).toBe(200);
    const rows = all.json.disputes as Array<{ memberId: string; caseId: number | null; caseStatus: string; salespersonIds: string[] }>;
    expect(rows.map((d) => d.memberId).sort()).toEqual(['M-1', 'M-2']);
    for (const d of rows) expect(d).toMatchObject({ caseId: expect.any(Number), caseStatus: 'open' });
    expect(rows.find((d) => d.memberId === 'M-1')!.salespersonIds).toEqual(['SP-1']);

    const rm = await signIn('rm1');
    const theirs = await call('GET', '/disputes', rm);
    expect((theirs.json.disputes as Array<{ storeId: string }>).map((d) => d.storeId)).toEqual(['S-1']);
    const otherId = rows.find((d) => d.memberId === 'M-2') as unknown as { disputeId: number };
    expect((await call('GET', `/disputes/${otherId.disputeId}/evidence`, rm)).status).toBe(404);
  });

  it("verifies the sale's entry when the page asks: hash and signature recomputed, so a wrong key on file shows", async () => {
    const ada = await signIn('ada');
    const [d] = (await call('GET', '/disputes?member=M-1', ada)).json.disputes as Array<{ disputeId: number; entryHash: string }>;
    const stored = (await pool.query<{ hash: string }>(`SELECT hash FROM ledger_entries WHERE terminal_id = 'T-1' AND seq = $1`, [seqS1]))
      .rows[0]!;
    const ok = await call('GET', `/disputes/${d!.disputeId}/evidence`, ada);
    expect(ok.json.entries).toEqual([
      expect.objectContaining({
        terminalId: 'T-1',
        seq: seqS1,
        hash: stored.hash,
        recordedHash: d!.entryHash,
        hashValid: true,
        signatureValid: true,
        verified: true,
      }),
    ]);
    // HQ's copy of T-1's key replaced by T-2's: the same stored entry no longer verifies.
    const key = (await pool.query<{ public_key: string }>(`SELECT public_key FROM hq_terminals WHERE terminal_id = 'T-1'`)).rows[0]!
      .public_key;
    await pool.query(
      `UPDATE hq_terminals SET public_key = (SELECT public_key FROM hq_terminals WHERE terminal_id = 'T-2') WHERE terminal_id = 'T-1'`,
    );
    try {
      const bad = await call('GET', `/disputes/${d!.disputeId}/evidence`, ada);
      expect(bad.json.entries).toEqual([expect.objectContaining({ hashValid: true, signatureValid: false, verified: false })]);
    } finally {
      await pool.query(`UPDATE hq_terminals SET public_key = $1 WHERE terminal_id = 'T-1'`, [key]);
    }
  });

  it("shows a member's and a salesperson's history: sales, disputes, cases, within a regional manager's stores", async () => {
    const ada = await signIn('ada');
    const member = await call('GET', '/history?member=M-1', ada);
    expect(member.status).toBe(200);
    expect(member.json.sales).toEqual([expect.objectContaining({ terminalId: 'T-1', seq: seqS1, storeId: 'S-1', memberId: 'M-1' })]);
    expect(member.json.disputes).toHaveLength(1);
    expect(member.json.cases).toEqual([expect.objectContaining({ rule: 'member-dispute', memberId: 'M-1' })]);
    const staff = await call('GET', '/history?staff=SP-2', ada);
    expect(staff.json.sales).toHaveLength(2);
    expect(staff.json.disputes).toHaveLength(1);
    const cashier = await call('GET', '/history?staff=C-1', ada);
    expect(cashier.json.sales).toHaveLength(1);

    const rm = await signIn('rm1');
    const hidden = await call('GET', '/history?staff=SP-2', rm);
    expect(hidden.json).toMatchObject({ sales: [], disputes: [], cases: [] });
    expect((await call('GET', '/history', rm)).status).toBe(400);

    // The member's sales are found through the index, each month's partition searched, none read whole.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT seq FROM ledger_entries e WHERE e.kind IN ('sale', 'return') AND (e.body::jsonb -> 'member') ->> 'memberId' = 'M-1'`,
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Cond: .*memberId.*= 'M-1'/);
      expect(text).not.toMatch(/Seq Scan/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect((await call('GET', '/history?member=M-1&staff=SP-1', rm)).status).toBe(400);
  });
});

describe('console users and audit', () => {
  it('an administrator adds a regional manager (one-time password), who signs in; the same rules as the command line', async () => {
    const ada = await signIn('ada');
    const added = await call('POST', '/users', ada, { username: 'rm2', displayName: 'Ron', role: 'regional-manager', stores: ['S-2'] });
    expect(added.status, JSON.stringify(added.json)).toBe(200);
    expect(added.json.user).toMatchObject({ username: 'rm2', role: 'regional-manager', stores: ['S-2'], disabled: false });
    const password = added.json.credentials.password as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    await signIn('rm2', password);
    const noStores = await call('POST', '/users', ada, { username: 'rm3', role: 'regional-manager', stores: [] });
    expect(noStores.status).toBe(400);
    expect(noStores.json.error.message).toContain('needs the stores');
    expect((await call('POST', '/users', ada, { username: 'aud2', role: 'auditor', stores: ['S-1'] })).status).toBe(400);
    expect((await call('POST', '/users', ada, { username: 'rm2', role: 'auditor' })).status).toBe(400);
    const totp = await call('POST', '/users', ada, { username: 'tom', role: 'admin', totp: true });
    expect(totp.json.credentials.totpUri).toMatch(/^otpauth:\/\/totp\/.*:tom\?secret=/);
    const list = await call('GET', '/users', ada);
    expect((list.json.users as Array<{ username: string }>).map((u) => u.username)).toEqual(['ada', 'aud', 'rm1', 'rm2', 'tom']);
    // Only an administrator.
    for (const who of ['aud', 'rm1'])
      expect((await call('POST', '/users', await signIn(who), { username: 'x', role: 'auditor' })).status).toBe(403);
  });

  it('disables and enables a user, resets a password (the old one then fails), and the audit log shows each with its filters', async () => {
    const ada = await signIn('ada');
    const rm2 = await signIn('rm1');
    expect((await call('POST', '/users/rm1/disable', ada)).json.user).toMatchObject({ disabled: true });
    expect((await call('GET', '/me', rm2)).status).toBe(401);
    expect((await call('POST', '/users/rm1/enable', ada)).json.user).toMatchObject({ disabled: false });
    await signIn('rm1');
    const reset = await call('POST', '/users/rm1/reset', ada, {});
    expect(reset.status).toBe(200);
    const fresh = reset.json.credentials.password as string;
    const old = await fetch(`${hq.url}/console/api/session`, {
      method: 'POST',
      headers: { origin: hq.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rm1', password: PASSWORD }),
    });
    expect(old.status).toBe(401);
    await signIn('rm1', fresh);
    expect((await call('POST', '/users/ada/reset', ada, {})).status).toBe(400);
    expect((await call('POST', '/users/nobody/enable', ada)).status).toBe(400);

    const about = await call('GET', '/audit?user=rm1&action=user.', ada);
    expect((about.json.rows as Array<{ action: string; actor: string }>).map((x) => `${x.actor} ${x.action}`)).toEqual([
      'ada user.reset',
      'ada user.enable',
      'ada user.disable',
      'test user.add',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await call('GET', `/audit?user=rm1&action=user.&from=${today}&to=${today}`, ada)).json.rows).toHaveLength(4);
    expect((await call('GET', '/audit?user=rm1&from=2000-01-01&to=2000-01-31', ada)).json.rows).toEqual([]);
    expect((await call('GET', '/audit?from=yesterday', ada)).status).toBe(400);
    // Read-only: there is no route that changes it, and a regional manager cannot read it.
    expect((await call('GET', '/audit', await signIn('rm1', fresh))).status).toBe(403);
  });
});
