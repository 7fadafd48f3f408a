import type pg from 'pg';
import type { LedgerCrypto } from '../core/ports/crypto.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { entryHash, keyIdOf, signatureMessage, type LedgerEntry } from '../core/ledger/entry.ts';
import { HEADERS, requestPartsProblem, sha256Hex, verifyRequestSignature, type SignedRequestParts } from '../platform/hq-protocol.ts';
import { HqError } from './errors.ts';
import type { IncidentLog } from './incidents.ts';
import type { EnrolledTerminal, TerminalRegistry } from './terminals.ts';

// Every terminal request is signed by the terminal key over method, path, timestamp, nonce and
// the body's SHA-256 (platform/hq-protocol.ts). HQ checks, in this order: the headers are
// there, the timestamp is inside the window, the terminal is enrolled, the signature verifies
// with one of its keys, and the nonce was never seen. Each refusal is an incident. All of it
// happens before a batch is verified or anything is written: an unauthenticated request costs
// HQ a body hash, a lookup and at most a few signature checks, never a chain verification.

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
}

const NONCE_PRUNE_EVERY_MS = 60_000;
/** Rotations one batch may chain (old key -> ... -> the key signing the request) to endorse a key. */
const MAX_ENDORSEMENT_HOPS = 4;
const ROTATION_MARK = Buffer.from('"kind":"key-rotation"');

interface RotationClaim {
  entry: LedgerEntry;
  newPublicKey: string;
}

