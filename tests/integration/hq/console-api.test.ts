// The HQ console's sign-in and API over HTTP against a real HQ on PostgreSQL: every route refuses
// a user without its role, CSRF, session fixation, role escalation, lockout, TOTP replay, cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { CONSOLE_ROUTES } from '../../../hq/console-api.ts';
import { HQ_ROLES, type HqRole } from '../../../hq/hq-users.ts';
import { totpCode } from '../../../hq/totp.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { scanLossAtHq } from '../../../hq/loss-cases.ts';
import { IncidentLog } from '../../../hq/incidents.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];
/** HQ's clock runs this far ahead of the real one (lockout windows and session expiry without waiting). */
let offset = 0;
const PASSWORD = 'a long enough password';
const COOKIE = 'tillproof-hq';

interface Res {
  status: number;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
  setCookie: string[];
}

interface Session {
  /** "name=value" as the browser would send it. */
  cookie: string;
  csrf: string;
}

async function call(
  method: string,
  path: string,
  options: { session?: Session | null; cookie?: string; csrf?: string | null; origin?: string | null; body?: unknown; url?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = {};
  const cookie = options.cookie ?? options.session?.cookie;
  if (cookie) headers.cookie = cookie;
  const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  const base = options.url ?? hq.url;
  const origin = options.origin === undefined ? base : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Res['json']) : {}, setCookie: r.headers.getSetCookie() };
}

function sessionOf(r: Res): Session {
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  const set = r.setCookie.find((c) => c.startsWith(`${COOKIE}=`));
  expect(set).toBeDefined();
  return { cookie: set!.split(';')[0]!, csrf: r.json.csrfToken as string };
}

const signInRaw = (username: string, password = PASSWORD, extra: Record<string, unknown> = {}, cookie?: string): Promise<Res> =>
  call('POST', '/console/api/session', { body: { username, password, ...extra }, ...(cookie ? { cookie } : {}) });

async function signIn(username: string, password = PASSWORD, extra: Record<string, unknown> = {}): Promise<Session> {
  return sessionOf(await signInRaw(username, password, extra));
}

async function addUser(username: string, role: HqRole, stores: string[] = [], totp = false): Promise<string | null> {
  const { totpSecret } = await hq.service.users.add(
    { username, displayName: username.toUpperCase(), role, stores, password: PASSWORD, totp },
    'test',
  );
  return totpSecret;
}

async function auditActions(username: string): Promise<string[]> {
  const r = await pool.query<{ action: string }>('SELECT action FROM hq_user_audit WHERE username = $1 ORDER BY audit_id', [username]);
  return r.rows.map((x) => x.action);
}

let totpSecret: string;
let t2Head = 0;

beforeAll(async () => {
  pool = postgres.pool;
  hq = await startTestHq(
    pool,
    { console: { lockoutFailures: 3, lockoutMinutes: 15, idleMinutes: 30 } },
    { now: () => Date.now() + offset },
  );
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
  ] as const) {
    const t = openTestTerminal(id, store);
    terminals.push(t);
    sell(t, 3);
    await enroll(hq, t);
  }
  // T-2 has synced its ledger; T-1 only enrolled.
  const t2 = terminals[1]!;
  const entries = [...t2.store.entries()];
  await new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-2', signer: t2.signer }).pushEntries({ terminalId: 'T-2', entries, bytes: 0 });
  t2Head = entries.length;
  await addUser('ada', 'admin');
  await addUser('aud', 'auditor');
  await addUser('rm1', 'regional-manager', ['S-1']);
  totpSecret = (await addUser('tot', 'admin', [], true))!;
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

