import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CatalogCsvReader, type CatalogCsvError, type CatalogCsvResult } from '../core/catalog/csv.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { parseMinor } from '../core/money/money.ts';
import type { ProductRecord } from '../platform/hq-protocol.ts';
import type { ConsoleRequest, ConsoleRoute } from './console-api.ts';
import { jsonBody } from './console-body.ts';
import { HqError } from './errors.ts';
import { HQ_ROLES, writeAudit, type HqUser } from './hq-users.ts';
import type { PublishResult } from './master-data.ts';

// Master data in the HQ console (docs/hq.md "Master data in the console"): the product list with
// search and paging, a price per tier, and catalog CSV files uploaded in chunks. Every change goes
// out through MasterData.publish, the path the CLI uses, so it is one version the tills pull; who
// made it is in the version's summary and in the audit log. Only an admin changes master data.

const PAGE_MAX = 200;
/** Errors kept per import: enough to fix a file, bounded for a file where every line is wrong. */
const ERRORS_KEPT = 500;
const CHUNK_CHARS = 1_000_000;
/** An upload nobody touched for this long is dropped (its memory freed). */
const IDLE_MS = 30 * 60_000;
const JOBS_MAX = 16;

function user(r: ConsoleRequest): HqUser {
  return r.session!.user;
}

function intOf(value: string | undefined, fallback: number, max: number, what: string): number {
  const n = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new HqError('request.invalid', `${what} is a whole number from 0 to ${max}`);
  return n;
}

export interface ProductView {
  productId: string;
  sku: string;
  name: string;
  barcodes: string[];
  prices: Record<string, number>;
  active: boolean;
}

const view = (p: ProductRecord): ProductView => ({
  productId: p.productId,
  sku: p.sku,
  name: p.name,
  barcodes: p.barcodes,
  prices: p.prices,
  active: p.active,
});

/** Price tiers: retail, the published price tiers, in that order. */
async function priceTiers(r: ConsoleRequest): Promise<string[]> {
  const rows = await r.deps.pool.query<{ key: string }>(`SELECT key FROM hq_master_records WHERE section = 'price-tier' ORDER BY key`);
  return ['retail', ...rows.rows.map((x) => x.key).filter((k) => k !== 'retail')];
}

const priceSchema = z.strictObject({
  tier: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'the tier is a price tier id'),
  price: z.string().min(1).max(32),
});

