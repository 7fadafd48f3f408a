// The one shape of a Tillproof error: a stable `code` a program branches on and the UI or the
// CLI explains, an English `message` for logs, optional `details` (values for the message) and
// the `cause` it wraps. Each layer's error (HostError, LedgerStoreError, HqError...) extends it.

interface TillproofErrorOptions {
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

export class TillproofError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: Code, message: string, options: TillproofErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TillproofError';
    this.code = code;
    this.details = options.details;
  }
}

/** The text of whatever was thrown: an Error's message, anything else as a string. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
