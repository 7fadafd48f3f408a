import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { ConsoleConfig } from './config.ts';
import type { ConsoleSessions } from './console-sessions.ts';
import { csrfTokenMatches, csrfTokenOf, type ActiveSession } from './console-sessions.ts';
import { HqError } from './errors.ts';
import { jsonBody, limitOf } from './console-body.ts';
import { ADMIN_CONSOLE_ROUTES, auditFilters } from './console-admin.ts';
import type { TerminalRegistry } from './terminals.ts';
import { MASTER_DATA_ROUTES, type CatalogImports } from './console-master-data.ts';
import { STAFF_ROUTES } from './console-staff.ts';
import { RULES_ROUTES } from './console-rules.ts';
import type { MasterData } from './master-data.ts';
import type { IncidentKind } from './incidents.ts';
import { explainLoss, LOSS_LOCALES, type LossLocale } from '../core/loss/loss-text.ts';
import { CASE_STATUSES, REVIEW_OUTCOMES, listLossCases, reviewLossCase, type CaseStatus, type HqLossCase } from './loss-cases.ts';
import { drillDown, salesReport, type SalesQuery } from './sales-report.ts';
import { salesPdf, salesPdfLocaleOf, salesPdfName } from './sales-pdf.ts';
import { storedReport, storesToday } from './store-glance.ts';
import { EXCEPTION_GROUPS, SALES_DIMENSIONS, isTimeZone, type ExceptionGroup, type SalesDimension } from './sales-figures.ts';
import { HQ_ROLES, listAudit, seesStore, writeAudit, type HqRole, type HqUser, type HqUsers } from './hq-users.ts';

// The HQ console's API under /console/api (docs/hq.md "Console users and sign-in"), a Fastify
// plugin of its own. Every route is declared in CONSOLE_ROUTES with the roles it admits, and one
// dispatcher enforces, in order: a live session (401), for a state-changing request the Origin and
// the session's CSRF token (403), the role (403). tests/integration/hq/console-api.test.ts walks
// the table, so a new route cannot forget its role.

export interface ConsoleDeps {
  pool: pg.Pool;
  users: HqUsers;
  sessions: ConsoleSessions;
  now: () => number;
  /** To forget a revoked terminal at once (other HQ processes re-read it within a minute). */
  terminals?: TerminalRegistry;
  /** The issuer an authenticator app shows for a TOTP enrolled from the console. */
  totpIssuer?: string;
  /** The one publish path to the tills (the CLI's too). */
  masterData: MasterData;
  /** The store currency (config `currency`): prices typed in the console are read in it, and a post-void whose sale HQ does not hold is counted in it. */
  currency: string;
  /** Catalog files being uploaded through the console. */
  catalogImports: CatalogImports;
}

export interface ConsoleRequest {
  deps: ConsoleDeps;
  req: FastifyRequest;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** The raw body (JSON for the routes that take one). */
  body: Buffer;
  remoteAddress: string | null;
  /** Null only on public routes. */
  session: ActiveSession | null;
  /** The session id presented in the cookie (checked or not), for sign-in to end it. */
  presentedSessionId: string | null;
}

export interface ConsoleResult {
  status?: number;
  body: unknown;
  /** A file to download instead of JSON (the sales PDF). */
  file?: { contentType: string; name: string; bytes: Buffer };
  /** 'new': set the cookie to the new session id; 'clear': remove it. */
  cookie?: { set: string } | 'clear';
}

export interface ConsoleRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** 'public': no session (sign-in only); otherwise the roles admitted. */
  access: 'public' | readonly HqRole[];
  handler(r: ConsoleRequest): Promise<ConsoleResult>;
}

const EVERY_ROLE: readonly HqRole[] = HQ_ROLES;

function user(r: ConsoleRequest): HqUser {
  return r.session!.user;
}

const reviewSchema = z.strictObject({
  outcome: z.enum(REVIEW_OUTCOMES),
  note: z
    .string()
    .max(2000)
    .refine((n) => n.trim().length > 0, 'a review needs a note saying why'),
});

/** A regional manager sees a case only when every store in it is theirs. */
function seesCase(u: HqUser, c: Pick<HqLossCase, 'storeIds'>): boolean {
  return c.storeIds.every((s) => seesStore(u, s));
}

/** A case for the console: its explanation worded in the page's language from the facts the rule recorded. */
function caseForConsole(c: HqLossCase, locale: LossLocale): Record<string, unknown> {
  const { reason, caseKey: _key, ...rest } = c;
  return { ...rest, explanation: reason ? explainLoss(reason, locale) : c.explanation };
}

