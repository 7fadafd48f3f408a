import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { LedgerCrypto } from '../core/ports/crypto.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { keyIdOf } from '../core/ledger/entry.ts';
import { sha256Hex, type EnrollRequest, type EnrollResponse } from '../platform/hq-protocol.ts';
import { HqError } from './errors.ts';
import type { IncidentLog } from './incidents.ts';
import type { TerminalRegistry } from './terminals.ts';

// Enrollment: an operator creates a one-time code for a store and terminal id
// (`tillproof hq enroll`); the terminal presents it with its public key, in a request signed by
// that key. HQ keeps only the code's SHA-256; a code works once.

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read aloud or typed from paper
const CODE_CHARS = 20; // ~99 bits

export function formatEnrollmentCode(raw: string): string {
  return raw.match(/.{1,5}/g)!.join('-');
}

/** Upper case, without separators or spaces, so "abcde-fghjk" and "ABCDEFGHJK" are the same code. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function newEnrollmentCode(): string {
  const bytes = randomBytes(CODE_CHARS * 2);
  let raw = '';
  // Rejection sampling keeps every character equally likely.
  for (let i = 0; i < bytes.length && raw.length < CODE_CHARS; i++) {
    const b = bytes[i]!;
    if (b < 248) raw += ALPHABET[b % ALPHABET.length];
  }
  if (raw.length < CODE_CHARS) return newEnrollmentCode();
  return formatEnrollmentCode(raw);
}

function codeHash(code: string): string {
  return sha256Hex(`tillproof/enrollment-code/v1\u0000${normalizeEnrollmentCode(code)}`);
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** How long after its use a code may be presented again by the terminal and key that used it. */
const RETRY_WINDOW_MS = 15 * 60_000;

export async function createEnrollmentCode(
  pool: pg.Pool,
  request: { storeId: string; terminalId: string; validHours: number; now?: Date },
): Promise<{ code: string; expiresAt: string }> {
  if (!ID.test(request.storeId))
    throw new HqError('request.invalid', `store id "${request.storeId}" is not letters, digits, ".", "_" or "-" (up to 64)`);
  if (!ID.test(request.terminalId))
    throw new HqError('request.invalid', `terminal id "${request.terminalId}" is not letters, digits, ".", "_" or "-" (up to 64)`);
  const now = request.now ?? new Date();
  const expiresAt = new Date(now.getTime() + request.validHours * 3_600_000);
  const code = newEnrollmentCode();
  await pool.query(
    'INSERT INTO hq_enrollment_codes (code_hash, store_id, terminal_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [codeHash(code), request.storeId, request.terminalId, now, expiresAt],
  );
  return { code, expiresAt: expiresAt.toISOString() };
}

type Refusal = [code: HqError['code'], kind: Parameters<IncidentLog['record']>[0]['kind'], message: string];
type Enrolled = { storeId: string; enrolledAt: Date; headSeq: number };
interface CodeRow {
  store_id: string;
  terminal_id: string;
  expires_at: Date;
  used_at: Date | null;
  used_by_key_id: string | null;
}
interface TerminalRow {
  key_id: string;
  store_id: string;
  enrolled_at: Date;
  head_seq: number;
  revoked_at: Date | null;
}

/** The code and the terminal's enrolment, locked for the rest of the transaction. */
async function lockCodeAndTerminal(
  client: pg.PoolClient,
  request: EnrollRequest,
): Promise<{ code: CodeRow | undefined; enrolled: TerminalRow | undefined }> {
  const found = await client.query<CodeRow>(
    'SELECT store_id, terminal_id, expires_at, used_at, used_by_key_id FROM hq_enrollment_codes WHERE code_hash = $1 FOR UPDATE',
    [codeHash(request.code)],
  );
  const code = found.rows[0];
  const existing = await client.query<TerminalRow>(
    'SELECT key_id, store_id, enrolled_at, head_seq, revoked_at FROM hq_terminals WHERE terminal_id = $1 FOR UPDATE',
    [request.terminalId],
  );
  const enrolled = existing.rows[0];
  return { code, enrolled };
}

