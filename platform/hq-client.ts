import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { toBase64 } from '../core/ledger/bytes.ts';
import type { Signer } from '../core/ports/crypto.ts';
import { SyncError } from '../core/sync/errors.ts';
import type { AssignedInvoiceRange, HqClient, MasterDataPage, OutboxBatch, PushAck } from '../core/ports/hq-client.ts';
import {
  ackSchema,
  enrollResponseSchema,
  errorResponseSchema,
  headResponseSchema,
  invoiceRangesResponseSchema,
  masterDataPageSchema,
  signRequest,
  type EnrollResponse,
} from './hq-protocol.ts';

// The terminal's HTTP(S) client for HQ: signs every request with the terminal key, maps
// failures to SyncError codes, and corrects for a terminal clock HQ reports as off.

export interface HttpHqClientOptions {
  /** e.g. https://hq.example.com (a path prefix is kept). */
  baseUrl: string;
  terminalId: string;
  signer: Signer;
  /** Per request, including the body upload. */
  timeoutMs?: number;
  /** Extra trusted CA certificates (PEM) for an HQ with a private CA. */
  ca?: string | Buffer;
  now?: () => number;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

function retryAfterMs(headers: http.IncomingHttpHeaders): number | undefined {
  const v = headers['retry-after'];
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 3600) * 1000 : undefined;
}

export class HttpHqClient implements HqClient {
  private readonly base: URL;
  private readonly terminalId: string;
  private readonly signer: Signer;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;
  private readonly now: () => number;
  /** HQ clock minus ours, learnt from a refusal as stale. */
  private clockOffsetMs = 0;

