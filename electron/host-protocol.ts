import { z } from 'zod';

// Control messages between main and the host process. Contract traffic is text frames (the
// same JSON as browser mode's WebSocket: core/contract/wire.ts) on a MessagePort in Electron;
// under child_process.fork (tests, debugging) frames ride the IPC channel as { type: 'frame' }.

/**
 * How the host gets the terminal's signing key. Main alone has safeStorage, so where the key file
 * is encrypted with the OS keychain main decrypts it and sends the PEM once, in 'start', over the
 * process's private channel (parentPort; never argv, env or a log). Signing each entry through
 * main instead would cost an IPC round trip inside every ledger transaction, which is synchronous
 * (better-sqlite3, Signer.sign): the key is handed over once.
 *   file:     read the plain owner-only key file (or create it on first start)
 *   provided: the PEM main decrypted
 *   refused:  main could not open the key (keychain unavailable, decryption failed): the host
 *             reports this as its start failure and never creates a new key
 */
export const terminalKeySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file') }),
  z.strictObject({ kind: z.literal('provided'), pem: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('refused'), code: z.string().regex(/^key\.[a-z-]+$/), message: z.string().max(2000) }),
]);

export const startMessageSchema = z.strictObject({
  type: z.literal('start'),
  dataDir: z.string().min(1),
  /** null: no config file; the host starts only with `demo`. */
  configPath: z.string().min(1).nullable(),
  demo: z.boolean(),
  /** Absent: as 'file' (browser-mode parity, the forked host of the tests). */
  terminalKey: terminalKeySourceSchema.optional(),
});

export const frameMessageSchema = z.strictObject({ type: z.literal('frame'), text: z.string() });

export const mainToHostSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  /** Close the ledger and exit. */
  z.strictObject({ type: z.literal('shutdown') }),
  /** Electron: carries the MessagePort for frames. */
  z.strictObject({ type: z.literal('connect') }),
  frameMessageSchema,
]);

export const hostToMainSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), terminalId: z.string(), ledgerPath: z.string() }),
  /** Start failed. Not retryable: a restart cannot help (bad config, missing ledger or key). */
  z.strictObject({ type: z.literal('fatal'), code: z.string(), message: z.string(), retryable: z.boolean() }),
  /** The ledger is closed; the process exits next. */
  z.strictObject({ type: z.literal('closed') }),
  frameMessageSchema,
]);

export type TerminalKeySource = z.infer<typeof terminalKeySourceSchema>;
export type StartMessage = z.infer<typeof startMessageSchema>;
export type MainToHost = z.infer<typeof mainToHostSchema>;
export type HostToMain = z.infer<typeof hostToMainSchema>;

/** Start failures a restart cannot fix: the supervisor shows them instead of retrying. */
const PERMANENT_CODES = new Set([
  'config.invalid',
  'config.missing',
  'ledger.missing',
  'ledger.invalid-entry',
  'ledger.not-a-database',
  'ledger.not-a-ledger',
  'ledger.corrupt',
  'ledger.schema-newer',
  'ledger.terminal-mismatch',
  'ledger.read-only',
  'key.permissions',
  'data.permissions',
  'data.not-a-folder',
  'key.invalid',
  'key.missing',
  'key.protected',
  'key.unreadable',
  'key.keychain-unavailable',
  'devices.invalid-config',
]);

export function isRetryableStartError(code: string): boolean {
  return !PERMANENT_CODES.has(code);
}
