import { TillproofError } from '../core/shared/errors.ts';
import type { HqErrorCode } from '../platform/hq-protocol.ts';

export type HqServiceErrorCode =
  | HqErrorCode
  | 'config.invalid'
  | 'config.insecure-listen'
  | 'db.schema-newer'
  | 'db.unavailable'
  | 'master-data.invalid'
  | 'hq-user.invalid'
  | 'console.unauthenticated'
  | 'console.forbidden'
  | 'console.csrf'
  | 'console.sign-in-failed'
  | 'console.totp-required'
  | 'console.locked'
  | 'console.wrong-password';

const STATUS: Partial<Record<HqServiceErrorCode, number>> = {
  'request.invalid': 400,
  'request.too-large': 413,
  'request.not-found': 404,
  'auth.missing': 401,
  'auth.unenrolled': 401,
  'auth.bad-signature': 401,
  'auth.stale': 401,
  'auth.replayed': 401,
  'auth.wrong-terminal': 403,
  'auth.report-token': 401,
  'enroll.invalid-code': 403,
  'enroll.code-used': 409,
  'enroll.code-expired': 403,
  'enroll.terminal-mismatch': 403,
  'enroll.already-enrolled': 409,
  'ingest.malformed': 400,
  'ingest.tampered': 409,
  'ingest.fork': 409,
  'ingest.chain-broken': 409,
  'hq.busy': 503,
  'master-data.invalid': 400,
  'hq-user.invalid': 400,
  'console.unauthenticated': 401,
  'console.forbidden': 403,
  'console.csrf': 403,
  'console.sign-in-failed': 401,
  'console.totp-required': 401,
  'console.locked': 429,
  'console.wrong-password': 403,
};

/** An HQ failure with a code a client or an operator can act on, and the HTTP status it maps to. */
export class HqError extends TillproofError<HqServiceErrorCode> {
  readonly status: number;
  declare readonly details: Record<string, unknown>;
  constructor(code: HqServiceErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
    this.name = 'HqError';
    this.status = STATUS[code] ?? 500;
  }
}
