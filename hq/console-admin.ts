import type pg from 'pg';
import { z } from 'zod';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { entryHash, signatureMessage, type UnsignedEntry } from '../core/ledger/entry.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import type { ConsoleRequest, ConsoleRoute } from './console-api.ts';
import { jsonBody, limitOf } from './console-body.ts';
import { createEnrollmentCode } from './enrollment.ts';
import { HqError } from './errors.ts';
import { HQ_ROLES, seesStore, writeAudit, type HqRole, type HqUser } from './hq-users.ts';
import { listLossCases } from './loss-cases.ts';
import { otpauthUri } from './totp.ts';

// The console's Enrollment, Disputes, Users and Audit pages (docs/hq.md "The console"): routes of
// the console's one route table (hq/console-api.ts), so each declares its roles and every change
// needs the session's CSRF token. A regional manager's stores are a condition in every query, never
// a filter applied after reading. Every change is written to the audit log.

const EVERY_ROLE: readonly HqRole[] = HQ_ROLES;
const MANAGERS: readonly HqRole[] = ['admin', 'regional-manager'];

function userOf(r: ConsoleRequest): HqUser {
  return r.session!.user;
}

/** A regional manager's stores, as a query parameter; null (every store) for the other roles. */
function storesOf(u: HqUser): string[] | null {
  return u.role === 'regional-manager' ? u.stores : null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

async function audit(r: ConsoleRequest, action: string, details: Record<string, unknown>, username?: string): Promise<void> {
  await writeAudit(r.deps.pool, new Date(r.deps.now()), {
    actor: userOf(r).username,
    action,
    username: username ?? userOf(r).username,
    remoteAddress: r.remoteAddress,
    details,
  });
}

// ---------------------------------------------------------------------------------------------
// Enrollment

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const idSchema = (what: string) => z.string().regex(ID, `${what} is letters, digits, ".", "_" or "-" (up to 64)`);

const codeSchema = z.strictObject({
  storeId: idSchema('the store id'),
  terminalId: idSchema('the terminal id'),
  validHours: z.number().int().min(1, 'a code is valid 1 to 168 hours').max(168, 'a code is valid 1 to 168 hours').default(24),
});

async function enrollment(pool: pg.Pool, stores: string[] | null, now: Date): Promise<Record<string, unknown>> {
  const terminals = await pool.query<{
    terminal_id: string;
    store_id: string;
    key_id: string;
    enrolled_at: Date;
    last_seen_at: Date | null;
    head_seq: number;
    revoked_at: Date | null;
    revoked_by: string | null;
  }>(
    `SELECT terminal_id, store_id, key_id, enrolled_at, last_seen_at, head_seq, revoked_at, revoked_by FROM hq_terminals
      WHERE ($1::text[] IS NULL OR store_id = ANY($1)) ORDER BY store_id, terminal_id`,
    [stores],
  );
  const codes = await pool.query<{ store_id: string; terminal_id: string; created_at: Date; expires_at: Date }>(
    `SELECT store_id, terminal_id, created_at, expires_at FROM hq_enrollment_codes
      WHERE used_at IS NULL AND expires_at > $2 AND ($1::text[] IS NULL OR store_id = ANY($1))
      ORDER BY created_at DESC LIMIT 200`,
    [stores, now],
  );
  return {
    terminals: terminals.rows.map((t) => ({
      terminalId: t.terminal_id,
      storeId: t.store_id,
      keyId: t.key_id,
      enrolledAt: iso(t.enrolled_at),
      lastSyncAt: iso(t.last_seen_at),
      headSeq: t.head_seq,
      revokedAt: iso(t.revoked_at),
      revokedBy: t.revoked_by,
    })),
    pendingCodes: codes.rows.map((c) => ({
      storeId: c.store_id,
      terminalId: c.terminal_id,
      createdAt: iso(c.created_at),
      expiresAt: iso(c.expires_at),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Disputes and their evidence

interface DisputeView {
  disputeId: number;
  terminalId: string;
  seq: number;
  entryHash: string;
  kind: string;
  storeId: string;
  memberId: string;
  salespersonIds: string[];
  cashierId: string | null;
  amount: number;
  currency: string;
  businessDay: string;
  comment: string | null;
  createdAt: string;
  entries: Array<{ terminalId: string; seq: number; hash: string; kind: string }>;
  caseId: number | null;
  caseStatus: string | null;
  /** Names from HQ's master data (member, and staff by id), null when HQ has none. */
  memberName: string | null;
  staffNames: Record<string, string>;
}

async function disputes(
  pool: pg.Pool,
  options: { stores: string[] | null; memberId?: string; staffId?: string; disputeId?: number; limit: number },
): Promise<DisputeView[]> {
  const r = await pool.query<
    Omit<DisputeView, 'createdAt' | 'disputeId' | 'caseId' | 'amount'> & {
      disputeId: string;
      caseId: string | null;
      amount: string;
      createdAt: Date;
    }
  >(
    `SELECT d.dispute_id AS "disputeId", d.terminal_id AS "terminalId", d.seq::int AS seq, d.entry_hash AS "entryHash", d.kind,
            d.store_id AS "storeId", d.member_id AS "memberId", d.salesperson_ids AS "salespersonIds", d.cashier_id AS "cashierId",
            d.amount, d.currency, d.business_day::text AS "businessDay", d.comment, d.created_at AS "createdAt", d.entries,
            c.case_id AS "caseId", c.status AS "caseStatus",
            (SELECT m.record ->> 'name' FROM hq_master_records m WHERE m.section = 'member' AND m.key = d.member_id) AS "memberName",
            (SELECT COALESCE(jsonb_object_agg(m.key, m.record ->> 'name'), '{}'::jsonb) FROM hq_master_records m
              WHERE m.section = 'staff' AND (m.key = ANY(d.salesperson_ids) OR m.key = d.cashier_id) AND m.record ->> 'name' IS NOT NULL) AS "staffNames"
       FROM hq_disputes d LEFT JOIN hq_loss_cases c ON c.dispute_id = d.dispute_id
      WHERE ($1::text[] IS NULL OR d.store_id = ANY($1)) AND ($2::text IS NULL OR d.member_id = $2)
        AND ($3::text IS NULL OR $3 = ANY(d.salesperson_ids) OR d.cashier_id = $3) AND ($4::bigint IS NULL OR d.dispute_id = $4)
      ORDER BY d.created_at DESC, d.dispute_id DESC LIMIT $5`,
    [options.stores, options.memberId ?? null, options.staffId ?? null, options.disputeId ?? null, options.limit],
  );
  return r.rows.map((x) => ({
    ...x,
    disputeId: Number(x.disputeId),
    amount: Number(x.amount),
    caseId: x.caseId === null ? null : Number(x.caseId),
    createdAt: x.createdAt.toISOString(),
  }));
}

interface EntryRow {
  terminal_id: string;
  seq: string;
  v: number;
  kind: string;
  business_day: string;
  started_at: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
}

/**
 * The disputed entries as HQ holds them, each checked now: its hash recomputed from its fields,
 * its signature checked with the terminal's key, and its hash compared with the one the dispute
 * recorded. Nothing here trusts a flag stored at ingest.
 */
async function verifiedEvidence(pool: pg.Pool, dispute: DisputeView): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const ref of dispute.entries) {
    const r = await pool.query<EntryRow>(
      `SELECT terminal_id, seq, v, kind, business_day::text AS business_day, started_at, ended_at, operator_id, body, prev_hash, hash,
              signature, key_id FROM ledger_entries WHERE terminal_id = $1 AND seq = $2`,
      [ref.terminalId, ref.seq],
    );
    const row = r.rows[0];
    if (!row) {
      out.push({ terminalId: ref.terminalId, seq: ref.seq, recordedHash: ref.hash, found: false, verified: false });
      continue;
    }
    const keys = await pool.query<{ key_id: string; public_key: string; rotated: Record<string, string> | null }>(
      `SELECT key_id, public_key, verifier_state -> 'publicKeys' AS rotated FROM hq_terminals WHERE terminal_id = $1`,
      [row.terminal_id],
    );
    const t = keys.rows[0];
    const publicKey = t ? ({ ...(t.rotated ?? {}), [t.key_id]: t.public_key } as Record<string, string>)[row.key_id] : undefined;
    let hashValid = false;
    let signatureValid = false;
    try {
      const unsigned: UnsignedEntry = {
        v: row.v,
        terminalId: row.terminal_id,
        seq: Number(row.seq),
        kind: row.kind,
        businessDay: row.business_day,
        startedAt: row.started_at,
        endedAt: row.ended_at,
        operatorId: row.operator_id,
        body: JSON.parse(row.body) as UnsignedEntry['body'],
        prevHash: row.prev_hash,
        keyId: row.key_id,
      };
      hashValid = entryHash(nodeLedgerCrypto, unsigned) === row.hash;
      signatureValid =
        publicKey !== undefined &&
        nodeLedgerCrypto.verifyEd25519(fromBase64(publicKey), signatureMessage(row.hash), fromBase64(row.signature));
    } catch {
      // A row that cannot be parsed or checked is shown as not verified.
    }
    const matchesDispute = row.hash === ref.hash;
    out.push({
      terminalId: row.terminal_id,
      seq: Number(row.seq),
      kind: row.kind,
      businessDay: row.business_day,
      endedAt: row.ended_at,
      operatorId: row.operator_id,
      prevHash: row.prev_hash,
      hash: row.hash,
      recordedHash: ref.hash,
      keyId: row.key_id,
      signature: row.signature,
      found: true,
      hashValid,
      signatureValid,
      matchesDispute,
      verified: hashValid && signatureValid && matchesDispute,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A member's or a salesperson's history

async function salesOf(
  pool: pg.Pool,
  who: { memberId?: string; staffId?: string },
  stores: string[] | null,
  limit: number,
): Promise<Array<Record<string, unknown>>> {
  const r = await pool.query<{
    terminal_id: string;
    seq: string;
    kind: string;
    business_day: string;
    ended_at: string;
    operator_id: string | null;
    store_id: string;
    hash: string;
    member_id: string | null;
    total: string | null;
    receipt_no: string | null;
  }>(
    `SELECT e.terminal_id, e.seq, e.kind, e.business_day::text AS business_day, e.ended_at, e.operator_id, t.store_id, e.hash,
            e.body::jsonb -> 'member' ->> 'memberId' AS member_id, e.body::jsonb ->> 'total' AS total, e.body::jsonb ->> 'receiptNo' AS receipt_no
       FROM ledger_entries e JOIN hq_terminals t USING (terminal_id)
      WHERE e.kind IN ('sale', 'return') AND ($1::text[] IS NULL OR t.store_id = ANY($1)) AND ${
        // One condition or the other, not both with "IS NULL OR": the member's is an index (migration 0011).
        who.memberId !== undefined
          ? `(e.body::jsonb -> 'member') ->> 'memberId' = $2`
          : `(e.operator_id = $2 OR e.body::jsonb -> 'salespersons' @> jsonb_build_array(jsonb_build_object('staffId', $2::text)))`
      }
      ORDER BY e.ended_at DESC, e.terminal_id, e.seq DESC LIMIT $3`,
    [stores, who.memberId ?? who.staffId, limit],
  );
  return r.rows.map((x) => ({
    terminalId: x.terminal_id,
    seq: Number(x.seq),
    kind: x.kind,
    businessDay: x.business_day,
    endedAt: x.ended_at,
    operatorId: x.operator_id,
    storeId: x.store_id,
    hash: x.hash,
    memberId: x.member_id,
    total: x.total === null ? null : Number(x.total),
    receiptNo: x.receipt_no === null ? null : Number(x.receipt_no),
  }));
}

async function casesOf(pool: pg.Pool, who: { memberId?: string; staffId?: string }, stores: string[] | null, limit: number) {
  const ids = await pool.query<{ case_id: string }>(
    `SELECT case_id FROM hq_loss_cases WHERE ($1::text IS NULL OR member_id = $1) AND ($2::text IS NULL OR $2 = ANY(staff_ids))
      AND ($3::text[] IS NULL OR store_ids <@ $3::text[]) ORDER BY case_id DESC LIMIT $4`,
    [who.memberId ?? null, who.staffId ?? null, stores, limit],
  );
  if (ids.rows.length === 0) return [];
  const cases = await listLossCases(pool, {
    caseIds: ids.rows.map((x) => Number(x.case_id)),
    ...(stores ? { withinStores: stores } : {}),
  });
  return cases.map(({ caseKey: _key, reason: _reason, ...rest }) => rest);
}

// ---------------------------------------------------------------------------------------------
// Users

const newUserSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a username is lower-case letters, digits, ".", "_" or "-" (up to 64)'),
  displayName: z.string().max(200).default(''),
  role: z.enum(HQ_ROLES),
  stores: z.array(z.string().max(64)).max(500).default([]),
  totp: z.boolean().default(false),
});

const resetSchema = z.strictObject({ totp: z.enum(['keep', 'enrol', 'remove']).default('keep') });

function credentials(r: ConsoleRequest, username: string, c: { generatedPassword: string | null; totpSecret: string | null }) {
  return {
    username,
    password: c.generatedPassword,
    totpUri: c.totpSecret ? otpauthUri(r.deps.totpIssuer ?? 'Tillproof HQ', username, c.totpSecret) : null,
  };
}

function notYourself(r: ConsoleRequest, username: string, what: string): void {
  if (username === userOf(r).username) throw new HqError('request.invalid', `you cannot ${what} yourself`);
}

// ---------------------------------------------------------------------------------------------
// Routes

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ADMIN_CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/console/api/enrollment',
    access: EVERY_ROLE,
    handler: async (r) => ({ body: await enrollment(r.deps.pool, storesOf(userOf(r)), new Date(r.deps.now())) }),
  },
  {
    method: 'POST',
    path: '/console/api/enrollment/codes',
    access: MANAGERS,
    async handler(r) {
      const body = jsonBody(r, codeSchema);
      if (!seesStore(userOf(r), body.storeId)) throw new HqError('console.forbidden', `store ${body.storeId} is not one of your stores`);
      const enrolled = await r.deps.pool.query('SELECT 1 FROM hq_terminals WHERE terminal_id = $1', [body.terminalId]);
      if (enrolled.rowCount)
        throw new HqError('request.invalid', `terminal ${body.terminalId} is enrolled already: a new till needs a new terminal id`);
      const created = await createEnrollmentCode(r.deps.pool, { ...body, now: new Date(r.deps.now()) });
      await audit(r, 'enrollment.code', { storeId: body.storeId, terminalId: body.terminalId, expiresAt: created.expiresAt });
      return { body: { storeId: body.storeId, terminalId: body.terminalId, ...created } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/terminals/:terminalId/revoke',
    access: MANAGERS,
    async handler(r) {
      const terminalId = r.params.terminalId ?? '';
      const stores = storesOf(userOf(r));
      const at = new Date(r.deps.now());
      const revoked = await r.deps.pool.query<{ store_id: string }>(
        `UPDATE hq_terminals SET revoked_at = $2, revoked_by = $3
          WHERE terminal_id = $1 AND revoked_at IS NULL AND ($4::text[] IS NULL OR store_id = ANY($4)) RETURNING store_id`,
        [terminalId, at, userOf(r).username, stores],
      );
      if (!revoked.rows[0]) {
        const seen = await r.deps.pool.query(
          'SELECT 1 FROM hq_terminals WHERE terminal_id = $1 AND ($2::text[] IS NULL OR store_id = ANY($2))',
          [terminalId, stores],
        );
        // A terminal of another region is "not found" to a regional manager.
        if (!seen.rowCount) throw new HqError('request.not-found', `no terminal ${terminalId}`);
        throw new HqError('request.invalid', `terminal ${terminalId} is revoked already`);
      }
      r.deps.terminals?.invalidate(terminalId);
      await audit(r, 'terminal.revoke', { terminalId, storeId: revoked.rows[0].store_id });
      return { body: { terminalId, storeId: revoked.rows[0].store_id, revokedAt: at.toISOString(), revokedBy: userOf(r).username } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/disputes',
    access: EVERY_ROLE,
    async handler(r) {
      const { member, staff } = r.query;
      const rows = await disputes(r.deps.pool, {
        stores: storesOf(userOf(r)),
        ...(member ? { memberId: member } : {}),
        ...(staff ? { staffId: staff } : {}),
        limit: limitOf(r.query.limit, 200),
      });
      return { body: { disputes: rows } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/disputes/:disputeId/evidence',
    access: EVERY_ROLE,
    async handler(r) {
      const disputeId = Number(r.params.disputeId);
      if (!Number.isSafeInteger(disputeId) || disputeId < 1)
        throw new HqError('request.invalid', 'the dispute id is a positive whole number');
      const [dispute] = await disputes(r.deps.pool, { stores: storesOf(userOf(r)), disputeId, limit: 1 });
      if (!dispute) throw new HqError('request.not-found', `no dispute ${disputeId}`);
      return {
        body: { disputeId, checkedAt: new Date(r.deps.now()).toISOString(), entries: await verifiedEvidence(r.deps.pool, dispute) },
      };
    },
  },
  {
    method: 'GET',
    path: '/console/api/history',
    access: EVERY_ROLE,
    async handler(r) {
      const { member, staff } = r.query;
      if ((member ? 1 : 0) + (staff ? 1 : 0) !== 1)
        throw new HqError('request.invalid', 'ask for one member (member=ID) or one salesperson (staff=ID)');
      const who = member ? { memberId: member } : { staffId: staff! };
      const stores = storesOf(userOf(r));
      const limit = limitOf(r.query.limit, 200);
      return {
        body: {
          ...who,
          sales: await salesOf(r.deps.pool, who, stores, limit),
          disputes: await disputes(r.deps.pool, { stores, ...who, limit }),
          cases: await casesOf(r.deps.pool, who, stores, limit),
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/console/api/users',
    access: ['admin'],
    async handler(r) {
      const body = jsonBody(r, newUserSchema);
      const c = await r.deps.users.add(
        {
          username: body.username,
          displayName: body.displayName.trim() || body.username,
          role: body.role,
          stores: body.stores,
          password: null,
          totp: body.totp,
        },
        userOf(r).username,
      );
      return { body: { user: await r.deps.users.get(body.username), credentials: credentials(r, body.username, c) } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/users/:username/enable',
    access: ['admin'],
    async handler(r) {
      const username = r.params.username ?? '';
      return { body: { user: await r.deps.users.setDisabled(username, false, userOf(r).username, r.remoteAddress) } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/users/:username/reset',
    access: ['admin'],
    async handler(r) {
      const username = r.params.username ?? '';
      notYourself(r, username, 'reset');
      const body = jsonBody(r, resetSchema);
      const c = await r.deps.users.reset(
        username,
        { password: null, ...(body.totp === 'keep' ? {} : { totp: body.totp }) },
        userOf(r).username,
      );
      return { body: { user: await r.deps.users.get(username), credentials: credentials(r, username, c) } };
    },
  },
];

/** The audit log's filters from a query: a user (actor or the user it is about), an action (prefix), a period of UTC days. */
export function auditFilters(query: Record<string, string | undefined>): { user?: string; action?: string; from?: string; to?: string } {
  const { user, action, from, to } = query;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (value !== undefined && value !== '' && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
      throw new HqError('request.invalid', `${name} is a day, YYYY-MM-DD`);
  return { ...(user ? { user } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
