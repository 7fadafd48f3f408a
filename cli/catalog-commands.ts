import { parseArgs } from 'node:util';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CatalogCsvReader, formatCatalogCsvError, type CatalogCsvResult } from '../core/catalog/csv.ts';
import { unsafeCharacter } from '../core/catalog/normalize.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { applyCatalog, versionLabel, MasterDataError, type CatalogChange, type CatalogProgress } from '../db/master-data.ts';
import { SqliteLedgerStore, openLedgerDatabase } from '../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { acquireLedgerWriterLock } from '../db/ledger-writer-lock.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath, TerminalKeyError } from '../platform/terminal-key.ts';
import { ConfigError, DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { withHqConfig } from '../host/hq-config.ts';
import { ledgerPath, systemClock } from '../host/terminal-ledger.ts';
import type { Clock } from '../core/ports/clock.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const CATALOG_USAGE = `Usage:
  tillproof catalog import FILE.csv (--data-dir DIR | --db FILE) [--config FILE] [--key FILE]
                                    [--dry-run] [--partial] [--merge] [--progress-every N]

Columns: product_id, sku, name, name_en, name_zh_tw, name_zh_cn, department, tax_class, unit
(each|kg), price_retail, price_<tier>..., barcodes (separated by "|"), active, item_code.
Prices are decimal text in the store currency (from --config, else the demo store: TWD).
Products missing from the file are deactivated (--merge: left alone). One bad row and nothing
is applied, unless --partial: then the good rows are applied and the bad rows' products are
left alone. --dry-run checks the file against the catalog and changes nothing.
Exit codes: 0 every row applied, 1 rows rejected (or the catalog refused them), 2 usage or I/O error.`;

/** Rows between progress lines on stderr. */
const DEFAULT_PROGRESS_EVERY = 10_000;
/** Per-row errors printed before the rest are only counted. */
const MAX_ERRORS_SHOWN = 200;
const CHUNK_BYTES = 1 << 20;

/** Thrown inside the dry-run transaction to roll it back with the result. */
class DryRunRollback extends TillproofError<'catalog.dry-run'> {
  readonly change: CatalogChange;
  constructor(change: CatalogChange) {
    super('catalog.dry-run', 'dry run');
    this.change = change;
  }
}

export interface CatalogCommandOptions {
  clock?: Clock;
}

export function catalogCommand(args: string[], io: CommandIo, options: CatalogCommandOptions = {}): number {
  try {
    const [sub, ...rest] = args;
    if (sub !== 'import') throw new UsageError(sub ? `unknown catalog command "${sub}"` : 'missing catalog command (import)');
    return importCommand(rest, io, options.clock ?? systemClock);
  } catch (thrown) {
    // The ledger store wraps whatever a write throws; a catalog refusal is its cause.
    const e = thrown instanceof LedgerStoreError && thrown.cause instanceof MasterDataError ? thrown.cause : thrown;
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tillproof catalog: ${e.message}\n${CATALOG_USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof LedgerStoreError || e instanceof TerminalKeyError || e instanceof ConfigError) {
      io.err(`tillproof catalog: ${e.message} [${e.code}]`);
      return EXIT.usage;
    }
    if (e instanceof MasterDataError) {
      io.err(`tillproof catalog: ${e.message} [${e.code}]; nothing was applied`);
      return EXIT.failed;
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('E')) {
      io.err(`tillproof catalog: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

function configFrom(path: string | undefined): TerminalConfig {
  const file = path ?? process.env.TILLPROOF_CONFIG;
  return file ? loadConfigFile(file) : parseConfig(DEMO_CONFIG, 'embedded demo config');
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} takes a positive whole number, not "${value}"`);
  return Number(value);
}

class NotUtf8Error extends TillproofError<'catalog.not-utf8'> {
  constructor(message: string) {
    super('catalog.not-utf8', message);
  }
}

/** Reads the file in chunks through a strict UTF-8 decoder into the catalog reader. */
function readCatalogFile(path: string, reader: CatalogCsvReader): CatalogCsvResult {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      let text: string;
      try {
        text = n === 0 ? decoder.decode() : decoder.decode(buffer.subarray(0, n), { stream: true });
      } catch {
        throw new NotUtf8Error('the file is not UTF-8 text (from Excel, save it as "CSV UTF-8")');
      }
      reader.push(text);
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return reader.end();
}

function printable(text: string): string {
  return [...text]
    .filter((c) => unsafeCharacter(c) === null)
    .join('')
    .slice(0, 120);
}

function describe(change: CatalogChange): string {
  return `${change.inserted} inserted, ${change.updated} updated, ${change.deactivated} deactivated, ${change.unchanged} unchanged; ${change.active} of ${change.products} products active`;
}

/** The import's arguments, checked: the catalog file, the ledger and the config it is for. */
interface ImportRequest {
  file: string;
  dbPath: string;
  every: number;
  config: TerminalConfig;
  key: string | undefined;
  dryRun: boolean;
  partial: boolean;
  merge: boolean;
}

function parseImportArgs(args: string[], io: CommandIo): ImportRequest {
  const { values, positionals } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      key: { type: 'string' },
      config: { type: 'string' },
      'dry-run': { type: 'boolean' },
      partial: { type: 'boolean' },
      merge: { type: 'boolean' },
      'progress-every': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one catalog file: tillproof catalog import FILE.csv ...');
  if (values.db && values['data-dir']) throw new UsageError('give either --db FILE or --data-dir DIR, not both');
  const dbPath = values.db ? resolve(values.db) : values['data-dir'] ? ledgerPath(resolve(values['data-dir'])) : null;
  if (!dbPath) throw new UsageError('give the terminal data directory with --data-dir DIR (or the ledger file with --db FILE)');
  if (!existsSync(dbPath))
    throw new LedgerStoreError('ledger.missing', `no ledger at ${dbPath}; start the terminal once first ("tillproof start")`);
  const every = positiveInt(values['progress-every'], 'progress-every', DEFAULT_PROGRESS_EVERY);
  // The tax classes the till prices with: its config with what HQ published into its data folder.
  const config = withHqConfig(configFrom(values.config), dirname(dbPath), (message) => io.err(`tillproof catalog: ${message}`));
  return {
    file,
    dbPath,
    every,
    config,
    key: values.key,
    dryRun: values['dry-run'] ?? false,
    partial: values.partial ?? false,
    merge: values.merge ?? false,
  };
}

/** Step 1: reads and checks every row; an exit code when nothing may be applied. */
function readImportFile(request: ImportRequest, io: CommandIo): CatalogCsvResult | number {
  const { file, every, config } = request;
  const minorDigits = minorDigitsOf(config.store.currency);
  const reader = new CatalogCsvReader({
    minorDigits,
    eightDigit: config.scan.eightDigit,
    taxClasses: config.tax.classes.map((c) => c.id),
    onRecord: (n) => {
      if (n % every === 0) io.err(`read ${n} rows`);
    },
  });
  let parsed: CatalogCsvResult;
  try {
    parsed = readCatalogFile(file, reader);
  } catch (e) {
    if (e instanceof NotUtf8Error) {
      io.err(`tillproof catalog: ${file}: ${e.message}; nothing was applied`);
      return EXIT.failed;
    }
    throw e;
  }
  io.err(`read ${parsed.records} rows: ${parsed.items.length} good, ${parsed.rejected} rejected`);
  for (const e of parsed.errors.slice(0, MAX_ERRORS_SHOWN)) io.err(`${file}: ${formatCatalogCsvError(e)}`);
  if (parsed.errors.length > MAX_ERRORS_SHOWN) io.err(`... and ${parsed.errors.length - MAX_ERRORS_SHOWN} more errors`);

  if (!parsed.headerOk) {
    io.err('the header row is not usable; nothing was applied');
    return EXIT.failed;
  }
  const rejected = parsed.rejected > 0;
  if (rejected && !request.partial) {
    io.err(
      `${parsed.rejected} of ${parsed.records} rows rejected; nothing was applied (fix the rows, or give --partial to apply the ${parsed.items.length} good rows)`,
    );
    return EXIT.failed;
  }
  if (parsed.items.length === 0 && !request.merge) {
    io.err('the file has no product to apply; refusing to deactivate the whole catalog (give --merge to apply nothing)');
    return EXIT.failed;
  }
  return parsed;
}

/** Step 2a: applies in a transaction that is always rolled back. Needs no terminal key. */
function dryRunImport(
  request: ImportRequest,
  parsed: CatalogCsvResult,
  progress: (p: CatalogProgress) => void,
  applyOptions: { merge: boolean; keepProductIds: CatalogCsvResult['rejectedProductIds']; progressEvery: number },
  io: CommandIo,
): number | null {
  const { dbPath, config } = request;
  const rejected = parsed.rejected > 0;
  // Even a dry run holds the ledger's write lock while it applies, so it refuses while the till runs.
  const release = acquireLedgerWriterLock(dbPath);
  let db: ReturnType<typeof openLedgerDatabase>;
  try {
    db = openLedgerDatabase(dbPath, { mustExist: true });
  } catch (e) {
    release();
    throw e;
  }
  try {
    const terminalId = db.prepare("SELECT value FROM ledger_meta WHERE key = 'terminal_id'").pluck().get() as string | undefined;
    if (terminalId !== config.terminal.terminalId) {
      throw new LedgerStoreError(
        'ledger.terminal-mismatch',
        `${dbPath} belongs to terminal ${terminalId ?? '(none)'}, but the config is for ${config.terminal.terminalId}; give its --config`,
      );
    }
    db.transaction(() => {
      throw new DryRunRollback(applyCatalog(db, parsed.items, progress, applyOptions));
    })();
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
    io.out(`dry run: ${describe(e.change)}; nothing was changed`);
    return rejected ? EXIT.failed : EXIT.ok;
  } finally {
    db.close();
    release();
  }
  return null;
}

/** Step 2b: applies, with its config-change entry in the same ledger transaction. */
function applyImport(
  request: ImportRequest,
  parsed: CatalogCsvResult,
  progress: (p: CatalogProgress) => void,
  applyOptions: { merge: boolean; keepProductIds: CatalogCsvResult['rejectedProductIds']; progressEvery: number },
  io: CommandIo,
  clock: Clock,
): number {
  const { file, dbPath, config } = request;
  const rejected = parsed.rejected > 0;
  const keyPath = request.key ? resolve(request.key) : terminalKeyPath(dirname(dbPath));
  const store = SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, loadTerminalKey(keyPath), { terminalId: config.terminal.terminalId });
  try {
    const now = clock.now();
    // A catalog loaded after the Z report counts toward the next business day.
    const businessDay = openBusinessDay(now, config.store, store);
    const at = now.toISOString();
    const result = store.write((tx) => {
      const change = applyCatalog(store.database, parsed.items, progress, applyOptions);
      if (change.inserted + change.updated + change.deactivated === 0) return { change, seq: null };
      const summary = `import of ${printable(basename(file))}: ${describe(change)}${rejected ? `; ${parsed.rejected} rows rejected and their products left alone` : ''}${request.merge ? ' (merge)' : ''}`;
      const entry = tx.append({
        kind: 'config-change',
        businessDay,
        startedAt: at,
        endedAt: at,
        operatorId: null,
        body: { section: 'catalog', version: versionLabel(change), summary: summary.slice(0, 500), digest: change.digest },
      });
      return { change, seq: entry.seq };
    });
    const { change, seq } = result;
    if (seq === null) io.out(`catalog unchanged (version ${versionLabel(change)}): ${describe(change)}`);
    else io.out(`catalog version ${versionLabel(change)}: ${describe(change)}; logged as ledger entry ${seq}`);
    if (rejected)
      io.err(`${parsed.rejected} of ${parsed.records} rows rejected (--partial: the ${parsed.items.length} good rows were applied)`);
    return rejected ? EXIT.failed : EXIT.ok;
  } finally {
    store.close();
  }
}

function importCommand(args: string[], io: CommandIo, clock: Clock): number {
  const request = parseImportArgs(args, io);
  const parsed = readImportFile(request, io);
  if (typeof parsed === 'number') return parsed;
  const progress = (p: CatalogProgress): void => {
    if (p.phase === 'apply') io.err(`applied ${p.done}${p.total === null ? '' : ` of ${p.total}`} rows`);
    else if (p.phase === 'deactivate') io.err(`deactivated ${p.done} products missing from the file`);
  };
  const applyOptions = { merge: request.merge, keepProductIds: parsed.rejectedProductIds, progressEvery: request.every };
  if (request.dryRun) {
    const code = dryRunImport(request, parsed, progress, applyOptions, io);
    if (code !== null) return code;
  }
  return applyImport(request, parsed, progress, applyOptions, io, clock);
}
