import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { keyIdOf } from '../core/ledger/entry.ts';
import { enrollRequestSchema, sha256Hex, type ErrorResponse } from '../platform/hq-protocol.ts';
import { processLogger, type Logger, type LogSink } from '../platform/logger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { assertSafeListen, type HqConfig } from './config.ts';
import { redeemEnrollmentCode } from './enrollment.ts';
import { HqError } from './errors.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { IncomingRequest } from './request-auth.ts';
import { exceptionsByCashier, salesByStoreDay } from './reports.ts';
import { HqService, openHqDatabase, type HqDatabase } from './service.ts';
import { listReceiptMail, ReceiptMailer, smtpTransport, type MailTransport, type ReceiptMailStatus } from './receipt-mail.ts';
import { MemberNotifier, type MessageProvider } from './member-notices.ts';
import { disputeCounts, listDisputes, registerDisputeRoutes } from './disputes.ts';
import { checkNoticeSecret } from './notice-token.ts';
import { consoleApi } from './console-api.ts';
import { CatalogImports } from './console-master-data.ts';
import { registerReceiptPage } from './receipt-page.ts';
import { CONSOLE_DIST, loadConsoleFiles, registerConsolePages } from './console-pages.ts';
import { InvoiceUploader } from './einvoice/invoice-uploader.ts';
import { terminalRanges } from './einvoice/tracks.ts';

// The HQ HTTP API (docs/hq.md). Every terminal route is signed by the terminal key; bodies are
// read raw so that the signature covers exactly the bytes received.

const TERMINAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function incoming(req: FastifyRequest): IncomingRequest {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return { method: req.method, url: req.url, headers: req.headers, body, remoteAddress: req.ip ?? null };
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new HqError('request.invalid', 'the body is not JSON');
  }
}

function send(reply: FastifyReply, status: number, payload: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(payload));
}

function pathTerminal(req: FastifyRequest): string {
  const id = (req.params as { terminalId?: string }).terminalId ?? '';
  if (!TERMINAL_ID.test(id)) throw new HqError('request.not-found', 'no such terminal path');
  return id;
}

export interface HqAppOptions {
  /** Report API bearer tokens in clear (tests, TILLPROOF_HQ_REPORT_TOKEN); the config holds SHA-256 hashes. */
  reportTokens?: readonly string[];
  /** Signs the "this wasn't me" links of member notices (TILLPROOF_HQ_NOTICE_SECRET); needed with `notices` in the config. */
  noticeSecret?: string;
  /** The built HQ console (default console/dist, `npm run build:console`); HQ serves it under /console/. */
  consoleDir?: string;
}

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

interface RouteContext {
  app: FastifyInstance;
  service: HqService;
  /** Wraps a handler so that drain() waits for it. */
  track(handler: Handler): Handler;
}

// Handlers still running (a terminal may hang up mid-ingest): close() lets them finish before
// the database goes away, so a half-handled batch rolls back or commits, never errors out.
function handlerTracker(): { track(handler: Handler): Handler; drain(timeoutMs: number): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  return {
    track:
      (handler: Handler): Handler =>
      (req, reply) => {
        const p = handler(req, reply);
        running.add(p);
        void p.then(
          () => running.delete(p),
          () => running.delete(p),
        );
        return p;
      },
    async drain(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (running.size > 0 && Date.now() < until)
        await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 50))]);
    },
  };
}

