import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_REQUEST_WINDOW_MS } from '../platform/hq-protocol.ts';
import { HqError } from './errors.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { currencyCodeSchema, timeZoneSchema } from '../core/config/terminal-config.ts';

// HQ configuration: a JSON file (`tillproof hq serve --config FILE`), every field optional.
// Secrets stay out of it: DATABASE_URL and TILLPROOF_HQ_REPORT_TOKEN come from the environment.

export const mailConfigSchema = z.strictObject({
  smtp: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** 'starttls': plain connection upgraded to TLS (required); 'implicit': TLS from the first byte (port 465); 'off': no TLS (a relay on the same machine only). */
    tls: z.enum(['starttls', 'implicit', 'off']).default('starttls'),
    /** SMTP user; the password comes from TILLPROOF_HQ_SMTP_PASSWORD. */
    user: z.string().min(1).optional(),
  }),
  from: z.string().min(3).max(320),
  /** Prefix of the verification link: the receipt's signed QR payload is appended, URL-encoded. */
  verifyUrl: z.url().optional(),
  /** Receipt language and clock for the mailed text. */
  locale: z.enum(['en', 'zh-TW', 'zh-CN']).default('en'),
  timeZone: timeZoneSchema.default('UTC'),
  /** Store names by store id for the receipt heading (else the store id). */
  storeNames: z.record(z.string(), z.string().min(1).max(80)).default({}),
  /** Attempts before a message is marked failed; retries back off exponentially from retryBaseMs up to retryMaxMs. */
  maxAttempts: z.number().int().min(1).max(100).default(12),
  retryBaseMs: z
    .number()
    .int()
    .min(10)
    .max(24 * 60 * 60_000)
    .default(30_000),
  retryMaxMs: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60 * 60_000)
    .default(6 * 60 * 60_000),
  /** How often the worker looks for new e-receipts and messages due. */
  pollMs: z
    .number()
    .int()
    .min(10)
    .max(60 * 60_000)
    .default(5_000),
});
export type MailConfig = z.output<typeof mailConfigSchema>;

/** Where SMS or LINE notices go. 'file': one JSON line per message in a file (tests, a gateway that reads it); no network. */
export const messageProviderSchema = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('file'), path: z.string().min(1) })]);
export type MessageProviderConfig = z.output<typeof messageProviderSchema>;

export const noticeConfigSchema = z.strictObject({
  /** HQ's address as members reach it (behind the TLS proxy): links are <publicUrl>/notices/not-me?t=TOKEN. */
  publicUrl: z.url(),
  /** An entry that reached HQ longer ago than this when first scanned is not told ('too-old'): turning notices on does not tell members their whole history. */
  maxDelayHours: z
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
  /** How long a "this wasn't me" link works. */
  linkDays: z.number().int().min(1).max(366).default(60),
  /** Language of notices and pages, the clock they show, and store names (else those of `mail`, else en, UTC, the store id). */
  locale: z.enum(['en', 'zh-TW', 'zh-CN']).optional(),
  timeZone: timeZoneSchema.optional(),
  storeNames: z.record(z.string(), z.string().min(1).max(80)).optional(),
  sms: messageProviderSchema.optional(),
  line: messageProviderSchema.optional(),
  maxAttempts: z.number().int().min(1).max(100).default(12),
  retryBaseMs: z
    .number()
    .int()
    .min(10)
    .max(24 * 60 * 60_000)
    .default(30_000),
  retryMaxMs: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60 * 60_000)
    .default(6 * 60 * 60_000),
  pollMs: z
    .number()
    .int()
    .min(10)
    .max(60 * 60_000)
    .default(5_000),
});
export type NoticeConfig = z.output<typeof noticeConfigSchema>;