const importStartSchema = z.strictObject({
  /** False: products not in the file are left as they are; true: they are published inactive. */
  replace: z.boolean(),
  fileName: z.string().min(1).max(200),
  /** The file's size in characters, for progress. */
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

const importChunkSchema = z.strictObject({
  /** Where this chunk starts, in characters: a chunk sent twice or out of order is refused. */
  at: z.number().int().nonnegative(),
  text: z.string().max(CHUNK_CHARS),
  last: z.boolean(),
});

export type CatalogImportState = 'receiving' | 'publishing' | 'published' | 'rejected' | 'failed';

interface CatalogImportJob {
  jobId: string;
  owner: string;
  fileName: string;
  replace: boolean;
  size: number;
  received: number;
  reader: CatalogCsvReader | null;
  records: number;
  state: CatalogImportState;
  errors: CatalogCsvError[];
  rejected: number;
  /** Why nothing was published when the file's lines are all fine (the header, an empty file). */
  refusal: string | null;
  result: PublishResult | null;
  touchedAt: number;
}

export interface CatalogImportStatus {
  jobId: string;
  fileName: string;
  state: CatalogImportState;
  size: number;
  received: number;
  records: number;
  rejected: number;
  errors: CatalogCsvError[];
  /** More errors than `errors` holds. */
  errorsTruncated: boolean;
  refusal: string | null;
  version: number | null;
  changed: number;
  deactivated: number;
}

/**
 * Catalog files being uploaded through the console, in this HQ process's memory: the file comes in
 * chunks, each read by the catalog CSV reader as it arrives, and only a file without a single bad
 * line is published (as one version). An upload is lost when HQ restarts; the user starts it again.
 */
export class CatalogImports {
  private readonly jobs = new Map<string, CatalogImportJob>();

  start(owner: string, input: z.infer<typeof importStartSchema>, minorDigits: number, now: number): CatalogImportJob {
    for (const [id, job] of this.jobs) if (now - job.touchedAt > IDLE_MS && job.state !== 'publishing') this.jobs.delete(id);
    if ([...this.jobs.values()].filter((j) => j.state === 'receiving' || j.state === 'publishing').length >= JOBS_MAX)
      throw new HqError('request.invalid', 'too many catalog files are being uploaded; wait for one to finish');
    const job: CatalogImportJob = {
      jobId: randomBytes(12).toString('base64url'),
      owner,
      fileName: input.fileName,
      replace: input.replace,
      size: input.size,
      received: 0,
      reader: null,
      records: 0,
      state: 'receiving',
      errors: [],
      rejected: 0,
      refusal: null,
      result: null,
      touchedAt: now,
    };
    job.reader = new CatalogCsvReader({ minorDigits, onRecord: (n) => (job.records = n) });
    this.jobs.set(job.jobId, job);
    return job;
  }

  /** A job of `owner` (another user's upload is "not found" to them). */
  get(jobId: string, owner: string): CatalogImportJob {
    const job = this.jobs.get(jobId);
    if (!job || job.owner !== owner) throw new HqError('request.not-found', `no catalog upload ${jobId}`);
    return job;
  }
}

function statusOf(job: CatalogImportJob): CatalogImportStatus {
  return {
    jobId: job.jobId,
    fileName: job.fileName,
    state: job.state,
    size: job.size,
    received: job.received,
    records: job.records,
    rejected: job.rejected,
    errors: job.errors.slice(0, ERRORS_KEPT),
    errorsTruncated: job.errors.length > ERRORS_KEPT,
    refusal: job.refusal,
    version: job.result?.version ?? null,
    changed: job.result?.changed ?? 0,
    deactivated: job.result?.deactivated ?? 0,
  };
}

/** Why a whole file is not published although no line is wrong, or null when it may be. */
function refusalOf(parsed: CatalogCsvResult, replace: boolean): string | null {
  if (!parsed.headerOk) return 'the header row is not usable';
  if (parsed.rejected > 0) return `${parsed.rejected} rows are wrong`;
  if (parsed.items.length === 0 && replace) return 'the file has no product: replacing the catalog with it would deactivate every product';
  if (parsed.items.length === 0) return 'the file has no product';
  return null;
}

/** Publishes a complete, clean file in the background; the page polls the job for the outcome. */
function publishImport(r: ConsoleRequest, job: CatalogImportJob, parsed: CatalogCsvResult): void {
  const u = user(r);
  const { deps } = r;
  const remoteAddress = r.remoteAddress;
  job.state = 'publishing';
  void deps.masterData
    .importCatalog(parsed.items, { source: job.fileName, merge: !job.replace, by: u.username })
    .then(async (result) => {
      await writeAudit(deps.pool, new Date(deps.now()), {
        actor: u.username,
        action: 'master-data.catalog-import',
        username: u.username,
        remoteAddress,
        details: {
          fileName: job.fileName,
          products: parsed.items.length,
          replace: job.replace,
          version: result.version,
          changed: result.changed,
          deactivated: result.deactivated,
        },
      });
      job.result = result;
      job.state = 'published';
    })
    .catch((e: unknown) => {
      job.state = 'failed';
      job.refusal = e instanceof HqError ? e.message : 'HQ could not publish the file; nothing was published';
    })
    .finally(() => {
      job.touchedAt = deps.now();
    });
}

function readChunk(r: ConsoleRequest, job: CatalogImportJob, chunk: z.infer<typeof importChunkSchema>): void {
  if (job.state !== 'receiving' || !job.reader)
    throw new HqError('request.invalid', `the upload is ${job.state}: it takes no more of the file`);
  if (chunk.at !== job.received) throw new HqError('request.invalid', `the next chunk starts at ${job.received}, not ${chunk.at}`);
  job.reader.push(chunk.text);
  job.received += chunk.text.length;
  job.touchedAt = r.deps.now();
  if (!chunk.last) return;
  const parsed = job.reader.end();
  job.reader = null;
  job.records = parsed.records;
  job.errors = parsed.errors;
  job.rejected = parsed.rejected;
  job.refusal = refusalOf(parsed, job.replace);
  if (job.refusal) job.state = 'rejected';
  else publishImport(r, job, parsed);
}

export const MASTER_DATA_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/console/api/products',
    access: HQ_ROLES,
    async handler(r) {
      const q = (r.query.q ?? '').trim().slice(0, 100);
      const offset = intOf(r.query.offset, 0, 10_000_000, 'offset');
      const limit = Math.max(1, intOf(r.query.limit, 50, PAGE_MAX, 'limit'));
      // Search by id, SKU, name (any language) or barcode; a barcode typed as scanned (EAN-13) matches its GTIN-14.
      const like = q === '' ? null : `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const where = `section = 'product' AND ($1::text IS NULL OR key ILIKE $1 OR record->>'sku' ILIKE $1 OR record->>'name' ILIKE $1
        OR (record->'names')::text ILIKE $1 OR record->'barcodes' ? lpad($2, 14, '0'))`;
      // One scan gives the page and the total; only a page past the end needs a count of its own.
      const rows = await r.deps.pool.query<{ record: ProductRecord; total: number }>(
        `SELECT record, (COUNT(*) OVER ())::int AS total FROM hq_master_records WHERE ${where} ORDER BY key LIMIT $3 OFFSET $4`,
        [like, q, limit, offset],
      );
      const total =
        rows.rows[0]?.total ??
        (offset === 0
          ? 0
          : ((await r.deps.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM hq_master_records WHERE ${where}`, [like, q])).rows[0]
              ?.n ?? 0));
      return {
        body: {
          products: rows.rows.map((x) => view(x.record)),
          total,
          offset,
          limit,
          tiers: await priceTiers(r),
          currency: r.deps.currency,
          minorDigits: minorDigitsOf(r.deps.currency),
          version: await r.deps.masterData.currentVersion(),
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/console/api/products/:productId/price',
    access: ['admin'],
    async handler(r) {
      const u = user(r);
      const productId = r.params.productId ?? '';
      const body = jsonBody(r, priceSchema);
      const price = parseMinor(body.price, minorDigitsOf(r.deps.currency));
      if (!price.ok || price.value < 0)
        throw new HqError('request.invalid', `"${body.price}" is not a price in ${r.deps.currency}`, { field: 'price' });
      const current = await r.deps.masterData.record('product', productId);
      if (!current) throw new HqError('request.not-found', `no product ${productId}`);
      if (!Object.hasOwn(current.prices, body.tier) && !(await priceTiers(r)).includes(body.tier))
        throw new HqError('request.invalid', `no price tier ${body.tier}`, { field: 'tier' });
      const from = current.prices[body.tier] ?? null;
      const result = await r.deps.masterData.setProductPrice(productId, body.tier, price.value, u.username);
      await writeAudit(r.deps.pool, new Date(r.deps.now()), {
        actor: u.username,
        action: 'master-data.price',
        username: u.username,
        remoteAddress: r.remoteAddress,
        details: { productId, tier: body.tier, from, to: price.value, version: result.version },
      });
      const after = await r.deps.masterData.record('product', productId);
      return { body: { product: after ? view(after) : null, version: result.version } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/catalog-imports',
    access: ['admin'],
    async handler(r) {
      const body = jsonBody(r, importStartSchema);
      const job = r.deps.catalogImports.start(user(r).username, body, minorDigitsOf(r.deps.currency), r.deps.now());
      return { body: statusOf(job) };
    },
  },
  {
    method: 'POST',
    path: '/console/api/catalog-imports/:jobId/chunk',
    access: ['admin'],
    async handler(r) {
      const job = r.deps.catalogImports.get(r.params.jobId ?? '', user(r).username);
      readChunk(r, job, jsonBody(r, importChunkSchema));
      return { body: statusOf(job) };
    },
  },
  {
    method: 'GET',
    path: '/console/api/catalog-imports/:jobId',
    access: ['admin'],
    handler: async (r) => ({ body: statusOf(r.deps.catalogImports.get(r.params.jobId ?? '', user(r).username)) }),
  },
];