function localeOf(value: string | undefined): LossLocale {
  return value !== undefined && (LOSS_LOCALES as readonly string[]).includes(value) ? (value as LossLocale) : 'en';
}

const signInSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z.string().max(16).optional(),
});

const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(1024),
});

interface TerminalRow {
  store_id: string;
  terminal_id: string;
  enrolled_at: Date;
  last_seen_at: Date | null;
  head_seq: number;
  report: unknown;
  reported_at: Date | null;
}

/** The stores and terminals `u` may see (a regional manager: theirs only). */
async function visibleTerminals(pool: pg.Pool, u: HqUser, storeId?: string): Promise<TerminalRow[]> {
  const r = await pool.query<TerminalRow>(
    `SELECT store_id, terminal_id, enrolled_at, last_seen_at, head_seq, report, reported_at FROM hq_terminals
      WHERE ($1::text[] IS NULL OR store_id = ANY($1)) AND ($2::text IS NULL OR store_id = $2)
      ORDER BY store_id, terminal_id`,
    [u.role === 'regional-manager' ? u.stores : null, storeId ?? null],
  );
  return r.rows;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The incident kinds a terminal's chain status counts (docs/hq.md "The console"). */
const CHAIN_INCIDENT_KINDS = [
  'fork',
  'gap',
  'tampered-entry',
  'chain-broken',
  'malformed-batch',
  'replayed-request',
  'member-code-reused',
  'giftcard-overspent',
  'z-report-mismatch',
] as const satisfies readonly IncidentKind[];
type ChainIncidentKind = (typeof CHAIN_INCIDENT_KINDS)[number];

/**
 * Per terminal, how many times each chain incident happened (repeats counted on one incident row
 * count as many). Incidents are kept, not closed, so these are all of them, ever.
 */
async function chainIncidents(pool: pg.Pool, terminalIds: string[]): Promise<Map<string, Partial<Record<ChainIncidentKind, number>>>> {
  const byTerminal = new Map<string, Partial<Record<ChainIncidentKind, number>>>();
  if (terminalIds.length === 0) return byTerminal;
  const r = await pool.query<{ terminal_id: string; kind: ChainIncidentKind; n: number }>(
    `SELECT terminal_id, kind, SUM(repeat_count)::int AS n FROM hq_incidents
      WHERE terminal_id = ANY($1) AND kind = ANY($2) GROUP BY terminal_id, kind ORDER BY terminal_id, kind`,
    [terminalIds, CHAIN_INCIDENT_KINDS],
  );
  for (const row of r.rows) byTerminal.set(row.terminal_id, { ...byTerminal.get(row.terminal_id), [row.kind]: row.n });
  return byTerminal;
}

/** The period, store and time zone of a sales request; the stores a regional manager may see go into every query. */
function salesQueryOf(r: ConsoleRequest): SalesQuery {
  const u = user(r);
  const { from, to, store, tz } = r.query;
  if (from === undefined || to === undefined) throw new HqError('request.invalid', 'from and to are required (YYYY-MM-DD)');
  if (store !== undefined && store !== '' && !seesStore(u, store))
    throw new HqError('console.forbidden', `store ${store} is not one of your stores`);
  const timeZone = tz === undefined || tz === '' ? 'UTC' : tz;
  if (!isTimeZone(timeZone)) throw new HqError('request.invalid', `unknown time zone ${timeZone}`);
  return {
    from,
    to,
    ...(store ? { storeId: store } : {}),
    withinStores: u.role === 'regional-manager' ? u.stores : null,
    timeZone,
    currency: r.deps.currency ?? 'TWD',
  };
}

/** The browser's time zone for "today" (UTC when none or an unknown one is given). */
function timeZoneOf(tz: string | undefined): string {
  const timeZone = tz === undefined || tz === '' ? 'UTC' : tz;
  if (!isTimeZone(timeZone)) throw new HqError('request.invalid', `unknown time zone ${timeZone}`);
  return timeZone;
}

function dimensionOf(value: string | undefined): SalesDimension {
  const d = value ?? 'store';
  if (!(SALES_DIMENSIONS as readonly string[]).includes(d))
    throw new HqError('request.invalid', `dimension is one of ${SALES_DIMENSIONS.join(', ')}`);
  return d as SalesDimension;
}

function me(u: HqUser, sessionId: string): Record<string, unknown> {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    stores: u.stores,
    totp: u.totp,
    csrfToken: csrfTokenOf(sessionId),
  };
}