describe('console sign-in and sessions', () => {
  it('signs in with a cookie that is HttpOnly, SameSite=Strict, Path=/ (not Secure over plain loopback HTTP)', async () => {
    const r = await signInRaw('ada');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ username: 'ada', role: 'admin', stores: [], totp: false });
    const [cookie] = r.setCookie;
    expect(cookie).toMatch(new RegExp(`^${COOKIE}=[A-Za-z0-9_-]{43}; `));
    const flags = cookie!.split('; ').slice(1);
    expect(flags).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${12 * 3600}`]));
    expect(flags).not.toContain('Secure');
    const me = await call('GET', '/console/api/me', { session: sessionOf(r) });
    expect(me.json).toMatchObject({ username: 'ada', displayName: 'ADA', csrfToken: r.json.csrfToken });
    expect(await auditActions('ada')).toContain('sign-in');
  });

  it('the session id is kept hashed: the cookie value is nowhere in the database', async () => {
    const s = await signIn('aud');
    const id = s.cookie.split('=')[1]!;
    const r = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM hq_sessions WHERE session_hash = $1 OR username = $1', [id]);
    expect(r.rows[0]!.n).toBe(0);
    const mine = await pool.query<{ session_hash: string }>("SELECT session_hash FROM hq_sessions WHERE username = 'aud'");
    expect(mine.rows.map((x) => x.session_hash)).not.toContain(id);
  });

  it('unknown users, wrong passwords and disabled users get the same answer, each audited', async () => {
    await addUser('gone', 'auditor');
    await hq.service.users.setDisabled('gone', true, 'test');
    const answers = await Promise.all([signInRaw('nobody'), signInRaw('aud', 'the wrong password'), signInRaw('gone')]);
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.json.error).toEqual({ code: 'console.sign-in-failed', message: 'wrong username, password or code' });
      expect(a.setCookie).toEqual([]);
    }
    const reasons = await pool.query<{ username: string; reason: string }>(
      "SELECT username, details->>'reason' AS reason FROM hq_user_audit WHERE action = 'sign-in.failed' ORDER BY audit_id",
    );
    expect(reasons.rows).toEqual(
      expect.arrayContaining([
        { username: 'nobody', reason: 'unknown-user' },
        { username: 'aud', reason: 'password' },
        { username: 'gone', reason: 'disabled' },
      ]),
    );
  });

  it('session fixation: a cookie set before sign-in is never adopted; sign-in makes a new id and ends the old', async () => {
    const planted = `${COOKIE}=${'A'.repeat(43)}`;
    const r = await signInRaw('aud', PASSWORD, {}, planted);
    const s = sessionOf(r);
    expect(s.cookie).not.toBe(planted);
    expect((await call('GET', '/console/api/me', { cookie: planted })).status).toBe(401);
    // An attacker's own live session planted in the victim's browser ends when the victim signs in.
    const attacker = await signIn('rm1');
    const victim = sessionOf(await signInRaw('aud', PASSWORD, {}, attacker.cookie));
    expect(victim.cookie).not.toBe(attacker.cookie);
    expect((await call('GET', '/console/api/me', { session: attacker })).status).toBe(401);
    expect((await call('GET', '/console/api/me', { session: victim })).json.username).toBe('aud');
  });

  it('sign-out ends the session at HQ and clears the cookie; the old cookie no longer works', async () => {
    const s = await signIn('aud');
    const out = await call('DELETE', '/console/api/session', { session: s });
    expect(out.status).toBe(200);
    expect(out.setCookie[0]).toMatch(new RegExp(`^${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`));
    expect((await call('GET', '/console/api/me', { session: s })).status).toBe(401);
    expect(await auditActions('aud')).toContain('sign-out');
  });

  it('a session ends after the idle time, and at the absolute limit even when used', async () => {
    const idle = await signIn('aud');
    const used = await signIn('aud');
    const start = offset;
    try {
      for (let minutes = 20; minutes <= 12 * 60; minutes += 20) {
        offset = start + minutes * 60_000;
        expect((await call('GET', '/console/api/me', { session: used })).status, `used, at ${minutes} min`).toBe(
          minutes < 12 * 60 ? 200 : 401,
        );
        if (minutes === 40) expect((await call('GET', '/console/api/me', { session: idle })).status).toBe(401);
      }
    } finally {
      offset = start;
    }
  });

  it('disabling a user ends their sessions at once', async () => {
    await addUser('leaver', 'auditor');
    const s = await signIn('leaver');
    const admin = await signIn('ada');
    expect((await call('POST', '/console/api/users/leaver/disable', { session: admin })).status).toBe(200);
    expect((await call('GET', '/console/api/me', { session: s })).status).toBe(401);
    expect((await signInRaw('leaver')).status).toBe(401);
    expect(await auditActions('leaver')).toEqual(['user.add', 'sign-in', 'user.disable', 'sign-in.failed']);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password (a wrong one counts towards the lockout), and signs out every other session', async () => {
    await addUser('chg', 'regional-manager', ['S-2']);
    const here = await signIn('chg');
    const elsewhere = await signIn('chg');
    const change = (body: Record<string, string>, session: Session | null = here, csrf?: string | null) =>
      call('POST', '/console/api/me/password', { session, body, ...(csrf !== undefined ? { csrf } : {}) });
    const next = 'my very own new password';
    expect((await change({ currentPassword: PASSWORD, newPassword: next }, here, null)).json.error?.code).toBe('console.csrf');
    const wrong = await change({ currentPassword: 'not my password', newPassword: next });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error?.code).toBe('console.wrong-password');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(400);
    const ok = await change({ currentPassword: PASSWORD, newPassword: next });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ changed: true, otherSessionsEnded: 1 });
    expect((await call('GET', '/console/api/me', { session: here })).status).toBe(200);
    expect((await call('GET', '/console/api/me', { session: elsewhere })).status).toBe(401);
    expect((await signInRaw('chg')).status).toBe(401);
    expect((await signInRaw('chg', next)).status).toBe(200);
    expect(await auditActions('chg')).toEqual([
      'user.add',
      'sign-in',
      'sign-in',
      'access.refused',
      'password.change.failed',
      'password.change',
      'sign-in.failed',
      'sign-in',
    ]);
  });
});

describe('every console route refuses a user without its role', () => {
  const params = (path: string) => path.replace(':storeId', 'S-1').replace(':username', 'nobody-here').replace(':caseId', '1');
  const routes = CONSOLE_ROUTES.filter((r) => r.access !== 'public');

  it('only sign-in is public', () => {
    expect(CONSOLE_ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /console/api/session']);
    for (const r of routes) expect(r.access.length, `${r.method} ${r.path}`).toBeGreaterThan(0);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: 401 without a session, 403 for each role not admitted',
    async (_, route) => {
      const path = params(route.path);
      const unsigned = await call(route.method, path, { csrf: null });
      expect(unsigned.status).toBe(401);
      expect(unsigned.json.error?.code).toBe('console.unauthenticated');
      const forged = await call(route.method, path, { cookie: `${COOKIE}=${'B'.repeat(43)}`, csrf: null });
      expect(forged.status).toBe(401);
      const users: Record<HqRole, string> = { admin: 'ada', auditor: 'aud', 'regional-manager': 'rm1' };
      for (const role of HQ_ROLES) {
        if (route.access.includes(role)) continue;
        const s = await signIn(users[role]);
        const r = await call(route.method, path, { session: s });
        expect(r.status, `${role} on ${route.method} ${path}`).toBe(403);
        expect(r.json.error?.code).toBe('console.forbidden');
      }
    },
  );
});

describe('CSRF', () => {
  it('a state-changing request needs the session’s token and the console’s Origin; without either nothing changes', async () => {
    await addUser('target', 'auditor');
    const admin = await signIn('ada');
    const other = await signIn('aud');
    const disable = (o: Parameters<typeof call>[2]) => call('POST', '/console/api/users/target/disable', o);
    const refused = [
      await disable({ session: admin, csrf: null }),
      await disable({ session: admin, csrf: 'x'.repeat(43) }),
      await disable({ session: admin, csrf: other.csrf }),
      await disable({ session: admin, origin: 'http://evil.example' }),
      await disable({ session: admin, origin: null }),
      await disable({ session: admin, origin: hq.url.replace('127.0.0.1', 'localhost') }),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.json.error?.code).toBe('console.csrf');
    }
    expect((await hq.service.users.get('target'))!.disabled).toBe(false);
    // Sign-out is a change too.
    expect((await call('DELETE', '/console/api/session', { session: other, csrf: null })).status).toBe(403);
    expect((await call('GET', '/console/api/me', { session: other })).status).toBe(200);
    // With both, it goes through.
    expect((await disable({ session: admin })).status).toBe(200);
    expect((await hq.service.users.get('target'))!.disabled).toBe(true);
  });

  it('sign-in itself is refused from another Origin and without a JSON body (no login CSRF by a form)', async () => {
    const evil = await call('POST', '/console/api/session', {
      body: { username: 'ada', password: PASSWORD },
      origin: 'http://evil.example',
    });
    expect(evil.status).toBe(403);
    expect(evil.setCookie).toEqual([]);
    const form = await fetch(`${hq.url}/console/api/session`, {
      method: 'POST',
      headers: { origin: hq.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=ada&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(form.status).toBe(400);
  });
});

describe('role escalation', () => {
  it('a regional manager sees only their stores, is refused another store, and cannot use admin or audit routes', async () => {
    const rm = await signIn('rm1');
    const stores = await call('GET', '/console/api/stores', { session: rm });
    expect(stores.json.stores).toEqual([expect.objectContaining({ storeId: 'S-1', terminals: 1 })]);
    const mine = await call('GET', '/console/api/stores/S-1/terminals', { session: rm });
    expect((mine.json.terminals as { terminalId: string }[]).map((t) => t.terminalId)).toEqual(['T-1']);
    const other = await call('GET', '/console/api/stores/S-2/terminals', { session: rm });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.json)).not.toContain('T-2');
    expect((await call('GET', '/console/api/users', { session: rm })).status).toBe(403);
    expect((await call('GET', '/console/api/audit', { session: rm })).status).toBe(403);
    expect((await call('POST', '/console/api/users/aud/disable', { session: rm })).status).toBe(403);
    expect((await hq.service.users.get('aud'))!.disabled).toBe(false);
    const refusals = await pool.query<{ path: string }>(
      "SELECT details->>'path' AS path FROM hq_user_audit WHERE username = 'rm1' AND action = 'access.refused'",
    );
    expect(refusals.rows.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/console/api/users', '/console/api/users/:username/disable']),
    );
  });

  it('an auditor and an admin see every store with its last sync', async () => {
    for (const who of ['aud', 'ada']) {
      const r = await call('GET', '/console/api/stores', { session: await signIn(who) });
      expect(r.json.stores).toEqual([
        { storeId: 'S-1', terminals: 1, lastSyncAt: null },
        { storeId: 'S-2', terminals: 1, lastSyncAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      ]);
    }
    const t = await call('GET', '/console/api/stores/S-2/terminals', { session: await signIn('aud') });
    expect(t.json.terminals).toEqual([
      expect.objectContaining({ terminalId: 'T-2', storeId: 'S-2', headSeq: t2Head, lastSyncAt: expect.any(String) }),
    ]);
  });

  it('shows each terminal verified to its head, and its chain incidents by kind once HQ records them', async () => {
    const aud = await signIn('aud');
    const before = await call('GET', '/console/api/stores/S-2/terminals', { session: aud });
    expect(before.json.terminals).toEqual([expect.objectContaining({ terminalId: 'T-2', verifiedSeq: t2Head, incidents: {} })]);

    const log = new IncidentLog(pool);
    await log.record({ kind: 'fork', terminalId: 'T-2', seq: 2, message: 'a second entry 2 with another hash' });
    await log.record({ kind: 'fork', terminalId: 'T-2', seq: 2, message: 'a second entry 2 with another hash' });
    await log.record({ kind: 'gap', terminalId: 'T-2', seq: t2Head + 5, message: 'batch starts after the head' });
    // A refused request is not a chain incident: it is not counted here.
    await log.record({ kind: 'stale-request', terminalId: 'T-2', message: 'clock skew' });

    const after = await call('GET', '/console/api/stores/S-2/terminals', { session: aud });
    expect(after.json.terminals).toEqual([
      expect.objectContaining({ terminalId: 'T-2', verifiedSeq: t2Head, incidents: { fork: 2, gap: 1 } }),
    ]);
    // A regional manager still sees only their store, whose terminal has none.
    const rm = await signIn('rm1');
    const mine = await call('GET', '/console/api/stores/S-1/terminals', { session: rm });
    expect(mine.json.terminals).toEqual([expect.objectContaining({ terminalId: 'T-1', verifiedSeq: 0, incidents: {} })]);
    expect((await call('GET', '/console/api/stores/S-2/terminals', { session: rm })).status).toBe(403);
  });
});

describe('what tills report, a store’s day, and the sales PDF', () => {
  it('keeps the version, devices and backlog a till sends with a batch; an older till that sends none shows as not reported', async () => {
    const t1 = terminals[0]!;
    const entries = [...t1.store.entries()];
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-1', signer: t1.signer });
    const devices = [
      { kind: 'printer', id: 'printer-1', state: 'error', reason: 'paper-out' },
      { kind: 'drawer', id: 'drawer-1', state: 'closed' },
    ];
    try {
      // The first two entries only: the till still holds the rest.
      await client.pushEntries({
        terminalId: 'T-1',
        entries: entries.slice(0, 2),
        bytes: 0,
        report: { softwareVersion: 'tillproof/9.8.7', devices, backlog: entries.length - 2 },
      });
    } finally {
      client.close();
    }
    const rm = await signIn('rm1');
    const mine = await call('GET', '/console/api/stores/S-1/terminals', { session: rm });
    expect(mine.json.terminals).toEqual([
      expect.objectContaining({
        terminalId: 'T-1',
        headSeq: 2,
        report: { softwareVersion: 'tillproof/9.8.7', devices, backlog: entries.length - 2 },
        reportedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      }),
    ]);
    const other = await call('GET', '/console/api/stores/S-2/terminals', { session: await signIn('aud') });
    expect(other.json.terminals).toEqual([expect.objectContaining({ terminalId: 'T-2', report: null, reportedAt: null })]);

    // A malformed report is refused like any batch off the protocol, and nothing of it is kept.
    const bad = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-1', signer: t1.signer });
    try {
      await expect(
        bad.pushEntries({
          terminalId: 'T-1',
          entries: entries.slice(2, 3),
          bytes: 0,
          report: { softwareVersion: '', devices: [], backlog: -1 },
        }),
      ).rejects.toMatchObject({ code: 'sync.rejected' });
    } finally {
      bad.close();
    }
    const again = await call('GET', '/console/api/stores/S-1/terminals', { session: rm });
    expect(again.json.terminals).toEqual([
      expect.objectContaining({ headSeq: 2, report: expect.objectContaining({ backlog: entries.length - 2 }) }),
    ]);
  });

  it('a store’s day at a glance: today’s net sales and receipts, and open cases, for the stores the user sees', async () => {
    // HQ's clock on the day the test ledgers sold (in Taipei); T-1 has sent HQ one sale so far.
    const saved = offset;
    offset = Date.parse('2026-11-20T04:00:00Z') - Date.now();
    try {
      const rm = await signIn('rm1');
      const r = await call('GET', `/console/api/stores?tz=${encodeURIComponent('Asia/Taipei')}`, { session: rm });
      expect(r.json.stores).toEqual([
        expect.objectContaining({
          storeId: 'S-1',
          today: { day: '2026-11-20', net: [{ currency: 'TWD', amount: 69100 }], receipts: 1, openCases: 0 },
        }),
      ]);
      expect((await call('GET', '/console/api/stores?tz=Mars%2FOlympus', { session: rm })).status).toBe(400);
    } finally {
      offset = saved;
    }
  });

  it('exports the sales figures as a PDF for the user’s stores; a regional manager is refused another store’s, audited', async () => {
    const pdf = async (session: Session, query: string) => {
      const r = await fetch(`${hq.url}/console/api/sales/pdf?${query}`, { headers: { cookie: session.cookie } });
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        disposition: r.headers.get('content-disposition'),
        bytes: Buffer.from(await r.arrayBuffer()),
      };
    };
    const rm = await signIn('rm1');
    const mine = await pdf(rm, 'from=2026-11-20&to=2026-11-20&dimension=store&lang=en');
    expect(mine.status).toBe(200);
    expect(mine.type).toBe('application/pdf');
    expect(mine.disposition).toBe('attachment; filename="sales-store-2026-11-20-2026-11-20.pdf"');
    expect(mine.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const other = await pdf(rm, 'from=2026-11-20&to=2026-11-20&store=S-2');
    expect(other.status).toBe(403);
    expect(JSON.parse(other.bytes.toString('utf8'))).toMatchObject({ error: { code: 'console.forbidden' } });
    expect((await pdf(await signIn('aud'), 'from=2026-11-20&to=2026-11-20&store=S-2')).status).toBe(200);
    expect((await pdf(rm, 'from=2026-11-21&to=2026-11-20')).status).toBe(400);
    const audit = await pool.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM hq_user_audit WHERE actor = 'rm1' AND action = 'sales.export-pdf'`,
    );
    expect(audit.rows.map((x) => x.details)).toEqual([expect.objectContaining({ stores: ['S-1'], from: '2026-11-20' })]);
  });
});

