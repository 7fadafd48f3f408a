// `tillproof hq user ...` against a real PostgreSQL, checked by signing in to the console over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { hqCommand } from '../../../cli/hq-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { totpCode } from '../../../hq/totp.ts';
import { startTestHq } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let dir: string;
let configFile: string;

function capture(stdin?: string): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    ...(stdin !== undefined ? { stdin: () => Promise.resolve(stdin) } : {}),
  };
}

async function user(args: string[], stdin?: string): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = capture(stdin);
  const code = await hqCommand(['user', ...args, '--config', configFile], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function signIn(username: string, password: string, totp?: string): Promise<{ status: number; code?: string; cookie?: string }> {
  const r = await fetch(`${hq.url}/console/api/session`, {
    method: 'POST',
    headers: { origin: hq.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, ...(totp ? { totp } : {}) }),
  });
  const json = (await r.json()) as { error?: { code: string } };
  const cookie = r.headers.getSetCookie()[0]?.split(';')[0];
  return { status: r.status, ...(json.error ? { code: json.error.code } : {}), ...(cookie ? { cookie } : {}) };
}

beforeAll(async () => {
  pool = postgres.pool;
  hq = await startTestHq(pool);
  dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-users-'));
  configFile = join(dir, 'hq.json');
  writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url, console: { totpIssuer: 'Example Chain HQ' } }));
});

afterAll(async () => {
  await hq?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tillproof hq user', () => {
  it('add prints a one-time password that signs in, shown once and stored only hashed', async () => {
    const r = await user(['add', '--username', 'ann', '--name', 'Ann Lee', '--role', 'auditor']);
    expect(r.code).toBe(0);
    const password = /^password: (\S{20})$/.exec(r.stdout[0] ?? '')?.[1];
    expect(password).toBeDefined();
    expect(r.stderr.join('\n')).toMatch(/shown once/);
    expect((await signIn('ann', password!)).status).toBe(200);
    const stored = await pool.query<{ password_hash: string }>("SELECT password_hash FROM hq_users WHERE username = 'ann'");
    expect(stored.rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored.rows[0]!.password_hash).not.toContain(password!);
  });

  it('add takes the password from stdin and enrols TOTP, printing the otpauth:// URI an app scans', async () => {
    const r = await user(
      ['add', '--username', 'rm-north', '--role', 'regional-manager', '--store', 'S-1', '--store', 'S-2', '--password-stdin', '--totp'],
      'piped in password\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout.some((l) => l.startsWith('password:'))).toBe(false);
    const uri = new URL(r.stdout.find((l) => l.startsWith('totp: '))!.slice(6));
    expect(uri.href).toMatch(/^otpauth:\/\/totp\/Example%20Chain%20HQ:rm-north\?/);
    expect(uri.searchParams.get('issuer')).toBe('Example Chain HQ');
    const secret = uri.searchParams.get('secret')!;
    expect((await signIn('rm-north', 'piped in password')).code).toBe('console.totp-required');
    expect((await signIn('rm-north', 'piped in password', totpCode(secret, Date.now()))).status).toBe(200);
  });

  it('reset gives a new password, clears the lockout and ends every session; disable and enable', async () => {
    await user(['add', '--username', 'bob', '--role', 'admin', '--password-stdin'], 'bob first password\n');
    const { cookie } = await signIn('bob', 'bob first password');
    const me = async () => (await fetch(`${hq.url}/console/api/me`, { headers: { cookie: cookie! } })).status;
    expect(await me()).toBe(200);
    for (let i = 0; i < 5; i++) await signIn('bob', `wrong password ${i}`);
    expect((await signIn('bob', 'bob first password')).code).toBe('console.locked');
    const r = await user(['reset', '--username', 'bob', '--password-stdin'], 'bob second password\n');
    expect(r.code).toBe(0);
    expect(await me()).toBe(401);
    expect((await signIn('bob', 'bob first password')).status).toBe(401);
    expect((await signIn('bob', 'bob second password')).status).toBe(200);
    expect((await user(['disable', '--username', 'bob'])).code).toBe(0);
    expect((await signIn('bob', 'bob second password')).status).toBe(401);
    expect((await user(['enable', '--username', 'bob'])).code).toBe(0);
    expect((await signIn('bob', 'bob second password')).status).toBe(200);
    const audit = await pool.query<{ actor: string; action: string }>(
      "SELECT actor, action FROM hq_user_audit WHERE username = 'bob' AND actor LIKE 'cli%' ORDER BY audit_id",
    );
    expect(audit.rows.map((x) => x.action)).toEqual(['user.add', 'user.reset', 'user.disable', 'user.enable']);
    expect(audit.rows[0]!.actor).toMatch(/^cli(:.+)?$/);
  });

  it('list shows each user with role, stores, TOTP and state', async () => {
    const r = await user(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rm-north\tregional-manager\tS-1,S-2\ttotp\tactive\trm-north');
    expect(r.stdout).toContain('ann\tauditor\t*\tno-totp\tactive\tAnn Lee');
    const json = JSON.parse((await user(['list', '--json'])).stdout[0]!) as { username: string }[];
    expect(json.map((u) => u.username)).toEqual(['ann', 'bob', 'rm-north']);
    expect(JSON.stringify(json)).not.toMatch(/scrypt|secret/);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['add', '--username', 'x', '--role', 'owner'], undefined, /--role is one of auditor, regional-manager, admin/],
      [['add', '--username', 'rm2', '--role', 'regional-manager'], undefined, /needs the stores they manage/],
      [['add', '--username', 'aud2', '--role', 'auditor', '--store', 'S-1'], undefined, /regional managers only/],
      [['add', '--username', 'Bad Name', '--role', 'auditor'], undefined, /lower-case letters/],
      [['add', '--username', 'short', '--role', 'auditor', '--password-stdin'], 'too short\n', /at least 12 characters/],
      [['add', '--username', 'ann', '--role', 'auditor'], undefined, /exists already/],
      [['reset', '--username', 'nobody'], undefined, /no HQ user nobody/],
      [['reset', '--username', 'ann', '--totp', '--no-totp'], undefined, /not both/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await user(args, stdin);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.join('\n')).toMatch(message);
    }
    const n = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM hq_users');
    expect(n.rows[0]!.n).toBe(3);
  });
});
