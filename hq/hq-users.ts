import type pg from 'pg';
import { randomBytes } from 'node:crypto';
import { HqError } from './errors.ts';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password-hash.ts';
import { matchTotp, newTotpSecret } from './totp.ts';

// HQ console users (not till staff): accounts, roles, passwords, the optional TOTP second factor,
// sign-in with a lockout counted in PostgreSQL (every HQ process sees the same count), and the
// append-only audit log of everything done to or by an HQ user (hq_user_audit).

export const HQ_ROLES = ['auditor', 'regional-manager', 'admin'] as const;
export type HqRole = (typeof HQ_ROLES)[number];

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const STORE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface HqUser {
  username: string;
  displayName: string;
  role: HqRole;
  /** A regional manager's stores; empty for the other roles, who see every store. */
  stores: string[];
  totp: boolean;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

interface UserRow {
  username: string;
  display_name: string;
  role: HqRole;
  stores: string[];
  password_hash: string;
  totp_secret: string | null;
  totp_last_step: number;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export function userOf(row: UserRow): HqUser {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    stores: row.stores,
    totp: row.totp_secret !== null,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Whether `user` may see `storeId`: every store but for a regional manager, who sees theirs. */
export function seesStore(user: Pick<HqUser, 'role' | 'stores'>, storeId: string): boolean {
  return user.role !== 'regional-manager' || user.stores.includes(storeId);
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface AuditEntry {
  /** Who did it: an HQ username, or "cli:<os user>" for the command line. */
  actor: string;
  action: string;
  /** The HQ user it is about (also for an unknown username tried at sign-in). */
  username?: string | null;
  remoteAddress?: string | null;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Queryable, at: Date, entry: AuditEntry): Promise<void> {
  await db.query('INSERT INTO hq_user_audit (at, actor, action, username, remote_address, details) VALUES ($1, $2, $3, $4, $5, $6)', [
    at,
    entry.actor,
    entry.action,
    entry.username ?? null,
    entry.remoteAddress ?? null,
    JSON.stringify(entry.details ?? {}),
  ]);
}

export interface AuditRow {
  auditId: number;
  at: string;
  actor: string;
  action: string;
  username: string | null;
  remoteAddress: string | null;
  details: Record<string, unknown>;
}

export async function listAudit(
  db: Queryable,
  options: {
    username?: string;
    /** Done by this user or about them. */
    user?: string;
    /** Actions starting with this ("user." for every user change). */
    action?: string;
    /** UTC days, both included. */
    from?: string;
    to?: string;
    limit: number;
  },
): Promise<AuditRow[]> {
  const r = await db.query<{
    audit_id: number;
    at: Date;
    actor: string;
    action: string;
    username: string | null;
    remote_address: string | null;
    details: Record<string, unknown>;
  }>(
    `SELECT audit_id, at, actor, action, username, remote_address, details FROM hq_user_audit
      WHERE ($1::text IS NULL OR username = $1) AND ($3::text IS NULL OR username = $3 OR actor = $3)
        AND ($4::text IS NULL OR starts_with(action, $4))
        AND ($5::date IS NULL OR at >= ($5::date)::timestamp AT TIME ZONE 'UTC')
        AND ($6::date IS NULL OR at < ($6::date + 1)::timestamp AT TIME ZONE 'UTC')
      ORDER BY audit_id DESC LIMIT $2`,
    [options.username ?? null, options.limit, options.user ?? null, options.action ?? null, options.from ?? null, options.to ?? null],
  );
  return r.rows.map((x) => ({
    auditId: x.audit_id,
    at: x.at.toISOString(),
    actor: x.actor,
    action: x.action,
    username: x.username,
    remoteAddress: x.remote_address,
    details: x.details,
  }));
}

export interface NewHqUser {
  username: string;
  displayName: string;
  role: HqRole;
  stores: readonly string[];
  /** Given (e.g. from stdin), or null: a one-time password is generated and returned. */
  password: string | null;
  totp: boolean;
}

export interface Credentials {
  /** The password in effect when it was generated here (shown once, never stored). */
  generatedPassword: string | null;
  /** The new TOTP secret when the second factor was enrolled (base32). */
  totpSecret: string | null;
}

export interface SignInAttempt {
  username: string;
  password: string;
  totp?: string | undefined;
  remoteAddress: string | null;
}

/** A password that passes passwordProblem(): 20 characters of base64url (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function checkUser(u: Omit<NewHqUser, 'password' | 'totp'>): void {
  if (!USERNAME.test(u.username))
    throw new HqError('hq-user.invalid', `username "${u.username}": lower-case letters, digits and . _ @ - (at most 64)`);
  if (u.displayName.trim() === '' || u.displayName.length > 80)
    throw new HqError('hq-user.invalid', 'a display name has 1 to 80 characters');
  if (!HQ_ROLES.includes(u.role)) throw new HqError('hq-user.invalid', `role is one of ${HQ_ROLES.join(', ')}`);
  for (const s of u.stores) if (!STORE_ID.test(s)) throw new HqError('hq-user.invalid', `"${s}" is not a store id`);
  if (u.role === 'regional-manager' && u.stores.length === 0)
    throw new HqError('hq-user.invalid', 'a regional manager needs the stores they manage (--store S, repeated)');
  if (u.role !== 'regional-manager' && u.stores.length > 0)
    throw new HqError('hq-user.invalid', `an ${u.role} sees every store: --store is for regional managers only`);
}

async function newPasswordHash(password: string | null): Promise<{ hash: string; generated: string | null }> {
  const generated = password === null ? generatePassword() : null;
  const clear = password ?? generated!;
  const problem = passwordProblem(clear);
  if (problem) throw new HqError('hq-user.invalid', problem);
  return { hash: await hashPassword(clear), generated };
}

/**
 * Sign-ins checked at once by one HQ process: each holds a database connection and 32 MiB of
 * scrypt while it runs, so a flood of attempts must not take the pool or the memory from the
 * terminals. Past it the answer is 503 hq.busy (Retry-After), and nothing is counted.
 */
export const MAX_SIGN_INS_IN_FLIGHT = 8;

export interface HqUsersOptions {
  now?: () => number;
  /** Failed sign-ins within windowMs that lock a username. */
  lockout: { failures: number; windowMs: number };
}

export class HqUsers {
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private readonly lockout: { failures: number; windowMs: number };
  private signInsInFlight = 0;

  constructor(pool: pg.Pool, options: HqUsersOptions) {
    this.pool = pool;
    this.now = options.now ?? Date.now;
    this.lockout = options.lockout;
  }

  private at(): Date {
    return new Date(this.now());
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
  }

  async get(username: string): Promise<HqUser | null> {
    const r = await this.pool.query<UserRow>('SELECT * FROM hq_users WHERE username = $1', [username]);
    return r.rows[0] ? userOf(r.rows[0]) : null;
  }

  async list(): Promise<HqUser[]> {
    const r = await this.pool.query<UserRow>('SELECT * FROM hq_users ORDER BY username');
    return r.rows.map(userOf);
  }

  async add(user: NewHqUser, actor: string): Promise<Credentials> {
    checkUser(user);
    const { hash, generated } = await newPasswordHash(user.password);
    const totpSecret = user.totp ? newTotpSecret() : null;
    const at = this.at();
    return this.transaction(async (client) => {
      const r = await client.query(
        `INSERT INTO hq_users (username, display_name, role, stores, password_hash, totp_secret, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (username) DO NOTHING`,
        [user.username, user.displayName.trim(), user.role, [...user.stores], hash, totpSecret, at],
      );
      if (r.rowCount === 0) throw new HqError('hq-user.invalid', `HQ user ${user.username} exists already (tillproof hq user reset)`);
      await writeAudit(client, at, {
        actor,
        action: 'user.add',
        username: user.username,
        details: { role: user.role, stores: [...user.stores], totp: user.totp },
      });
      return { generatedPassword: generated, totpSecret };
    });
  }

  /** A new password (given or generated), the lockout cleared, every session ended; TOTP re-enrolled or removed when asked. */
  async reset(username: string, change: { password: string | null; totp?: 'enrol' | 'remove' }, actor: string): Promise<Credentials> {
    const { hash, generated } = await newPasswordHash(change.password);
    const totpSecret = change.totp === 'enrol' ? newTotpSecret() : null;
    const at = this.at();
    return this.transaction(async (client) => {
      const r = await client.query(
        `UPDATE hq_users SET password_hash = $2, updated_at = $3,
           totp_secret = CASE WHEN $4::text = 'keep' THEN totp_secret ELSE $5 END,
           totp_last_step = CASE WHEN $4::text = 'keep' THEN totp_last_step ELSE 0 END
         WHERE username = $1`,
        [username, hash, at, change.totp ?? 'keep', totpSecret],
      );
      if (r.rowCount === 0) throw new HqError('hq-user.invalid', `no HQ user ${username}`);
      await client.query('DELETE FROM hq_sign_in_failures WHERE username = $1', [username]);
      await client.query('DELETE FROM hq_sessions WHERE username = $1', [username]);
      await writeAudit(client, at, { actor, action: 'user.reset', username, details: { totp: change.totp ?? 'kept' } });
      return { generatedPassword: generated, totpSecret };
    });
  }

  /** Disables (every session ended at once) or enables a user. */
  async setDisabled(username: string, disabled: boolean, actor: string, remoteAddress: string | null = null): Promise<HqUser> {
    const at = this.at();
    return this.transaction(async (client) => {
      const r = await client.query<UserRow>('UPDATE hq_users SET disabled = $2, updated_at = $3 WHERE username = $1 RETURNING *', [
        username,
        disabled,
        at,
      ]);
      if (!r.rows[0]) throw new HqError('hq-user.invalid', `no HQ user ${username}`);
      if (disabled) await client.query('DELETE FROM hq_sessions WHERE username = $1', [username]);
      await writeAudit(client, at, { actor, action: disabled ? 'user.disable' : 'user.enable', username, remoteAddress });
      return userOf(r.rows[0]);
    });
  }

  /**
   * Checks a sign-in. Unknown, disabled and wrong-password attempts get the same answer after the
   * same work (a dummy hash for the unknown); every failure counts towards the username's lockout.
   * Attempts for one username are serialised (an advisory lock), so parallel guesses cannot pass
   * the limit. Every outcome is audited.
   */
  /** Runs a password check within the in-flight limit. */
  private async guarded<T>(check: () => Promise<T>): Promise<T> {
    if (this.signInsInFlight >= MAX_SIGN_INS_IN_FLIGHT)
      throw new HqError('hq.busy', 'HQ is checking other sign-ins; try again in a moment');
    this.signInsInFlight++;
    try {
      return await check();
    } finally {
      this.signInsInFlight--;
    }
  }

  /**
   * A password check for `username` under its lockout: serialised per username (an advisory lock),
   * refused while locked, and a failure (`check` returning a reason) counted and audited.
   */
  private async attempt<T>(
    username: string,
    remoteAddress: string | null,
    prefix: 'sign-in' | 'password.change',
    check: (
      client: pg.PoolClient,
      audit: (action: string, details?: Record<string, unknown>) => Promise<void>,
    ) => Promise<string | T | HqError>,
    failure: () => HqError,
  ): Promise<T> {
    const at = this.at();
    const since = new Date(at.getTime() - this.lockout.windowMs);
    const outcome = await this.transaction(async (client): Promise<T | HqError> => {
      const audit = (action: string, details: Record<string, unknown> = {}) =>
        writeAudit(client, at, { actor: username, action, username, remoteAddress, details });
      await client.query("SELECT pg_advisory_xact_lock(hashtext('hq-sign-in'), hashtext($1))", [username]);
      // Failures past the window count for no one (any username's: tried once, never again).
      await client.query('DELETE FROM hq_sign_in_failures WHERE at <= $1', [since]);
      const failures = await client.query<{ n: number; oldest: Date | null }>(
        'SELECT COUNT(*)::int AS n, MIN(at) AS oldest FROM hq_sign_in_failures WHERE username = $1 AND at > $2',
        [username, since],
      );
      const { n, oldest } = failures.rows[0]!;
      if (n >= this.lockout.failures) {
        await audit(`${prefix}.locked`);
        const until = new Date(oldest!.getTime() + this.lockout.windowMs);
        const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
        return new HqError('console.locked', `too many failed sign-ins: try again after ${until.toISOString()}`, {
          until: until.toISOString(),
          retryAfterSeconds,
        });
      }
      const result = await check(client, audit);
      if (typeof result === 'string') {
        await client.query('INSERT INTO hq_sign_in_failures (username, at) VALUES ($1, $2)', [username, at]);
        await audit(`${prefix}.failed`, { reason: result });
        if (n + 1 >= this.lockout.failures) await audit('lockout', { failures: n + 1, windowMs: this.lockout.windowMs });
        return failure();
      }
      if (!(result instanceof HqError)) await client.query('DELETE FROM hq_sign_in_failures WHERE username = $1', [username]);
      return result;
    });
    if (outcome instanceof HqError) throw outcome;
    return outcome;
  }

  /**
   * Checks a sign-in. Unknown, disabled and wrong-password attempts get the same answer after the
   * same work (a dummy hash for the unknown); every failure counts towards the username's lockout.
   * Attempts for one username are serialised, so parallel guesses cannot pass the limit. Every
   * outcome is audited.
   */
  signIn(attempt: SignInAttempt): Promise<HqUser> {
    const username = attempt.username.trim().toLowerCase().slice(0, 64);
    const now = this.now();
    return this.guarded(() =>
      this.attempt<HqUser>(
        username,
        attempt.remoteAddress,
        'sign-in',
        async (client, audit) => {
          const row = (await client.query<UserRow>('SELECT * FROM hq_users WHERE username = $1 FOR UPDATE', [username])).rows[0];
          const usable = row !== undefined && !row.disabled;
          const passwordOk = await verifyPassword(attempt.password, usable ? row.password_hash : await dummyPasswordHash());
          if (!usable) return row ? 'disabled' : 'unknown-user';
          if (!passwordOk) return 'password';
          if (row.totp_secret !== null) {
            if (attempt.totp === undefined || attempt.totp === '') {
              await audit('sign-in.totp-required');
              return new HqError('console.totp-required', 'enter the code from your authenticator app');
            }
            const step = matchTotp(row.totp_secret, attempt.totp, now, row.totp_last_step);
            if (step === null) return 'totp';
            await client.query('UPDATE hq_users SET totp_last_step = $2 WHERE username = $1', [username, step]);
          }
          await audit('sign-in');
          return userOf(row);
        },
        () => new HqError('console.sign-in-failed', 'wrong username, password or code'),
      ),
    );
  }

  /** A signed-in user's own new password, given the current one (a wrong one counts towards the lockout). */
  async changePassword(username: string, current: string, next: string, remoteAddress: string | null): Promise<void> {
    const problem = passwordProblem(next);
    if (problem) throw new HqError('hq-user.invalid', problem);
    if (next === current) throw new HqError('hq-user.invalid', 'the new password is the current one');
    await this.guarded(async () => {
      const hash = await hashPassword(next);
      const at = this.at();
      return this.attempt<true>(
        username,
        remoteAddress,
        'password.change',
        async (client, audit) => {
          const row = (await client.query<UserRow>('SELECT * FROM hq_users WHERE username = $1 FOR UPDATE', [username])).rows[0];
          if (!row || row.disabled) return new HqError('console.unauthenticated', 'sign in first (or your session ended)');
          if (!(await verifyPassword(current, row.password_hash))) return 'password';
          await client.query('UPDATE hq_users SET password_hash = $2, updated_at = $3 WHERE username = $1', [username, hash, at]);
          await audit('password.change');
          return true;
        },
        () => new HqError('console.wrong-password', 'the current password is wrong'),
      );
    });
  }
}