function registerErrorHandlers(app: FastifyInstance, config: HqConfig, log: Logger): void {
  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof HqError) {
      const payload: ErrorResponse = {
        error: { code: error.code, message: error.message, ...(Object.keys(error.details).length ? { details: error.details } : {}) },
      };
      if (error.code === 'auth.stale') payload.serverTime = Date.now();
      if (error.code === 'hq.busy') reply.header('retry-after', '2');
      if (error.code === 'console.locked') {
        const seconds = error.details.retryAfterSeconds;
        reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
      }
      return send(reply, error.status, payload);
    }
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    // The terminal went away mid-upload (a cut connection): nothing was stored, no one to answer.
    if (code === 'ECONNRESET' || code === 'ECONNABORTED')
      return send(reply, 400, { error: { code: 'request.invalid', message: 'the request was cut off' } });
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(reply, 413, { error: { code: 'request.too-large', message: `the body is larger than ${config.bodyLimitBytes} bytes` } });
    if (code.startsWith('FST_ERR_CTP') || code === 'FST_ERR_VALIDATION')
      return send(reply, 400, { error: { code: 'request.invalid', message: error instanceof Error ? error.message : 'invalid request' } });
    log.error(`${req.method} ${req.url} failed`, { error });
    return send(reply, 500, { error: { code: 'hq.internal', message: 'HQ failed to handle the request; it is logged' } });
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, 404, { error: { code: 'request.not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );
}

function registerEnrollRoute({ app, service, track }: RouteContext): void {
  app.post(
    '/v1/enroll',
    track(async (req, reply) => {
      const r = incoming(req);
      const parsed = enrollRequestSchema.safeParse(parseJson(r.body));
      if (!parsed.success) throw new HqError('request.invalid', `enrollment request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const publicKey = fromBase64(parsed.data.publicKey);
      const parts = await service.auth.authenticateWithKey(r, publicKey, keyIdOf(nodeLedgerCrypto, publicKey));
      if (parts.terminalId !== parsed.data.terminalId)
        throw new HqError('request.invalid', 'the signed terminal id differs from the enrollment request');
      const result = await redeemEnrollmentCode(
        { pool: service.pool, crypto: nodeLedgerCrypto, incidents: service.incidents, terminals: service.terminals },
        parsed.data,
        r.remoteAddress,
      );
      return send(reply, 200, result);
    }),
  );
}

function registerTerminalRoutes({ app, service, track }: RouteContext): void {
  const { config } = service;
  let inFlight = 0;

  const checkPath = async (req: IncomingRequest, signedTerminal: string, terminalId: string): Promise<void> => {
    if (signedTerminal === terminalId) return;
    const message = `terminal ${signedTerminal} may not act on terminal ${terminalId}'s ledger`;
    await service.incidents.record({
      kind: 'wrong-terminal',
      terminalId: signedTerminal,
      remoteAddress: req.remoteAddress,
      message,
      details: { path: req.url },
    });
    throw new HqError('auth.wrong-terminal', message);
  };

  app.get(
    '/v1/terminals/:terminalId/head',
    track(async (req, reply) => {
      const terminalId = pathTerminal(req);
      const r = incoming(req);
      const auth = await service.auth.authenticate(r);
      await checkPath(r, auth.terminal.terminalId, terminalId);
      return send(reply, 200, { terminalId, ...(await service.ingest.head(terminalId)) });
    }),
  );

  app.post(
    '/v1/terminals/:terminalId/entries',
    track(async (req, reply) => {
      const terminalId = pathTerminal(req);
      const r = incoming(req);
      // Authenticated in full (signature, window, nonce, enrolment) before the batch is verified:
      // a key HQ does not know yet counts only when the batch's own rotation entry, signed by a key
      // HQ knows, introduces it (request-auth.ts endorsedKey), a check of one entry, not the batch.
      const auth = await service.auth.authenticate(r, { rotations: true });
      await checkPath(r, auth.terminal.terminalId, terminalId);
      if (inFlight >= config.maxQueuedIngests) throw new HqError('hq.busy', 'HQ is catching up with other terminals; try again shortly');
      inFlight++;
      try {
        const result = await service.ingest.ingest(auth.terminal, r.body, { remoteAddress: r.remoteAddress });
        const { gap } = result.ack;
        if (gap) {
          // Told to the terminal in the ack (it resends from ackSeq + 1), and kept for a person: a
          // gap means a terminal or HQ lost track (a restored backup, a lost cursor file).
          await service.incidents.record({
            kind: 'gap',
            terminalId,
            seq: gap.from,
            remoteAddress: r.remoteAddress,
            message: `terminal ${terminalId} sent entries from ${gap.to + 1}, but HQ holds its ledger only up to ${gap.from - 1}: entries ${gap.from} to ${gap.to} are missing; nothing of the batch was stored`,
            details: { from: gap.from, to: gap.to, ackSeq: result.ack.ackSeq },
          });
        }
        return send(reply, 200, result.ack);
      } finally {
        inFlight--;
      }
    }),
  );

  // The Taiwan e-invoice number ranges HQ assigned to this terminal for the current and later
  // periods (docs/einvoice.md): the till records the ones it does not have yet.
  app.get(
    '/v1/terminals/:terminalId/einvoice-ranges',
    track(async (req, reply) => {
      const terminalId = pathTerminal(req);
      const r = incoming(req);
      const auth = await service.auth.authenticate(r);
      await checkPath(r, auth.terminal.terminalId, terminalId);
      return send(reply, 200, { ranges: await terminalRanges(service.pool, terminalId) });
    }),
  );

  app.get(
    '/v1/master-data',
    track(async (req, reply) => {
      const r = incoming(req);
      const auth = await service.auth.authenticate(r);
      const q = req.query as { since?: string; limit?: string };
      const since = q.since === undefined ? 0 : Number(q.since);
      const limit = q.limit === undefined ? 1_000 : Number(q.limit);
      if (!Number.isSafeInteger(since) || since < 0) throw new HqError('request.invalid', 'since is a master-data version (0 or more)');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new HqError('request.invalid', 'limit is 1 to 10000');
      // Staff of this terminal's store only (PIN and badge hashes stay where the person works).
      return send(reply, 200, await service.masterData.changesSince(since, limit, { storeId: auth.terminal.storeId }));
    }),
  );
}

function registerReportRoutes({ app, service, track }: RouteContext, reportHashes: ReadonlySet<string>): void {
  const reportAuth = (req: FastifyRequest): void => {
    const h = req.headers.authorization;
    const token = typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : '';
    const digest = Buffer.from(sha256Hex(token), 'hex');
    const ok = token !== '' && [...reportHashes].some((x) => timingSafeEqual(Buffer.from(x, 'hex'), digest));
    if (!ok) throw new HqError('auth.report-token', 'the report API needs "Authorization: Bearer <token>" with a configured report token');
  };

  app.get(
    '/v1/reports/sales',
    track(async (req, reply) => {
      reportAuth(req);
      const q = req.query as { from?: string; to?: string; store?: string };
      return send(reply, 200, {
        rows: await salesByStoreDay(service.pool, { from: q.from ?? '', to: q.to ?? '', ...(q.store ? { storeId: q.store } : {}) }),
      });
    }),
  );

  app.get(
    '/v1/reports/exceptions',
    track(async (req, reply) => {
      reportAuth(req);
      const q = req.query as { from?: string; to?: string; store?: string };
      return send(reply, 200, {
        rows: await exceptionsByCashier(service.pool, { from: q.from ?? '', to: q.to ?? '', ...(q.store ? { storeId: q.store } : {}) }),
      });
    }),
  );

  app.get(
    '/v1/receipt-mail',
    track(async (req, reply) => {
      reportAuth(req);
      const q = req.query as { status?: string; terminal?: string; limit?: string };
      const statuses: readonly string[] = ['pending', 'sent', 'no-address', 'failed'];
      if (q.status !== undefined && !statuses.includes(q.status))
        throw new HqError('request.invalid', `status is one of ${statuses.join(', ')}`);
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new HqError('request.invalid', 'limit is 1 to 10000');
      const rows = await listReceiptMail(service.pool, {
        ...(q.status ? { status: q.status as ReceiptMailStatus } : {}),
        ...(q.terminal ? { terminalId: q.terminal } : {}),
        limit,
      });
      return send(reply, 200, { rows });
    }),
  );

  // "This wasn't me" disputes for loss prevention, and their counts per salesperson and member.
  app.get(
    '/v1/disputes',
    track(async (req, reply) => {
      reportAuth(req);
      const q = req.query as { member?: string; staff?: string; limit?: string };
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) throw new HqError('request.invalid', 'limit is 1 to 10000');
      const rows = await listDisputes(service.pool, {
        ...(q.member ? { memberId: q.member } : {}),
        ...(q.staff ? { staffId: q.staff } : {}),
        limit,
      });
      return send(reply, 200, { rows });
    }),
  );

  app.get(
    '/v1/disputes/counts',
    track(async (req, reply) => {
      reportAuth(req);
      const q = req.query as { from?: string; to?: string };
      for (const day of [q.from, q.to])
        if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
          throw new HqError('request.invalid', 'from and to are days (YYYY-MM-DD)');
      return send(reply, 200, await disputeCounts(service.pool, { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) }));
    }),
  );
}

function registerRoutes(
  app: FastifyInstance,
  service: HqService,
  options: HqAppOptions & { now?: () => number },
  log: Logger,
): { drain(timeoutMs: number): Promise<void>; consoleBuilt: boolean } {
  const { config } = service;
  const { track, drain } = handlerTracker();
  const reportHashes = new Set([...config.reportTokenSha256, ...(options.reportTokens ?? []).map((t) => sha256Hex(t))]);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  registerErrorHandlers(app, config, log);

  app.get('/healthz', async (_req, reply) => send(reply, 200, { ok: true }));

  const context: RouteContext = { app, service, track };
  registerEnrollRoute(context);
  registerTerminalRoutes(context);
  registerReportRoutes(context, reportHashes);
  void app.register(consoleApi, {
    deps: {
      pool: service.pool,
      users: service.users,
      sessions: service.sessions,
      now: service.now,
      terminals: service.terminals,
      totpIssuer: config.console.totpIssuer,
      currency: config.currency,
      masterData: service.masterData,
      catalogImports: new CatalogImports(),
    },
    config: config.console,
    tls: config.tls !== undefined,
    track,
  });
  registerReceiptPage(app, { pool: service.pool, config, log, track });
  const consoleFiles = loadConsoleFiles(options.consoleDir ?? CONSOLE_DIST);
  registerConsolePages(app, consoleFiles);
  if (config.notices && options.noticeSecret)
    registerDisputeRoutes(app, {
      pool: service.pool,
      config: config.notices,
      mail: config.mail,
      secret: options.noticeSecret,
      now: options.now ?? Date.now,
      log,
      track,
    });
  return { drain, consoleBuilt: consoleFiles !== null };
}

export interface RunningHq {
  /** Base URL, e.g. http://127.0.0.1:8470 */
  url: string;
  port: number;
  service: HqService;
  database: HqDatabase | null;
  /** The e-receipt mail worker, when the config has a `mail` section. */
  mailer: ReceiptMailer | null;
  /** The member notice worker, when the config has a `notices` section. */
  notifier: MemberNotifier | null;
  /** The e-invoice upload worker, when the config has `einvoice.uploads`. */
  invoiceUploader: InvoiceUploader | null;
  /** Whether the console's pages were built (npm run build:console) and are served under /console/. */
  consoleBuilt: boolean;
  close(): Promise<void>;
}

export interface StartHqOptions extends HqAppOptions {
  config: HqConfig;
  /** An existing pool (tests); otherwise the database is opened from the config. */
  pool?: pg.Pool;
  now?: () => number;
  /** Where e-receipts go instead of SMTP (tests). */
  mailTransport?: MailTransport;
  /** Where SMS / LINE notices go instead of the configured providers (tests). */
  messageProviders?: Partial<Record<'sms' | 'line', MessageProvider>>;
  /** HQ's diagnostics, Fastify's included; default this process's console. */
  log?: LogSink;
}

/** The notice link secret: given (tests) or TILLPROOF_HQ_NOTICE_SECRET; refused when missing or short. */
function noticeSecretOf(options: StartHqOptions): string {
  try {
    return checkNoticeSecret(options.noticeSecret ?? process.env.TILLPROOF_HQ_NOTICE_SECRET);
  } catch (e) {
    throw new HqError('config.invalid', errorMessage(e));
  }
}

/** Opens the database, migrates, and serves the API. Refuses plain HTTP on a non-loopback address. */
export async function startHqServer(options: StartHqOptions): Promise<RunningHq> {
  const { config } = options;
  const log = options.log ?? processLogger();
  assertSafeListen(config);
  const noticeSecret = config.notices ? noticeSecretOf(options) : undefined;
  const database = options.pool ? null : await openHqDatabase(config, process.env, log);
  const pool = options.pool ?? database!.pool;
  const service = new HqService(pool, config, { log, ...(options.now ? { now: options.now } : {}) });
  // Fastify logs through the same pino, warnings and errors only: no line per request.
  const loggerInstance: FastifyBaseLogger = log.pino.child({ component: 'http' }, { level: 'warn' });
  const base = { bodyLimit: config.bodyLimitBytes, loggerInstance, keepAliveTimeout: 65_000, forceCloseConnections: true } as const;
  // An https.Server is an http.Server with TLS: the routes are the same either way.
  const app = config.tls
    ? (Fastify({
        ...base,
        https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
      }) as unknown as FastifyInstance)
    : Fastify(base);
  const routes = registerRoutes(app, service, { ...options, ...(noticeSecret ? { noticeSecret } : {}) }, log);
  try {
    await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (e) {
    await service.close();
    await database?.close();
    throw e;
  }
  const mailer = config.mail
    ? new ReceiptMailer({ pool, config: config.mail, transport: options.mailTransport ?? smtpTransport(config.mail), log })
    : null;
  mailer?.start();
  const notifier =
    config.notices && noticeSecret
      ? new MemberNotifier({
          pool,
          config: config.notices,
          ...(config.mail ? { mail: config.mail, mailTransport: options.mailTransport ?? smtpTransport(config.mail) } : {}),
          ...(options.messageProviders ? { providers: options.messageProviders } : {}),
          secret: noticeSecret,
          ...(options.now ? { now: options.now } : {}),
          log,
        })
      : null;
  notifier?.start();
  const einvoice = config.einvoice;
  const invoiceUploader = einvoice?.uploads
    ? new InvoiceUploader({
        pool,
        config: { ...einvoice, uploads: einvoice.uploads },
        incidents: service.incidents,
        log: log.child({ component: 'einvoice' }),
      })
    : null;
  invoiceUploader?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    url: `${config.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    service,
    database,
    mailer,
    notifier,
    invoiceUploader,
    consoleBuilt: routes.consoleBuilt,
    async close() {
      await app.close();
      await routes.drain(10_000);
      await mailer?.stop();
      await notifier?.stop();
      await invoiceUploader?.stop();
      await service.close();
      await database?.close();
    },
  };
}