  constructor(options: HttpHqClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:')
      throw new Error(`HQ URL must be http(s), not ${this.base.protocol}`);
    this.terminalId = options.terminalId;
    this.signer = options.signer;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.now = options.now ?? Date.now;
    // Idle sockets are dropped well before HQ's keep-alive timeout (65 s), so a request rarely
    // goes out on a socket the server is closing; when one does, it is retried once (below).
    const agentOptions = { keepAlive: true, maxSockets: 4, timeout: 30_000 };
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) })
        : new http.Agent(agentOptions);
  }

  get clockOffset(): number {
    return this.clockOffsetMs;
  }

  async pushEntries(batch: OutboxBatch, signal?: AbortSignal): Promise<PushAck> {
    const body = JSON.stringify({
      entries: batch.entries,
      ...(batch.keyRotations ? { keyRotations: batch.keyRotations } : {}),
      ...(batch.report ? { report: batch.report } : {}),
    });
    const res = await this.signed('POST', `v1/terminals/${encodeURIComponent(this.terminalId)}/entries`, body, signal);
    const ack = this.parse(res, ackSchema);
    return { ackSeq: ack.ackSeq, ackHash: ack.ackHash, stored: ack.stored, duplicates: ack.duplicates, gap: ack.gap };
  }

  async masterDataSince(cursor: number, signal?: AbortSignal): Promise<MasterDataPage> {
    const res = await this.signed('GET', `v1/master-data?since=${cursor}`, '', signal);
    return this.parse(res, masterDataPageSchema);
  }

  async invoiceRanges(signal?: AbortSignal): Promise<AssignedInvoiceRange[]> {
    const res = await this.signed('GET', `v1/terminals/${encodeURIComponent(this.terminalId)}/einvoice-ranges`, '', signal);
    return this.parse(res, invoiceRangesResponseSchema).ranges;
  }

  async head(signal?: AbortSignal): Promise<{ ackSeq: number; ackHash: string | null }> {
    const res = await this.signed('GET', `v1/terminals/${encodeURIComponent(this.terminalId)}/head`, '', signal);
    return this.parse(res, headResponseSchema);
  }

  /** Presents a one-time enrollment code with the terminal's key (the request is signed by it). */
  async enroll(code: string, genesisPublicKey: Uint8Array, signal?: AbortSignal): Promise<EnrollResponse> {
    const body = JSON.stringify({
      terminalId: this.terminalId,
      code,
      publicKey: toBase64(this.signer.publicKey),
      genesisPublicKey: toBase64(genesisPublicKey),
    });
    const res = await this.signed('POST', 'v1/enroll', body, signal);
    return this.parse(res, enrollResponseSchema);
  }

  close(): void {
    this.agent.destroy();
  }

  private parse<T>(
    res: Response,
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } },
  ): T {
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new SyncError('sync.protocol', `HQ answered ${res.status} with a body that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncError('sync.protocol', `HQ's answer does not follow the protocol: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  private async signed(method: string, relative: string, body: string, signal?: AbortSignal): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const url = new URL(relative, this.base);
      const path = `${url.pathname}${url.search}`;
      const headers = signRequest(this.signer, {
        method,
        path,
        terminalId: this.terminalId,
        body,
        timestampMs: this.now() + this.clockOffsetMs,
        nonce: randomBytes(16).toString('base64url'),
      });
      let res: Response;
      try {
        res = await this.send(method, url, headers, body, signal);
      } catch (e) {
        // A kept-alive socket HQ had just closed: not an outage. Every request is idempotent.
        if (e instanceof SyncError && e.details.staleSocket === true && attempt === 0) continue;
        throw e;
      }
      if (res.status >= 200 && res.status < 300) return res;
      const error = this.error(res);
      if (error.code === 'sync.clock-skew' && attempt === 0) continue;
      throw error;
    }
  }

  private error(res: Response): SyncError {
    let code = '';
    let message = `HQ answered ${res.status}`;
    let details: Record<string, unknown> = {};
    let serverTime: number | undefined;
    try {
      const parsed = errorResponseSchema.safeParse(JSON.parse(res.body));
      if (parsed.success) {
        code = parsed.data.error.code;
        message = `${parsed.data.error.message} [${code}]`;
        details = parsed.data.error.details ?? {};
        serverTime = parsed.data.serverTime;
      }
    } catch {
      // Not JSON (a proxy's error page): the status decides.
    }
    const opts = {
      details: { ...details, status: res.status, hqCode: code },
      ...(retryAfterMs(res.headers) !== undefined ? { retryAfterMs: retryAfterMs(res.headers)! } : {}),
    };
    if (code === 'auth.stale' && serverTime !== undefined) {
      this.clockOffsetMs = serverTime - this.now();
      return new SyncError(
        'sync.clock-skew',
        `${message}; the terminal clock is ${Math.round(-this.clockOffsetMs / 1000)} s off HQ's`,
        opts,
      );
    }
    if (code === 'auth.unenrolled') return new SyncError('sync.not-enrolled', message, opts);
    if (res.status === 401 || res.status === 403) return new SyncError('sync.unauthorized', message, opts);
    if (res.status === 413) return new SyncError('sync.too-large', message, opts);
    if (res.status === 409 || code.startsWith('ingest.')) return new SyncError('sync.rejected', message, opts);
    if (res.status === 503 || res.status === 502 || res.status === 504 || res.status >= 500)
      return new SyncError('sync.busy', message, opts);
    return new SyncError('sync.protocol', message, opts);
  }

  private send(method: string, url: URL, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<Response> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new SyncError('sync.offline', 'sync stopped'));
      const lib = url.protocol === 'https:' ? https : http;
      const payload = Buffer.from(body, 'utf8');
      const req = lib.request(url, {
        method,
        agent: this.agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length), accept: 'application/json' },
      });
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const timer = setTimeout(() => {
        req.destroy();
        finish(() => reject(new SyncError('sync.timeout', `HQ did not answer ${method} ${url.pathname} within ${this.timeoutMs} ms`)));
      }, this.timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish(() => reject(new SyncError('sync.offline', 'sync stopped')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const known = e.code && NETWORK_CODES.has(e.code);
        const staleSocket = req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
        finish(() =>
          reject(
            new SyncError('sync.offline', `HQ at ${url.host} unreachable: ${known ? e.code : e.message}`, {
              cause: e,
              details: { staleSocket },
            }),
          ),
        );
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) =>
          finish(() => reject(new SyncError('sync.offline', `the connection to HQ broke during the answer: ${e.message}`, { cause: e }))),
        );
        res.on('aborted', () => finish(() => reject(new SyncError('sync.offline', 'the connection to HQ broke during the answer'))));
        res.on('end', () =>
          finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
        );
      });
      req.end(payload);
    });
  }
}
