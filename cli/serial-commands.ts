import { parseArgs } from 'node:util';
import { readLedgerEntries } from '../db/ledger-file.ts';
import { ownerText, serialHistory, type SerialEvent, type SerialHistory } from '../core/loss/serial-history.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const SERIAL_USAGE = `Usage:
  tillproof serial show SERIAL --db LEDGER.sqlite [--db LEDGER.sqlite ...] [--json]

Shows a serialized piece's history from terminal ledgers: each sale, return and post-void that
names the serial (terminal, seq, entry hash, time, store, receipt, member, cashier), marks an
event that does not follow from the ones before it (sold while sold, returned while not sold), and
prints the owner of record: the member id, "walk-in", or none. Exits 0 when the history has no
anomaly, 1 when it has one, 2 on usage or I/O errors.`;

export function serialCommand(args: string[], io: CommandIo): number {
  const [sub, ...rest] = args;
  if (sub !== 'show') throw new UsageError(sub ? `unknown serial command "${sub}"` : 'missing serial command');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { db: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [serial, ...extra] = positionals;
  if (!serial) throw new UsageError('give the serial to show');
  if (extra.length) throw new UsageError(`one serial at a time (got "${extra.join('", "')}" too)`);
  const paths = values.db ?? [];
  if (paths.length === 0) throw new UsageError('give at least one ledger file with --db FILE');
  return printSerialHistory(
    serialHistory(
      paths.map((path) => readLedgerEntries(path)),
      serial,
    ),
    io,
    values.json ?? false,
  );
}

/** Prints a serial's history (as text, or one JSON object); exit 1 when an event is marked as an anomaly. */
export function printSerialHistory(history: SerialHistory, io: CommandIo, json: boolean): number {
  const anomalies = history.events.filter((e) => e.anomaly).length;
  if (json) {
    io.out(JSON.stringify({ serial: history.serial, owner: ownerOf(history.owner), events: history.events }));
  } else {
    io.out(`serial ${history.serial}`);
    if (history.events.length === 0) io.out('  no sale, return or void names it in these ledgers');
    for (const e of history.events) io.out(`  ${eventLine(e)}`);
    io.out(`owner of record: ${ownerText(history)}`);
  }
  return anomalies ? EXIT.failed : EXIT.ok;
}

function ownerOf(owner: SerialHistory['owner']): { status: string; memberId: string | null } {
  return owner.status === 'sold' ? { status: 'sold', memberId: owner.memberId } : { status: owner.status, memberId: null };
}

function eventLine(e: SerialEvent): string {
  const who = e.event === 'sold' ? `to ${e.memberId ?? 'walk-in'}` : e.memberId ? `(sold to ${e.memberId})` : '';
  const how = e.entry === 'typed' ? ` typed, approval seq ${e.approvalSeq ?? '-'}` : e.entry === 'scanned' ? ' scanned' : '';
  const against =
    e.originalReceiptNo !== undefined ? ` against receipt ${e.originalReceiptNo}` : e.event === 'returned' ? ' without receipt' : '';
  const parts = [
    e.at,
    e.event.toUpperCase(),
    who,
    `store ${e.storeId ?? '?'}`,
    `receipt ${e.receiptNo} line ${e.lineNo}${against}`,
    `cashier ${e.cashierId ?? '-'}${how}`,
    `entry ${e.terminalId}#${e.seq} ${e.hash.slice(0, 16)}…`,
  ].filter((p) => p !== '');
  return `${parts.join('  ')}${e.anomaly ? `  !! ${e.anomaly}` : ''}`;
}