describe('lockout', () => {
  it('locks a username after 3 failures in the window (even with the right password), and unlocks after it', async () => {
    await addUser('lock', 'auditor');
    const start = offset;
    try {
      for (let i = 0; i < 3; i++) expect((await signInRaw('lock', `wrong password ${i}`)).status).toBe(401);
      const locked = await signInRaw('lock');
      expect(locked.status).toBe(429);
      expect(locked.json.error?.code).toBe('console.locked');
      expect(locked.setCookie).toEqual([]);
      // Other users are not affected.
      expect((await signInRaw('aud')).status).toBe(200);
      offset = start + 14 * 60_000;
      expect((await signInRaw('lock')).status).toBe(429);
      offset = start + 16 * 60_000;
      expect((await signInRaw('lock')).status).toBe(200);
      expect(await auditActions('lock')).toEqual([
        'user.add',
        'sign-in.failed',
        'sign-in.failed',
        'sign-in.failed',
        'lockout',
        'sign-in.locked',
        'sign-in.locked',
        'sign-in',
      ]);
    } finally {
      offset = start;
    }
  });

  it('parallel guesses cannot pass the limit: at most 3 are checked, the rest are locked out', async () => {
    await addUser('burst', 'auditor');
    // Six at once: within what one HQ checks at once (MAX_SIGN_INS_IN_FLIGHT), so none is turned away as busy.
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => signInRaw('burst', `guess number ${i}`)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(3);
  });

  it('the count is in the database: failures at two HQ processes lock the username at both', async () => {
    await addUser('shared', 'auditor');
    const second = await startTestHq(pool, { console: { lockoutFailures: 3, lockoutMinutes: 15 } }, { now: () => Date.now() + offset });
    try {
      const at = (url: string, password: string) => call('POST', '/console/api/session', { url, body: { username: 'shared', password } });
      expect((await at(hq.url, 'wrong password 1')).status).toBe(401);
      expect((await at(second.url, 'wrong password 2')).status).toBe(401);
      expect((await at(hq.url, 'wrong password 3')).status).toBe(401);
      for (const url of [hq.url, second.url]) {
        const r = await fetch(`${url}/console/api/session`, {
          method: 'POST',
          headers: { origin: url, 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'shared', password: PASSWORD }),
        });
        expect(r.status).toBe(429);
        // Until the first failure leaves the 15-minute window.
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
        expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
      }
    } finally {
      await second.close();
    }
  });

  it('a flood of sign-ins is turned away with 503 past what one HQ checks at once, and nothing of it counts', async () => {
    await addUser('flood', 'auditor');
    const answers = await Promise.all(Array.from({ length: 20 }, () => signInRaw('flood', 'not the password!')));
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const b of busy) expect(b.json.error?.code).toBe('hq.busy');
    const failed = await pool.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM hq_sign_in_failures WHERE username = 'flood'");
    expect(failed.rows[0]!.n).toBe(answers.filter((a) => a.status === 401).length);
    expect(failed.rows[0]!.n).toBeLessThanOrEqual(3);
  });

  it('an unknown username locks the same way (no telling which usernames exist)', async () => {
    for (let i = 0; i < 3; i++) expect((await signInRaw('ghost', `wrong password ${i}`)).status).toBe(401);
    expect((await signInRaw('ghost')).status).toBe(429);
  });
});