/** The key-rotation entries of a batch body by the key id they introduce (unchecked), or null when it has none. */
function rotationClaims(body: Buffer, terminalId: string): Map<string, RotationClaim> | null {
  // A cheap test of the raw bytes first: a batch without a rotation is never parsed here.
  if (!body.includes(ROTATION_MARK)) return null;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const batch = json as { entries?: unknown; keyRotations?: unknown } | null;
  if (!Array.isArray(batch?.entries)) return null;
  // Rotations in the batch, and those after it the terminal sends along (entriesBatchSchema).
  const candidates = Array.isArray(batch.keyRotations)
    ? [...(batch.entries as unknown[]), ...(batch.keyRotations as unknown[])]
    : batch.entries;
  const claims = new Map<string, RotationClaim>();
  for (const e of candidates as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const entry = e as LedgerEntry;
    if (
      entry.kind !== 'key-rotation' ||
      entry.terminalId !== terminalId ||
      typeof entry.hash !== 'string' ||
      typeof entry.signature !== 'string' ||
      typeof entry.keyId !== 'string'
    )
      continue;
    const b = entry.body as { newPublicKey?: unknown; newKeyId?: unknown } | null;
    if (typeof b !== 'object' || b === null || typeof b.newPublicKey !== 'string' || typeof b.newKeyId !== 'string') continue;
    if (!claims.has(b.newKeyId)) claims.set(b.newKeyId, { entry, newPublicKey: b.newPublicKey });
  }
  return claims.size > 0 ? claims : null;
}

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

  constructor(deps: {
    pool: pg.Pool;
    crypto: LedgerCrypto;
    terminals: TerminalRegistry;
    incidents: IncidentLog;
    windowMs: number;
    now?: () => number;
  }) {
    this.pool = deps.pool;
    this.crypto = deps.crypto;
    this.terminals = deps.terminals;
    this.incidents = deps.incidents;
    this.windowMs = deps.windowMs;
    this.now = deps.now ?? Date.now;
  }

  private async refuse(
    req: IncomingRequest,
    code: HqError['code'],
    kind: Parameters<IncidentLog['record']>[0]['kind'],
    terminalId: string | null,
    message: string,
    details: Record<string, unknown> = {},
  ): Promise<never> {
    await this.incidents.record({
      kind,
      terminalId,
      remoteAddress: req.remoteAddress,
      message,
      details: { method: req.method, path: req.url, ...details },
    });
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
      return this.refuse(
        req,
        'auth.missing',
        'unsigned-request',
        terminalId ?? null,
        'the request is not signed: terminal, key id, timestamp, nonce and signature headers are required',
      );
    }
    const parts: SignedRequestParts = {
      method: req.method.toUpperCase(),
      path: req.url,
      terminalId,
      keyId,
      timestamp,
      nonce,
      bodySha256: sha256Hex(req.body),
    };
    const problem = requestPartsProblem(parts);
    if (problem)
      return this.refuse(req, 'auth.bad-signature', 'bad-request-signature', null, `the request's ${problem} header is malformed`);
    const skew = Number(timestamp) - this.now();
    if (Math.abs(skew) > this.windowMs) {
      return this.refuse(
        req,
        'auth.stale',
        'stale-request',
        terminalId,
        `the request timestamp is ${Math.round(skew / 1000)} s from HQ's clock (allowed: ±${this.windowMs / 1000} s): a replay, or the terminal clock is wrong`,
        { skewMs: skew },
      );
    }
    return { parts, signature };
  }

  /**
   * Authenticates a terminal request. With `rotations` (ledger batches) a key HQ does not know
   * yet is accepted when the batch carries the key-rotation entry that introduced it, signed by
   * a key HQ knows (see endorsedKey): the request is then checked against that key, still before
   * the batch is verified.
   */
  async authenticate(req: IncomingRequest, options: { rotations?: boolean } = {}): Promise<Authenticated> {
    const { parts, signature } = await this.signedParts(req);
    let terminal = await this.terminals.get(parts.terminalId);
    // A key this process has not seen may come from a rotation another HQ process stored.
    if (terminal && terminal.keys[parts.keyId] === undefined) terminal = await this.terminals.refresh(parts.terminalId);
    if (!terminal)
      return this.refuse(
        req,
        'auth.unenrolled',
        'unenrolled-terminal',
        parts.terminalId,
        `terminal ${parts.terminalId} is not enrolled at this HQ`,
      );
    if (terminal.revokedAt)
      return this.refuse(
        req,
        'auth.unenrolled',
        'unenrolled-terminal',
        parts.terminalId,
        `terminal ${parts.terminalId} was revoked at HQ on ${terminal.revokedAt}: it needs a new enrollment (a new terminal id)`,
      );
    const key = terminal.keys[parts.keyId] ?? (options.rotations ? this.endorsedKey(req.body, terminal, parts.keyId) : null);
    if (!key) {
      return this.refuse(
        req,
        'auth.bad-signature',
        'bad-request-signature',
        parts.terminalId,
        `the request is signed with key ${parts.keyId}, which is not a key of terminal ${parts.terminalId}${options.rotations ? ' nor one a key-rotation entry in the batch, signed by one of its keys, introduces' : ''}`,
      );
    }
    if (!verifyRequestSignature(this.crypto, fromBase64(key), parts, signature)) {
      return this.refuse(
        req,
        'auth.bad-signature',
        'bad-request-signature',
        parts.terminalId,
        `the request signature does not verify with key ${parts.keyId} of terminal ${parts.terminalId}`,
      );
    }
    await this.useNonce(req, parts);
    return { terminal, parts };
  }

  /**
   * The public key (base64) `keyId` has when the batch body carries the key-rotation entry that
   * introduced it, signed by a key HQ knows for this terminal, or by a key an earlier rotation
   * in the same batch introduced (at most MAX_ENDORSEMENT_HOPS). Each link costs one entry hash
   * and one Ed25519 check, whatever the size of the batch; the chain verifier still checks the
   * rotation in its place in the ledger afterwards. Null when nothing endorses the key.
   */
  private endorsedKey(body: Buffer, terminal: EnrolledTerminal, keyId: string): string | null {
    const claims = rotationClaims(body, terminal.terminalId);
    if (!claims) return null;
    const links: RotationClaim[] = [];
    let wanted = keyId;
    while (terminal.keys[wanted] === undefined) {
      const claim = claims.get(wanted);
      if (!claim || links.length >= MAX_ENDORSEMENT_HOPS) return null;
      links.push(claim);
      wanted = claim.entry.keyId;
    }
    let signer = terminal.keys[wanted]!;
    try {
      for (const link of links.reverse()) {
        const { entry } = link;
        if (entryHash(this.crypto, entry) !== entry.hash) return null;
        if (!this.crypto.verifyEd25519(fromBase64(signer), signatureMessage(entry.hash), fromBase64(entry.signature))) return null;
        const introduced = fromBase64(link.newPublicKey);
        if (keyIdOf(this.crypto, introduced) !== (entry.body as { newKeyId: string }).newKeyId) return null;
        signer = link.newPublicKey;
      }
    } catch {
      return null;
    }
    return signer;
  }

  /** Verifies a signature by a key the request itself presents (enrollment: proof of possession). */
  async authenticateWithKey(req: IncomingRequest, publicKey: Uint8Array, keyId: string): Promise<SignedRequestParts> {
    const { parts, signature } = await this.signedParts(req);
    if (parts.keyId !== keyId || !verifyRequestSignature(this.crypto, publicKey, parts, signature)) {
      return this.refuse(
        req,
        'auth.bad-signature',
        'bad-request-signature',
        parts.terminalId,
        'the enrollment request is not signed by the key it presents',
      );
    }
    await this.useNonce(req, parts);
    return parts;
  }

  private async useNonce(req: IncomingRequest, parts: SignedRequestParts): Promise<void> {
    const r = await this.pool.query(
      'INSERT INTO hq_request_nonces (terminal_id, nonce, seen_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING',
      [parts.terminalId, parts.nonce],
    );
    if (r.rowCount === 0) {
      return this.refuse(
        req,
        'auth.replayed',
        'replayed-request',
        parts.terminalId,
        `nonce ${parts.nonce} was already used by terminal ${parts.terminalId}: the request is a replay`,
      );
    }
    const now = this.now();
    if (now - this.lastPrune > NONCE_PRUNE_EVERY_MS) {
      this.lastPrune = now;
      // Older than twice the window: such a request would be refused as stale anyway.
      await this.pool.query(`DELETE FROM hq_request_nonces WHERE seen_at < now() - make_interval(secs => $1)`, [
        (2 * this.windowMs) / 1000,
      ]);
    }
  }
}
