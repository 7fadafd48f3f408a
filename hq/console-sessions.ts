import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { userOf, type HqUser } from './hq-users.ts';

// Console sessions: a random 256-bit id in an HttpOnly cookie, kept in PostgreSQL only as its
// SHA-256 (a copy of the table signs no one in), with an idle and an absolute expiry. A sign-in
// always makes a new id (a cookie set beforehand is never adopted: no session fixation).
// The CSRF token is derived from the id (a different hash than the stored one): bound to the
// session, readable by the console's script, useless without the cookie.

const SESSION_BYTES = 32;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`tillproof-hq-csrf\0${sessionId}`).digest('base64url');
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(sessionId: string, presented: string): boolean {
  const expected = Buffer.from(csrfTokenOf(sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  sessionId: string;
  user: HqUser;
}

export class ConsoleSessions {
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(pool: pg.Pool, options: { idleMs: number; absoluteMs: number; now?: () => number }) {
    this.pool = pool;
    this.now = options.now ?? Date.now;
    this.idleMs = options.idleMs;
    this.absoluteMs = options.absoluteMs;
  }

  async create(username: string): Promise<NewSession> {
    const sessionId = randomBytes(SESSION_BYTES).toString('base64url');
    const at = new Date(this.now());
    const expiresAt = new Date(at.getTime() + this.absoluteMs);
    await this.pool.query(
      'INSERT INTO hq_sessions (session_hash, username, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
      [sessionHash(sessionId), username, at, expiresAt],
    );
    // Expired sessions of anyone go with each new one: the table holds live sessions only.
    await this.pool.query('DELETE FROM hq_sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
      at,
      new Date(at.getTime() - this.idleMs),
    ]);
    return { sessionId, csrfToken: csrfTokenOf(sessionId), expiresAt };
  }

  /** The session's user when the id names a live session of an enabled user (and marks it used), else null. */
  async lookup(sessionId: string): Promise<ActiveSession | null> {
    if (!SESSION_ID.test(sessionId)) return null;
    const at = new Date(this.now());
    const r = await this.pool.query<Parameters<typeof userOf>[0]>(
      `UPDATE hq_sessions s SET last_seen_at = $2 FROM hq_users u
        WHERE s.session_hash = $1 AND u.username = s.username AND NOT u.disabled
          AND s.expires_at > $2 AND s.last_seen_at > $3
        RETURNING u.*`,
      [sessionHash(sessionId), at, new Date(at.getTime() - this.idleMs)],
    );
    return r.rows[0] ? { sessionId, user: userOf(r.rows[0]) } : null;
  }

  /** Ends every session of `username` but `keepSessionId` (after a password change). */
  async endOthers(username: string, keepSessionId: string): Promise<number> {
    const r = await this.pool.query('DELETE FROM hq_sessions WHERE username = $1 AND session_hash <> $2', [
      username,
      sessionHash(keepSessionId),
    ]);
    return r.rowCount ?? 0;
  }

  /** Ends a session (sign-out); true when there was one. */
  async end(sessionId: string): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM hq_sessions WHERE session_hash = $1', [sessionHash(sessionId)]);
    return (r.rowCount ?? 0) > 0;
  }
}