/** Taiwan e-invoice uploads (docs/einvoice.md): the Turnkey client's folder and the business's UBN. */
export const einvoiceConfigSchema = z.strictObject({
  /** The Turnkey client's root folder (the one holding UpCast/). */
  turnkeyDir: z.string().min(1),
  /** The seller's UBN (統一編號), for tracks added without --seller. */
  sellerUbn: z.string().regex(/^[0-9]{8}$/),
  /**
   * HQ writing the tills' e-invoices into the Turnkey folder on its own (F0401 for each e-invoice
   * sale, F0501 for each post-void of one); without it the files are made from the command line.
   */
  uploads: z
    .strictObject({
      /** The seller's registered name, written into every F0401 (MIG 4.1 Seller.Name). */
      sellerName: z.string().trim().min(1).max(60),
      /** How often HQ looks for new e-invoice sales and voids (ms); well within the 48 hours MOF allows. */
      pollMs: z
        .number()
        .int()
        .min(10)
        .max(6 * 60 * 60_000)
        .default(5 * 60_000),
    })
    .optional(),
});
export type EInvoiceConfig = z.output<typeof einvoiceConfigSchema>;
/** The HQ console's sign-in and sessions (docs/hq.md "Console users and sign-in"). */
export const consoleConfigSchema = z.strictObject({
  /** The console's address as browsers reach it (e.g. https://hq.example.com behind a TLS proxy): state-changing requests must come from this Origin, and cookies are Secure when it is https. Default: the request's own Host, with https when HQ serves TLS. */
  publicOrigin: z.url().optional(),
  /** A session unused this long ends. */
  idleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** A session ends this long after sign-in, used or not. */
  absoluteHours: z.number().int().min(1).max(168).default(12),
  /** Failed sign-ins for one username within `lockoutMinutes` that lock it until the oldest leaves the window. */
  lockoutFailures: z.number().int().min(1).max(100).default(5),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** The issuer shown in authenticator apps. */
  totpIssuer: z.string().min(1).max(64).default('Tillproof HQ'),
});
export type ConsoleConfig = z.output<typeof consoleConfigSchema>;

export const hqConfigSchema = z.strictObject({
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8470),
    })
    .default({ host: '127.0.0.1', port: 8470 }),
  /** TLS in Fastify itself. Without it HQ only binds a loopback address (behind a TLS proxy, or for development). */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** Overrides DATABASE_URL; without either, the embedded PostgreSQL is used. */
  databaseUrl: z.string().min(1).optional(),
  embedded: z
    .strictObject({ dir: z.string().min(1).default('.tillproof-hq'), port: z.number().int().min(0).max(65535).default(54329) })
    .default({ dir: '.tillproof-hq', port: 54329 }),
  /** Store currency, for parsing prices in catalog files. */
  currency: currencyCodeSchema.default('TWD'),
  requestWindowMs: z
    .number()
    .int()
    .min(1_000)
    .max(60 * 60_000)
    .default(DEFAULT_REQUEST_WINDOW_MS),
  enrollmentCodeHours: z
    .number()
    .positive()
    .max(24 * 90)
    .default(72),
  /** Threads verifying signatures; default: one per CPU. */
  verifyWorkers: z.number().int().min(1).max(64).optional(),
  poolSize: z.number().int().min(2).max(200).default(16),
  bodyLimitBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** Ingest requests verified or stored at once; more wait, past `maxQueuedIngests` they get 503. */
  maxQueuedIngests: z.number().int().min(1).default(1024),
  /** SHA-256 (hex) of bearer tokens allowed to read the report API. */
  reportTokenSha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).default([]),
  /** Identical incidents (kind, terminal, source) within this window are counted on one row. */
  incidentWindowMs: z
    .number()
    .int()
    .min(1_000)
    .max(24 * 60 * 60_000)
    .default(10 * 60_000),
  /** Incident rows one source address may add per window before its incidents are counted per kind. */
  incidentsPerSource: z.number().int().min(1).max(100_000).default(50),
  /** E-receipts to members' e-mail (docs/hq.md "E-receipts by e-mail"); without it nothing is mailed. */
  mail: mailConfigSchema.optional(),
  /** Purchase notices to members and "this wasn't me" disputes (docs/hq.md "Member notices"); e-mail needs `mail`. */
  notices: noticeConfigSchema.optional(),
  /** Taiwan e-invoice uploads through the Turnkey client (docs/einvoice.md); without it no file is written. */
  einvoice: einvoiceConfigSchema.optional(),
  console: consoleConfigSchema.default(consoleConfigSchema.parse({})),
});

export type HqConfig = z.output<typeof hqConfigSchema>;
export type HqConfigInput = z.input<typeof hqConfigSchema>;

export function parseHqConfig(input: unknown, source = 'HQ config'): HqConfig {
  const parsed = hqConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new HqError('config.invalid', `${source}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

export function loadHqConfig(path: string | undefined): HqConfig {
  if (!path) return parseHqConfig({});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new HqError('config.invalid', `${path}: cannot read the HQ config (${errorMessage(e)})`);
  }
  return parseHqConfig(json, path);
}

/** True for 127.0.0.0/8, ::1 and "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}

/** Plain HTTP is for loopback only: anything else needs `tls` (or a TLS proxy in front of a loopback HQ). */
export function assertSafeListen(config: Pick<HqConfig, 'listen' | 'tls'>): void {
  if (!config.tls && !isLoopback(config.listen.host)) {
    throw new HqError(
      'config.insecure-listen',
      `refusing to serve plain HTTP on ${config.listen.host}: terminals send signed ledgers and receive member secrets. Give "tls": {"certFile", "keyFile"} in the HQ config, or listen on 127.0.0.1 behind a TLS reverse proxy (docs/hq.md)`,
    );
  }
}
