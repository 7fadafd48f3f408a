// Why a sync attempt failed, as a value the status bar and the logs can explain. `retryable`
// decides between backing off and stopping until a person fixes something.
import { errorMessage, TillproofError } from '../shared/errors.ts';

export type SyncErrorCode =
  /** HQ could not be reached (refused, reset, DNS, TLS handshake). */
  | 'sync.offline'
  | 'sync.timeout'
  /** HQ is overloaded or restarting (503). */
  | 'sync.busy'
  /** The batch was larger than HQ accepts (413): the next one is smaller. */
  | 'sync.too-large'
  /** HQ does not know this terminal, or refused its request signature. */
  | 'sync.unauthorized'
  | 'sync.not-enrolled'
  /** The terminal clock is too far from HQ's even after correcting by the offset HQ reported. */
  | 'sync.clock-skew'
  /** HQ refused the entries themselves (fork, tampering, broken chain): a person must look. */
  | 'sync.rejected'
  /** HQ holds more of this terminal's ledger than the terminal does (ledger restored from an old backup?). */
  | 'sync.ledger-behind-hq'
  /** HQ acknowledged a hash that is not the terminal's entry at that seq. */
  | 'sync.diverged'
  /** Applying master data from HQ failed on the terminal. */
  | 'sync.master-data'
  /** A response that does not follow the protocol. */
  | 'sync.protocol';

const RETRYABLE: ReadonlySet<SyncErrorCode> = new Set([
  'sync.offline',
  'sync.timeout',
  'sync.busy',
  'sync.too-large',
  'sync.clock-skew',
  'sync.protocol',
  'sync.unauthorized',
  'sync.master-data',
]);

export class SyncError extends TillproofError<SyncErrorCode> {
  readonly retryable: boolean;
  /** HQ's Retry-After, when it sent one. */
  readonly retryAfterMs: number | undefined;
  declare readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: SyncErrorCode,
    message: string,
    options: { retryAfterMs?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, { details: options.details ?? {}, cause: options.cause });
    this.name = 'SyncError';
    this.retryable = RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function asSyncError(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  return new SyncError('sync.protocol', errorMessage(e), { cause: e });
}
