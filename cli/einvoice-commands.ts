import { parseArgs } from 'node:util';
import { tillFiles } from './staff-commands.ts';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { twEInvoiceConfig } from '../core/config/fiscal-config.ts';
import type { Clock } from '../core/ports/clock.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { numbersLeft, rangeRefusal, issueOrder, type InvoiceRange } from '../core/fiscal/tw-einvoice/number-ranges.ts';
import { parsePeriodCode, periodCode, periodLabel } from '../core/fiscal/tw-einvoice/roc-calendar.ts';
import { EInvoiceError } from '../core/fiscal/tw-einvoice/errors.ts';
import { SqliteLedgerStore, openLedgerDatabase } from '../db/sqlite-ledger.ts';
import { SqliteInvoiceNumbers } from '../db/invoice-numbers.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath } from '../platform/terminal-key.ts';
import { systemClock } from '../host/terminal-ledger.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const EINVOICE_USAGE = `Usage:
  tillproof einvoice range add --track AB --from 11223300 --to 11223349 --period 11512 --data-dir DIR [--config FILE] [--reason TEXT]
  tillproof einvoice range list [--period 11512] --data-dir DIR [--config FILE]

The Taiwan e-invoice numbers (字軌) this till may issue (fiscal profile tw-einvoice, docs/einvoice.md).
"range add" records a range the business gave this till (HQ's "tillproof hq einvoice assign" says
which) as a ledger entry: the till issues a period's numbers in order, range by range, lowest
letters and numbers first. A period is the ROC year and even month (11512 = 115/11-12, i.e.
November-December 2026) or any month of it (2026-11). A range may not overlap one already recorded
for the period, nor lie before the last number the till issued in it. The till must be stopped for
"add"; "list" works while it runs and shows, per period, the next number and how many are left.
Exit codes: 0 done, 1 refused (nothing was recorded), 2 usage or I/O error.`;

export interface EInvoiceCommandOptions {
  clock?: Clock;
}

function periodOf(text: string | undefined): string {
  if (!text) throw new UsageError('give the period with --period (11512, or a month of it: 2026-11)');
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  try {
    if (month) {
      const m = Number(month[2]);
      if (m < 1 || m > 12) throw new UsageError(`--period ${text}: the month is 01 to 12`);
      const end = m % 2 === 0 ? m : m + 1;
      return periodCode({ rocYear: Number(month[1]) - 1911, startMonth: end - 1, endMonth: end });
    }
    return periodCode(parsePeriodCode(text));
  } catch (e) {
    if (e instanceof EInvoiceError) throw new UsageError(`--period: ${e.message}`);
    throw e;
  }
}

function parseEInvoiceArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      track: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      reason: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  return { ...tillFiles(values), values, positionals };
}

const show = (r: InvoiceRange) => `${r.track}${r.from}-${r.track}${r.to}`;

function listRanges(dbPath: string, period: string | undefined, io: CommandIo): number {
  // Read-only: no writer lock, so it works beside a running till.
  const db = openLedgerDatabase(dbPath, { mustExist: true, readonly: true });
  try {
    const book = new SqliteInvoiceNumbers(db);
    const periods = period
      ? [period]
      : (db
          .prepare(`SELECT DISTINCT json_extract(body, '$.period') FROM ledger_entries WHERE kind = 'einvoice-range' ORDER BY 1`)
          .pluck()
          .all() as string[]);
    if (periods.length === 0) io.out('no e-invoice number ranges recorded on this till yet ("tillproof einvoice range add")');
    for (const p of periods) {
      const ranges = issueOrder(book.ranges(p));
      const last = book.lastIssued(p);
      const left = numbersLeft(ranges, last);
      io.out(
        `${p} (${periodLabel(parsePeriodCode(p))}): ${left.left} number(s) left, next ${left.next ?? 'none'}, last issued ${last ?? 'none'}`,
      );
      for (const r of ranges) io.out(`  ${show(r)}\t${Number(r.to) - Number(r.from) + 1} numbers`);
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** A refusal a person can act on: exit 1, nothing recorded. */
function refuse(io: CommandIo, message: string): number {
  io.err(`tillproof einvoice: ${message}; nothing was recorded`);
  return EXIT.failed;
}

function addRange(
  request: { dataDir: string; dbPath: string; config: TerminalConfig },
  values: { track?: string; from?: string; to?: string; period?: string; reason?: string },
  io: CommandIo,
  clock: Clock,
): number {
  const period = periodOf(values.period);
  const track = values.track ?? '';
  if (!/^[A-Z]{2}$/.test(track)) throw new UsageError(`--track: two uppercase letters (AB), got "${track}"`);
  for (const key of ['from', 'to'] as const)
    if (!/^\d{8}$/.test(values[key] ?? '')) throw new UsageError(`--${key}: eight digits (11223300), got "${values[key] ?? ''}"`);
  const added: InvoiceRange = { track, from: values.from!, to: values.to! };
  if (!twEInvoiceConfig(request.config.fiscal))
    io.err('note: this config does not turn on the tw-einvoice profile; the till issues no e-invoices until it does');
  const { dbPath, config } = request;
  const store = SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, loadTerminalKey(terminalKeyPath(request.dataDir)), {
    terminalId: config.terminal.terminalId,
  });
  try {
    const book = new SqliteInvoiceNumbers(store.database);
    const now = clock.now();
    const at = now.toISOString();
    const businessDay = openBusinessDay(now, config.store, store);
    const result = store.write((tx) => {
      const existing = book.ranges(period);
      const last = book.lastIssued(period);
      const refused = rangeRefusal(existing, last, added);
      if (refused) return { refused };
      const reason = values.reason ? { reason: values.reason.slice(0, 500) } : {};
      const entry = tx.append({
        kind: 'einvoice-range',
        businessDay,
        startedAt: at,
        endedAt: at,
        operatorId: null,
        body: { period, track, from: added.from, to: added.to, source: 'till', ...reason },
      });
      return { seq: entry.seq, left: numbersLeft([...existing, added], last).left };
    });
    if ('refused' in result) return refuse(io, result.refused ?? 'refused');
    io.out(
      `${period}: recorded ${show(added)} (${Number(added.to) - Number(added.from) + 1} numbers) as ledger entry ${result.seq}; ${result.left} number(s) left in the period`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}

export async function einvoiceCommand(args: string[], io: CommandIo, options: EInvoiceCommandOptions = {}): Promise<number> {
  const clock = options.clock ?? systemClock;
  const [group, sub, ...rest] = args;
  if (group !== 'range') throw new UsageError(group ? `unknown einvoice command "${group}"` : 'missing einvoice command (range)');
  if (sub !== 'add' && sub !== 'list')
    throw new UsageError(sub ? `unknown einvoice range command "${sub}"` : 'missing einvoice range command (add, list)');
  const request = parseEInvoiceArgs(rest);
  if (request.positionals.length) throw new UsageError(`einvoice range ${sub} takes options only`);
  if (sub === 'list') return listRanges(request.dbPath, request.values.period ? periodOf(request.values.period) : undefined, io);
  return addRange(request, request.values, io, clock);
}
