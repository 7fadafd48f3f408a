import { errorMessage, TillproofError } from '../core/shared/errors.ts';

export type LedgerStoreErrorCode =
  | 'ledger.not-a-database'
  | 'ledger.not-a-ledger'
  | 'ledger.corrupt'
  | 'ledger.schema-newer'
  | 'ledger.missing'
  | 'ledger.already-exists'
  | 'ledger.disk-full'
  | 'ledger.read-only'
  | 'ledger.io'
  | 'ledger.invalid-entry'
  | 'ledger.day-sealed'
  | 'ledger.terminal-mismatch'
  | 'ledger.busy'
  | 'ledger.in-use';

/** A ledger failure the UI and the CLI can explain: a code plus a human message. */
export class LedgerStoreError extends TillproofError<LedgerStoreErrorCode> {
  constructor(code: LedgerStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'LedgerStoreError';
  }
}

/** Maps SQLite's error codes to ledger error codes a person can act on. */
export function fromSqliteError(e: unknown, path: string): LedgerStoreError {
  if (e instanceof LedgerStoreError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  const message = errorMessage(e);
  if (code === 'SQLITE_NOTADB') return new LedgerStoreError('ledger.not-a-database', `${path} is not a SQLite database`, { cause: e });
  if (code.startsWith('SQLITE_CORRUPT'))
    return new LedgerStoreError(
      'ledger.corrupt',
      `${path} is damaged (${message}); restore it from a backup and run "tillproof ledger verify"`,
      { cause: e },
    );
  if (code === 'SQLITE_FULL')
    return new LedgerStoreError('ledger.disk-full', `the disk holding ${path} is full; nothing was written. Free space, then try again`, {
      cause: e,
    });
  if (code.startsWith('SQLITE_READONLY'))
    return new LedgerStoreError('ledger.read-only', `${path} cannot be written (${message})`, { cause: e });
  if (code.startsWith('SQLITE_BUSY')) return new LedgerStoreError('ledger.busy', `${path} is locked by another program`, { cause: e });
  if (code.startsWith('SQLITE_CANTOPEN')) return new LedgerStoreError('ledger.io', `${path} cannot be opened (${message})`, { cause: e });
  if (code.startsWith('SQLITE_IOERR')) return new LedgerStoreError('ledger.io', `I/O error on ${path} (${message})`, { cause: e });
  return new LedgerStoreError('ledger.io', `${path}: ${message}`, { cause: e });
}