export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/console/api/sales',
    access: EVERY_ROLE,
    handler: async (r) => ({ body: await salesReport(r.deps.pool, salesQueryOf(r), dimensionOf(r.query.dimension)) }),
  },
  {
    method: 'GET',
    path: '/console/api/sales/entries',
    access: EVERY_ROLE,
    async handler(r) {
      const q = salesQueryOf(r);
      const { cashier, group, key, currency } = r.query;
      if (group !== undefined && !(EXCEPTION_GROUPS as readonly string[]).includes(group))
        throw new HqError('request.invalid', `group is one of ${EXCEPTION_GROUPS.join(', ')}`);
      if (cashier === undefined && key === undefined)
        throw new HqError('request.invalid', 'name the figure: key (with dimension) or cashier');
      const figure =
        cashier !== undefined
          ? { cashier, ...(group ? { group: group as ExceptionGroup } : {}) }
          : { dimension: dimensionOf(r.query.dimension), key: key!, ...(currency ? { currency } : {}) };
      return { body: await drillDown(r.deps.pool, q, figure, limitOf(r.query.limit, 500)) };
    },
  },
  {
    method: 'GET',
    path: '/console/api/sales/pdf',
    access: EVERY_ROLE,
    async handler(r) {
      const u = user(r);
      const q = salesQueryOf(r);
      const report = await salesReport(r.deps.pool, q, dimensionOf(r.query.dimension));
      // The stores the file covers: the one asked for, a regional manager's own, or (null) the whole chain.
      const stores = q.storeId ? [q.storeId] : u.role === 'regional-manager' ? u.stores : [];
      const bytes = await salesPdf(report, { locale: salesPdfLocaleOf(r.query.lang), stores, generatedAt: new Date(r.deps.now()) });
      await writeAudit(r.deps.pool, new Date(r.deps.now()), {
        actor: u.username,
        action: 'sales.export-pdf',
        username: u.username,
        remoteAddress: r.remoteAddress,
        details: { from: q.from, to: q.to, stores, dimension: report.dimension },
      });
      return { body: null, file: { contentType: 'application/pdf', name: salesPdfName(report), bytes } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/session',
    access: 'public',
    async handler(r) {
      const body = jsonBody(r, signInSchema);
      const u = await r.deps.users.signIn({ ...body, remoteAddress: r.remoteAddress });
      // Whatever session the browser held ends; the new one always has a new id.
      if (r.presentedSessionId) await r.deps.sessions.end(r.presentedSessionId);
      const session = await r.deps.sessions.create(u.username);
      return {
        body: { ...me(u, session.sessionId), expiresAt: session.expiresAt.toISOString() },
        cookie: { set: session.sessionId },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/console/api/session',
    access: EVERY_ROLE,
    async handler(r) {
      await r.deps.sessions.end(r.session!.sessionId);
      await writeAudit(r.deps.pool, new Date(r.deps.now()), {
        actor: user(r).username,
        action: 'sign-out',
        username: user(r).username,
        remoteAddress: r.remoteAddress,
      });
      return { body: { signedOut: true }, cookie: 'clear' };
    },
  },
  {
    method: 'GET',
    path: '/console/api/me',
    access: EVERY_ROLE,
    handler: async (r) => ({ body: me(user(r), r.session!.sessionId) }),
  },
  {
    method: 'POST',
    path: '/console/api/me/password',
    access: EVERY_ROLE,
    async handler(r) {
      const body = jsonBody(r, passwordChangeSchema);
      await r.deps.users.changePassword(user(r).username, body.currentPassword, body.newPassword, r.remoteAddress);
      // Anyone else signed in as this user (a stolen session, another browser) is signed out.
      const ended = await r.deps.sessions.endOthers(user(r).username, r.session!.sessionId);
      return { body: { changed: true, otherSessionsEnded: ended } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/stores',
    access: EVERY_ROLE,
    async handler(r) {
      const stores = new Map<string, { storeId: string; terminals: number; lastSyncAt: string | null }>();
      for (const t of await visibleTerminals(r.deps.pool, user(r))) {
        const s = stores.get(t.store_id) ?? { storeId: t.store_id, terminals: 0, lastSyncAt: null };
        s.terminals++;
        const seen = iso(t.last_seen_at);
        if (seen && (s.lastSyncAt === null || seen > s.lastSyncAt)) s.lastSyncAt = seen;
        stores.set(t.store_id, s);
      }
      // A store's day at a glance when the page says whose "today" (its time zone) it means.
      if (r.query.tz === undefined) return { body: { stores: [...stores.values()] } };
      const today = await storesToday(r.deps.pool, [...stores.keys()], {
        timeZone: timeZoneOf(r.query.tz),
        currency: r.deps.currency ?? 'TWD',
        now: new Date(r.deps.now()),
      });
      return { body: { stores: [...stores.values()].map((s) => ({ ...s, today: today.get(s.storeId) ?? null })) } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/stores/:storeId/terminals',
    access: EVERY_ROLE,
    async handler(r) {
      const storeId = r.params.storeId ?? '';
      if (!seesStore(user(r), storeId)) throw new HqError('console.forbidden', `store ${storeId} is not one of your stores`);
      const rows = await visibleTerminals(r.deps.pool, user(r), storeId);
      const incidents = await chainIncidents(
        r.deps.pool,
        rows.map((t) => t.terminal_id),
      );
      const terminals = rows.map((t) => ({
        terminalId: t.terminal_id,
        storeId: t.store_id,
        enrolledAt: iso(t.enrolled_at),
        lastSyncAt: iso(t.last_seen_at),
        headSeq: t.head_seq,
        // HQ stores only entries whose chain and signatures it verified, so its head is how far the chain is verified.
        verifiedSeq: t.head_seq,
        incidents: incidents.get(t.terminal_id) ?? {},
        // What the till last said about itself; null from a till that does not report (an older version).
        report: storedReport(t.report),
        reportedAt: iso(t.reported_at),
      }));
      return { body: { storeId, terminals } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/users',
    access: ['admin'],
    handler: async (r) => ({ body: { users: await r.deps.users.list() } }),
  },
  {
    method: 'POST',
    path: '/console/api/users/:username/disable',
    access: ['admin'],
    async handler(r) {
      const username = r.params.username ?? '';
      if (username === user(r).username) throw new HqError('request.invalid', 'you cannot disable yourself');
      return { body: { user: await r.deps.users.setDisabled(username, true, user(r).username, r.remoteAddress) } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/audit',
    access: ['auditor', 'admin'],
    async handler(r) {
      const rows = await listAudit(r.deps.pool, {
        ...(r.query.username ? { username: r.query.username } : {}),
        ...auditFilters(r.query),
        limit: limitOf(r.query.limit, 100),
      });
      return { body: { rows } };
    },
  },
  {
    method: 'GET',
    path: '/console/api/loss-cases',
    access: EVERY_ROLE,
    async handler(r) {
      const u = user(r);
      const { status, store, rule } = r.query;
      if (status !== undefined && !(CASE_STATUSES as readonly string[]).includes(status))
        throw new HqError('request.invalid', `status is one of ${CASE_STATUSES.join(', ')}`);
      if (store !== undefined && !seesStore(u, store)) throw new HqError('console.forbidden', `store ${store} is not one of your stores`);
      const cases = await listLossCases(r.deps.pool, {
        ...(status ? { status: status as CaseStatus } : {}),
        ...(store ? { storeId: store } : {}),
        ...(rule ? { rule } : {}),
        ...(u.role === 'regional-manager' ? { withinStores: u.stores } : {}),
        limit: limitOf(r.query.limit, 500),
      });
      const locale = localeOf(r.query.lang);
      return { body: { cases: cases.map((c) => caseForConsole(c, locale)) } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/loss-cases/:caseId/review',
    access: ['admin', 'regional-manager'],
    async handler(r) {
      const u = user(r);
      const caseId = Number(r.params.caseId);
      if (!Number.isSafeInteger(caseId) || caseId < 1) throw new HqError('request.invalid', 'the case id is a positive whole number');
      const body = jsonBody(r, reviewSchema);
      const [found] = await listLossCases(r.deps.pool, { caseIds: [caseId] });
      // A case in another region is "not found" to a regional manager, as in the list.
      if (!found || !seesCase(u, found)) throw new HqError('request.not-found', `no loss case ${caseId}`);
      const reviewed = await reviewLossCase(r.deps.pool, caseId, { outcome: body.outcome, note: body.note.trim(), by: u.username });
      if (!reviewed) throw new HqError('request.not-found', `no loss case ${caseId}`);
      await writeAudit(r.deps.pool, new Date(r.deps.now()), {
        actor: u.username,
        action: 'loss-case.review',
        username: u.username,
        remoteAddress: r.remoteAddress,
        details: { caseId, outcome: body.outcome, status: reviewed.status },
      });
      return { body: { case: caseForConsole(reviewed, localeOf(r.query.lang)) } };
    },
  },
  // Enrollment, disputes, users and the audit log (hq/console-admin.ts).
  ...ADMIN_CONSOLE_ROUTES,
  ...MASTER_DATA_ROUTES,
  ...STAFF_ROUTES,
  ...RULES_ROUTES,
];

export interface ConsoleApiOptions {
  deps: ConsoleDeps;
  config: ConsoleConfig;
  /** HQ serves TLS itself. */
  tls: boolean;
  track?: (
    handler: (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
  ) => (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
}

/** Cookies are Secure when browsers reach the console over HTTPS (HQ's TLS, or an https publicOrigin). */
export function cookieName(secure: boolean): string {
  // The __Host- prefix: the browser keeps it only when Secure, Path=/ and without Domain.
  return secure ? '__Host-tillproof-hq' : 'tillproof-hq';
}

function cookieValue(req: FastifyRequest, name: string): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const consoleApi: FastifyPluginAsync<ConsoleApiOptions> = async (app, options) => {
  const { deps, config } = options;
  const secure = options.tls || (config.publicOrigin?.startsWith('https:') ?? false);
  const name = cookieName(secure);
  const configuredOrigin = config.publicOrigin ? new URL(config.publicOrigin).origin : null;
  const maxAge = config.absoluteHours * 3600;

  const cookie = (value: string, age: number): string =>
    `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${age}${secure ? '; Secure' : ''}`;

  /** State-changing requests come from the console's own origin (a page elsewhere cannot post here). */
  const checkOrigin = (req: FastifyRequest): void => {
    const origin = headerOf(req, 'origin');
    const expected = configuredOrigin ?? `${options.tls ? 'https' : 'http'}://${headerOf(req, 'host') ?? ''}`;
    if (origin !== expected) throw new HqError('console.csrf', `a console change must come from ${expected} (Origin: ${origin ?? 'none'})`);
  };

  const refuse = async (req: FastifyRequest, session: ActiveSession, route: ConsoleRoute, error: HqError): Promise<never> => {
    await writeAudit(deps.pool, new Date(deps.now()), {
      actor: session.user.username,
      action: 'access.refused',
      username: session.user.username,
      remoteAddress: req.ip ?? null,
      details: { method: route.method, path: route.path, code: error.code },
    });
    throw error;
  };

  for (const route of CONSOLE_ROUTES) {
    const handle = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const changes = route.method !== 'GET';
      const presentedSessionId = cookieValue(req, name);
      let session: ActiveSession | null = null;
      if (route.access === 'public') {
        if (changes) checkOrigin(req);
      } else {
        session = presentedSessionId ? await deps.sessions.lookup(presentedSessionId) : null;
        if (!session) throw new HqError('console.unauthenticated', 'sign in first (or your session ended)');
        if (changes) {
          try {
            checkOrigin(req);
          } catch (e) {
            return refuse(req, session, route, e as HqError);
          }
          const token = headerOf(req, 'x-csrf-token') ?? '';
          if (!csrfTokenMatches(session.sessionId, token))
            return refuse(req, session, route, new HqError('console.csrf', 'the X-CSRF-Token header is missing or not this session’s'));
        }
        if (!route.access.includes(session.user.role))
          return refuse(req, session, route, new HqError('console.forbidden', `this needs the role ${route.access.join(' or ')}`));
      }
      const result = await route.handler({
        deps,
        req,
        params: (req.params ?? {}) as Record<string, string>,
        query: (req.query ?? {}) as Record<string, string | undefined>,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        remoteAddress: req.ip ?? null,
        session,
        presentedSessionId,
      });
      if (result.cookie === 'clear') reply.header('set-cookie', cookie('', 0));
      else if (result.cookie) reply.header('set-cookie', cookie(result.cookie.set, maxAge));
      if (result.file)
        return reply
          .code(result.status ?? 200)
          .header('content-type', result.file.contentType)
          .header('content-disposition', `attachment; filename="${result.file.name.replace(/[^\w.-]/g, '_')}"`)
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .send(result.file.bytes);
      return reply
        .code(result.status ?? 200)
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(JSON.stringify(result.body));
    };
    app.route({ method: route.method, url: route.path, handler: options.track ? options.track(handle) : handle });
  }
};