describe('TOTP second factor', () => {
  const code = (stepsAhead = 0) => totpCode(totpSecret, Date.now() + offset + stepsAhead * 30_000);

  it('asks for the code after the right password, accepts it once, and refuses it replayed', async () => {
    const noCode = await signInRaw('tot');
    expect(noCode.status).toBe(401);
    expect(noCode.json.error?.code).toBe('console.totp-required');
    expect(noCode.setCookie).toEqual([]);
    // One code, twice at once: one wins, the other is a replay.
    const c = code();
    const both = await Promise.all([signInRaw('tot', PASSWORD, { totp: c }), signInRaw('tot', PASSWORD, { totp: c })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    const again = await signInRaw('tot', PASSWORD, { totp: c });
    expect(again.status).toBe(401);
    expect(again.json.error?.code).toBe('console.sign-in-failed');
    // The next step's code (±1 step of drift) is new: accepted.
    expect((await signInRaw('tot', PASSWORD, { totp: code(1) })).status).toBe(200);
    // Then the current one is older than the last used: refused.
    expect((await signInRaw('tot', PASSWORD, { totp: code() })).status).toBe(401);
    const wrongPassword = await signInRaw('tot', 'not the password', { totp: code(1) });
    expect(wrongPassword.json.error?.code).toBe('console.sign-in-failed');
    const reasons = await pool.query<{ reason: string }>(
      "SELECT details->>'reason' AS reason FROM hq_user_audit WHERE username = 'tot' AND action = 'sign-in.failed' ORDER BY audit_id",
    );
    expect(reasons.rows.map((r) => r.reason)).toEqual(['totp', 'totp', 'totp', 'password']);
  });
});

describe('the audit log', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(pool.query("UPDATE hq_user_audit SET action = 'nothing'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM hq_user_audit')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE hq_user_audit')).rejects.toThrow(/append-only/);
  });

  it('an auditor reads it over the console API', async () => {
    const r = await call('GET', '/console/api/audit?username=lock&limit=2', { session: await signIn('aud') });
    expect((r.json.rows as { action: string }[]).map((x) => x.action)).toEqual(['sign-in', 'sign-in.locked']);
  });
});

describe('loss-prevention cases', () => {
  /** A sale to `member` rung up at `t` (priced at `tier`, the member typed in or scanned), pushed to HQ. */
  async function memberSale(t: TestTerminal, at: string, member: string, verification: string, tier: string): Promise<void> {
    const seq = t.store.write((tx) => {
      const body = saleBody(tx.nextReceiptNo());
      for (const line of body.lines) line.priceTier = tier;
      body.member = { memberId: member, tier: 'vip', verification } as NonNullable<typeof body.member>;
      return tx.append(draft('sale', body, at, at.slice(0, 10), 'S-101')).seq;
    });
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    try {
      await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
    } finally {
      client.close();
    }
    await waitFor(async () => (await hqSummary(pool, t.terminalId)).lastSeq === seq, 20_000, `${t.terminalId} #${seq} at HQ`);
  }

  interface ConsoleCase {
    caseId: number;
    rule: string;
    storeIds: string[];
    status: string;
    explanation: string;
    evidence: { terminalId: string; seq: number; hash: string }[];
    reviews: { outcome: string; note: string; by: string }[];
  }
  const list = async (s: Session, query = ''): Promise<ConsoleCase[]> => {
    const r = await call('GET', `/console/api/loss-cases${query}`, { session: s });
    expect(r.status).toBe(200);
    return r.json.cases as ConsoleCase[];
  };
  let s1: ConsoleCase;
  let s2: ConsoleCase;

  beforeAll(async () => {
    // The seed pattern (a member's own small purchase, then an expensive piece at their tier, typed in) in each store.
    for (const [t, member] of [
      [terminals[0]!, 'M0002'],
      [terminals[1]!, 'M0003'],
    ] as const) {
      await memberSale(t, '2026-11-20T02:00:00.000Z', member, 'app-code', 'retail');
      await memberSale(t, '2026-11-20T06:00:00.000Z', member, 'manual-lookup', 'vip');
    }
    await scanLossAtHq(pool, { from: '2026-11-20', to: '2026-11-20' });
    const all = await list(await signIn('aud'));
    s1 = all.find((c) => c.storeIds.join() === 'S-1')!;
    s2 = all.find((c) => c.storeIds.join() === 'S-2')!;
    expect(s1).toBeDefined();
    expect(s2).toBeDefined();
  });

  it('an auditor sees every case with its evidence, explained in the language asked for; a regional manager only their stores’', async () => {
    expect(s1).toMatchObject({ rule: 'seed-pattern', status: 'open', reviews: [] });
    expect(s1.evidence.map((e) => e.terminalId)).toEqual(['T-1', 'T-1']);
    expect(s1.evidence[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s1.explanation).toMatch(/M0002/);
    const [zh] = await list(await signIn('aud'), `?store=S-1&lang=zh-TW`);
    expect(zh!.caseId).toBe(s1.caseId);
    expect(zh!.explanation).not.toBe(s1.explanation);
    expect(zh!.explanation).toMatch(/[\u4e00-\u9fff]/);

    const rm = await signIn('rm1');
    expect((await list(rm)).map((c) => c.caseId)).toEqual([s1.caseId]);
    const other = await call('GET', '/console/api/loss-cases?store=S-2', { session: rm });
    expect(other.status).toBe(403);
    expect((await list(rm, '?status=reviewed')).length).toBe(0);
    const bad = await call('GET', '/console/api/loss-cases?status=closed', { session: rm });
    expect(bad.json.error?.code).toBe('request.invalid');
  });

  it('a regional manager reviews their store’s case (kept with their name, audited); not another store’s; a note is required', async () => {
    const rm = await signIn('rm1');
    const review = (caseId: number, body: unknown, s: Session = rm) =>
      call('POST', `/console/api/loss-cases/${caseId}/review`, { session: s, body });
    const noNote = await review(s1.caseId, { outcome: 'confirmed', note: '  ' });
    expect(noNote.status).toBe(400);
    expect((await review(s1.caseId, { outcome: 'closed', note: 'x' })).status).toBe(400);
    const elsewhere = await review(s2.caseId, { outcome: 'dismissed', note: 'not mine' });
    expect(elsewhere.status).toBe(404);
    const aud = await review(s1.caseId, { outcome: 'dismissed', note: 'no' }, await signIn('aud'));
    expect(aud.json.error?.code).toBe('console.forbidden');

    const ok = await review(s1.caseId, { outcome: 'confirmed', note: 'Seen on the camera.' });
    expect(ok.status).toBe(200);
    expect(ok.json.case).toMatchObject({ status: 'reviewed', reviews: [{ outcome: 'confirmed', note: 'Seen on the camera.', by: 'rm1' }] });
    const [after] = await list(await signIn('ada'), '?status=reviewed');
    expect(after).toMatchObject({ caseId: s1.caseId, reviews: [{ by: 'rm1' }] });
    expect((await list(await signIn('ada'), '?status=open')).map((c) => c.caseId)).toEqual([s2.caseId]);
    expect(await auditActions('rm1')).toContain('loss-case.review');
    const n = await pool.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM hq_loss_case_reviews WHERE reviewed_by IN ('aud')");
    expect(n.rows[0]!.n).toBe(0);
  });
});

describe('behind HTTPS', () => {
  it('with an https public origin the cookie is Secure with the __Host- prefix, and only that Origin may change things', async () => {
    const origin = 'https://hq.example.test';
    const secure = await startTestHq(pool, { console: { publicOrigin: origin } });
    try {
      const wrong = await call('POST', '/console/api/session', { url: secure.url, body: { username: 'ada', password: PASSWORD } });
      expect(wrong.status).toBe(403);
      const r = await call('POST', '/console/api/session', { url: secure.url, origin, body: { username: 'ada', password: PASSWORD } });
      expect(r.status).toBe(200);
      expect(r.setCookie[0]).toMatch(/^__Host-tillproof-hq=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
      const cookie = r.setCookie[0]!.split(';')[0]!;
      expect((await call('GET', '/console/api/me', { url: secure.url, cookie })).status).toBe(200);
      // The plain-HTTP cookie name is not read by this HQ.
      expect((await call('GET', '/console/api/me', { url: secure.url, cookie: cookie.replace('__Host-', '') })).status).toBe(401);
    } finally {
      await secure.close();
    }
  });
});
