import type pg from 'pg';
import type { LedgerCrypto } from '../core/ledger/crypto.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { HEADERS, requestPartsProblem, sha256Hex, verifyRequestSignature, type SignedRequestParts } from '../platform/hq-protocol.ts';
import { HqError } from './errors.ts';
import type { IncidentLog } from './incidents.ts';
import type { EnrolledTerminal, TerminalRegistry } from './terminals.ts';

// Every terminal request is signed by the terminal key over method, path, timestamp, nonce and
// the body's SHA-256 (platform/hq-protocol.ts). HQ checks, in this order: the headers are
// there, the timestamp is inside the window, the terminal is enrolled, the signature verifies
// with one of its keys, and the nonce was never seen. Each refusal is an incident.

export interface IncomingRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  remoteAddress: string | null;
}

export interface Authenticated {
  terminal: EnrolledTerminal;
  parts: SignedRequestParts;
  /** Set when the request was signed by a key HQ does not know yet: the batch itself must introduce it. */
  deferred: { signature: string } | null;
}

const NONCE_PRUNE_EVERY_MS = 60_000;

function header(req: IncomingRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RequestAuthenticator {
  private readonly pool: pg.Pool;
  private readonly crypto: LedgerCrypto;
  private readonly terminals: TerminalRegistry;
  private readonly incidents: IncidentLog;
  private readonly windowMs: number;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(deps: { pool: pg.Pool; crypto: LedgerCrypto; terminals: TerminalRegistry; incidents: IncidentLog; windowMs: number; now?: () => number }) {
    this.pool = deps.pool;
    this.crypto = deps.crypto;
    this.terminals = deps.terminals;
    this.incidents = deps.incidents;
    this.windowMs = deps.windowMs;
    this.now = deps.now ?? Date.now;
  }

  private async refuse(req: IncomingRequest, code: HqError['code'], kind: Parameters<IncidentLog['record']>[0]['kind'], terminalId: string | null, message: string, details: Record<string, unknown> = {}): Promise<never> {
    await this.incidents.record({ kind, terminalId, remoteAddress: req.remoteAddress, message, details: { method: req.method, path: req.url, ...details } });
    throw new HqError(code, message, details);
  }

  /** The signed parts of a request; refuses missing or malformed headers and stale timestamps. */
  async signedParts(req: IncomingRequest): Promise<{ parts: SignedRequestParts; signature: string }> {
    const terminalId = header(req, HEADERS.terminal);
    const keyId = header(req, HEADERS.keyId);
    const timestamp = header(req, HEADERS.timestamp);
    const nonce = header(req, HEADERS.nonce);
    const signature = header(req, HEADERS.signature);
    if (!terminalId || !keyId || !timestamp || !nonce || !signature) {
      return this.refuse(req, 'auth.missing', 'unsigned-request', terminalId ?? null, 'the request is not signed: terminal, key id, timestamp, nonce and signature headers are required');
    }
    const parts: SignedRequestParts = { method: req.method.toUpperCase(), path: req.url, terminalId, keyId, timestamp, nonce, bodySha256: sha256Hex(req.body) };
    const problem = requestPartsProblem(parts);
    if (problem) return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', null, `the request's ${problem} header is malformed`);
    const skew = Number(timestamp) - this.now();
    if (Math.abs(skew) > this.windowMs) {
      return this.refuse(req, 'auth.stale', 'stale-request', terminalId, `the request timestamp is ${Math.round(skew / 1000)} s from HQ's clock (allowed: ±${this.windowMs / 1000} s): a replay, or the terminal clock is wrong`, { skewMs: skew });
    }
    return { parts, signature };
  }

  /**
   * Authenticates a terminal request. With `allowUnknownKey` (ledger batches) a key HQ does not
   * know yet is deferred to the caller, which accepts it only if the batch rotates to it.
   */
  async authenticate(req: IncomingRequest, options: { allowUnknownKey?: boolean } = {}): Promise<Authenticated> {
    const { parts, signature } = await this.signedParts(req);
    const terminal = await this.terminals.get(parts.terminalId);
    if (!terminal) return this.refuse(req, 'auth.unenrolled', 'unenrolled-terminal', parts.terminalId, `terminal ${parts.terminalId} is not enrolled at this HQ`);
    const key = terminal.keys[parts.keyId];
    if (!key) {
      if (options.allowUnknownKey) return { terminal, parts, deferred: { signature } };
      return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', parts.terminalId, `the request is signed with key ${parts.keyId}, which is not a key of terminal ${parts.terminalId}`);
    }
    if (!verifyRequestSignature(this.crypto, fromBase64(key), parts, signature)) {
      return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', parts.terminalId, `the request signature does not verify with key ${parts.keyId} of terminal ${parts.terminalId}`);
    }
    await this.useNonce(req, parts);
    return { terminal, parts, deferred: null };
  }

  /** Checks a deferred signature with a key the batch introduced, then spends the nonce. */
  async completeDeferred(req: IncomingRequest, auth: Authenticated, publicKey: string | undefined): Promise<void> {
    if (!auth.deferred) return;
    if (!publicKey || !verifyRequestSignature(this.crypto, fromBase64(publicKey), auth.parts, auth.deferred.signature)) {
      return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', auth.parts.terminalId, `the request is signed with key ${auth.parts.keyId}, which terminal ${auth.parts.terminalId}'s ledger does not introduce`);
    }
    await this.useNonce(req, auth.parts);
  }

  /** Verifies a signature by a key the request itself presents (enrollment: proof of possession). */
  async authenticateWithKey(req: IncomingRequest, publicKey: Uint8Array, keyId: string): Promise<SignedRequestParts> {
    const { parts, signature } = await this.signedParts(req);
    if (parts.keyId !== keyId || !verifyRequestSignature(this.crypto, publicKey, parts, signature)) {
      return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', parts.terminalId, 'the enrollment request is not signed by the key it presents');
    }
    await this.useNonce(req, parts);
    return parts;
  }

  private async useNonce(req: IncomingRequest, parts: SignedRequestParts): Promise<void> {
    const r = await this.pool.query('INSERT INTO hq_request_nonces (terminal_id, nonce, seen_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING', [parts.terminalId, parts.nonce]);
    if (r.rowCount === 0) {
      return this.refuse(req, 'auth.replayed', 'replayed-request', parts.terminalId, `nonce ${parts.nonce} was already used by terminal ${parts.terminalId}: the request is a replay`);
    }
    const now = this.now();
    if (now - this.lastPrune > NONCE_PRUNE_EVERY_MS) {
      this.lastPrune = now;
      // Older than twice the window: such a request would be refused as stale anyway.
      await this.pool.query(`DELETE FROM hq_request_nonces WHERE seen_at < now() - make_interval(secs => $1)`, [(2 * this.windowMs) / 1000]);
    }
  }
}