/** Why the code may not enrol this key, 'retry' for a lost answer asked again, or 'enroll'. */
function enrollmentDecision(
  code: CodeRow | undefined,
  enrolled: TerminalRow | undefined,
  request: EnrollRequest,
  keyId: string,
): Refusal | 'retry' | 'enroll' {
  // The same terminal and key presenting its code again soon after (its answer was lost on
  // the way back) is enrolled already: answered again, not counted as a reuse.
  const retry =
    code &&
    code.used_at &&
    code.used_by_key_id === keyId &&
    enrolled?.key_id === keyId &&
    code.terminal_id === request.terminalId &&
    Date.now() - code.used_at.getTime() < RETRY_WINDOW_MS;
  if (!code) return ['enroll.invalid-code', 'enrollment-code-invalid', `no such enrollment code for terminal ${request.terminalId}`];
  if (retry) return 'retry';
  if (code.used_at)
    return [
      'enroll.code-used',
      'enrollment-code-reused',
      `the enrollment code for terminal ${code.terminal_id} was already used at ${code.used_at.toISOString()}; a code works once`,
    ];
  if (code.expires_at.getTime() < Date.now())
    return [
      'enroll.code-expired',
      'enrollment-code-expired',
      `the enrollment code for terminal ${code.terminal_id} expired at ${code.expires_at.toISOString()}`,
    ];
  if (code.terminal_id !== request.terminalId)
    return [
      'enroll.terminal-mismatch',
      'enrollment-refused',
      `the enrollment code is for terminal ${code.terminal_id}, not ${request.terminalId}`,
    ];
  if (enrolled?.revoked_at)
    return [
      'enroll.already-enrolled',
      'enrollment-refused',
      `terminal ${request.terminalId} was revoked at HQ on ${enrolled.revoked_at.toISOString()}; enrol it under a new terminal id`,
    ];
  if (enrolled && enrolled.key_id !== keyId)
    return [
      'enroll.already-enrolled',
      'enrollment-refused',
      `terminal ${request.terminalId} is already enrolled with key ${enrolled.key_id}; a terminal with a new key and ledger needs a new terminal id`,
    ];
  return 'enroll';
}

/** Marks the code used and records the terminal (once); answers with its enrolment. */
async function enrollTerminal(
  client: pg.PoolClient,
  request: EnrollRequest,
  keyId: string,
  code: CodeRow,
  enrolled: TerminalRow | undefined,
): Promise<Enrolled> {
  await client.query('UPDATE hq_enrollment_codes SET used_at = now(), used_by_key_id = $2 WHERE code_hash = $1', [
    codeHash(request.code),
    keyId,
  ]);
  if (!enrolled) {
    await client.query(
      `INSERT INTO hq_terminals (terminal_id, store_id, public_key, key_id, genesis_public_key, enrolled_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [request.terminalId, code.store_id, request.publicKey, keyId, request.genesisPublicKey],
    );
  }
  const row = await client.query<{ enrolled_at: Date; head_seq: number; store_id: string }>(
    'SELECT enrolled_at, head_seq, store_id FROM hq_terminals WHERE terminal_id = $1',
    [request.terminalId],
  );
  return { storeId: row.rows[0]!.store_id, enrolledAt: row.rows[0]!.enrolled_at, headSeq: row.rows[0]!.head_seq };
}

export async function redeemEnrollmentCode(
  deps: { pool: pg.Pool; crypto: LedgerCrypto; incidents: IncidentLog; terminals: TerminalRegistry },
  request: EnrollRequest,
  remoteAddress: string | null,
): Promise<EnrollResponse> {
  const { pool, incidents } = deps;
  const keyId = keyIdOf(deps.crypto, fromBase64(request.publicKey));
  const refuse = async (code: HqError['code'], kind: Parameters<IncidentLog['record']>[0]['kind'], message: string): Promise<never> => {
    await incidents.record({ kind, terminalId: request.terminalId, remoteAddress, message, details: { keyId } });
    throw new HqError(code, message);
  };
  const client = await pool.connect();
  let outcome: Enrolled | { refusal: Refusal };
  try {
    await client.query('BEGIN');
    const { code, enrolled } = await lockCodeAndTerminal(client, request);
    const decision = enrollmentDecision(code, enrolled, request, keyId);
    if (decision === 'retry') outcome = { storeId: enrolled!.store_id, enrolledAt: enrolled!.enrolled_at, headSeq: enrolled!.head_seq };
    else if (decision === 'enroll') outcome = await enrollTerminal(client, request, keyId, code!, enrolled);
    else outcome = { refusal: decision };
    await client.query('refusal' in outcome ? 'ROLLBACK' : 'COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  if ('refusal' in outcome) return refuse(...outcome.refusal);
  deps.terminals.invalidate(request.terminalId);
  return {
    terminalId: request.terminalId,
    storeId: outcome.storeId,
    enrolledAt: outcome.enrolledAt.toISOString(),
    ackSeq: outcome.headSeq,
  };
}
