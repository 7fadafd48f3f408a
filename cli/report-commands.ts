import { parseArgs } from 'node:util';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { entryOf } from '../core/ledger/bodies.ts';
import { businessDayOf } from '../core/till/business-day.ts';
import { reportContext, xReportView, zReportView } from '../core/till/report-view.ts';
import { SqliteStaffDirectory } from '../db/staff-directory.ts';
import { periodDays, periodReport, type PeriodDay, type PeriodReport } from '../core/till/period-report.ts';
import { formatMinor } from '../core/money/money.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath } from '../platform/terminal-key.ts';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { ledgerPath } from '../host/terminal-ledger.ts';
import { reportCsv, reportPdf, reportText } from '../host/report-export.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';
import { commissionCommand } from './commission-command.ts';

export const REPORT_USAGE = `Usage:
  tillproof report x --data-dir DIR [--config FILE] [--format text|json|csv|pdf] [--out FILE]
  tillproof report z --data-dir DIR [--config FILE] [--z N | --day YYYY-MM-DD] [--format ...] [--out FILE]
  tillproof report period --data-dir DIR [--config FILE] --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json|csv] [--out FILE]
  tillproof report commission --db LEDGER.sqlite [--db ...] --rules RULES.json --from YYYY-MM-DD --to YYYY-MM-DD [--json|--csv]

x: the current business day so far (read only). z: a sealed Z report (default: the last one).
period: the Z reports of business days from..to added up (a month, a year); a day without a Z is not in it.
commission: each salesperson's commission line by line, from the ledgers and a rules file (returns claw back).
Closing a day happens at the till (manager approval, blind count); this command exports.`;

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A report names sales and staff: written for its owner only, like every file of the till. */
function writeExport(path: string, output: string | Buffer): void {
  writeFileSync(path, output, { mode: 0o600 });
  if (statSync(path).isFile()) chmodSync(path, 0o600);
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per figure, like the Z export: section, key, amount (minor units), count; then one row per Z. */
function periodCsv(r: PeriodReport, days: PeriodDay[]): string {
  const rows: Array<Array<string | number>> = [['section', 'key', 'amount', 'count']];
  rows.push(
    ['report', 'kind', 'period', ''],
    ['report', 'from', r.from, ''],
    ['report', 'to', r.to, ''],
    ['report', 'currency', r.currency, ''],
  );
  rows.push(['report', 'z_count', r.zCount, ''], ['report', 'first_z', r.firstZ ?? '', ''], ['report', 'last_z', r.lastZ ?? '', '']);
  for (const [key, v] of Object.entries(r.keys)) rows.push(['totals', key, v.amount, v.count]);
  rows.push(['grand', 'net', r.net, ''], ['grand', 'perpetual', r.perpetual, '']);
  for (const d of days) rows.push([`z:${d.zNo}`, d.businessDay, d.net, '']);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function periodText(r: PeriodReport, days: PeriodDay[], minorDigits: number, heading: string): string {
  const m = (n: number) => formatMinor(n, minorDigits);
  const pair = (left: string, right: string) => `${left.padEnd(34)} ${right.padStart(16)}`;
  const out = [
    heading,
    `Business days ${r.from} .. ${r.to}`,
    pair('Z reports', r.zCount ? `${r.zCount} (#${r.firstZ}..#${r.lastZ})` : '0'),
    '',
  ];
  for (const d of days) out.push(pair(`  Z #${d.zNo} ${d.businessDay}`, m(d.net)));
  if (days.length) out.push('');
  out.push(pair(`Net sales ${r.currency}`, m(r.net)), pair('Grand total since start', m(r.perpetual)), '', 'Totals (count, amount):');
  for (const key of Object.keys(r.keys).sort()) out.push(pair(`  ${key}`, `${r.keys[key]!.count}  ${m(r.keys[key]!.amount)}`));
  return `${out.join('\n')}\n`;
}

async function periodCommand(rest: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('give the terminal data directory with --data-dir DIR');
  const { from, to, format } = values;
  if (!from || !to) throw new UsageError('give the business days with --from YYYY-MM-DD --to YYYY-MM-DD');
  for (const [flag, v] of [
    ['--from', from],
    ['--to', to],
  ] as const)
    if (!ISO_DAY.test(v)) throw new UsageError(`${flag} is a business day YYYY-MM-DD, not "${v}"`);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (!['text', 'json', 'csv'].includes(format)) throw new UsageError(`--format is text, json or csv, not "${format}"`);
  const dataDir = resolve(values['data-dir']);
  const config = values.config ? loadConfigFile(values.config) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const store = SqliteLedgerStore.open(ledgerPath(dataDir), nodeLedgerCrypto, loadTerminalKey(terminalKeyPath(dataDir)), {
    readOnly: true,
  });
  try {
    const zs = store.zReports(from, to);
    const report = periodReport(zs, from, to, config.store.currency);
    const days = periodDays(zs);
    const minorDigits = minorDigitsOf(config.store.currency, { TWD: 0 });
    const output =
      format === 'json'
        ? `${JSON.stringify({ ...report, days }, null, 2)}\n`
        : format === 'csv'
          ? periodCsv(report, days)
          : periodText(report, days, minorDigits, `${config.store.name} ${config.terminal.terminalId} period report`);
    if (values.out) {
      writeExport(values.out, output);
      io.err(`wrote ${format} period report ${from}..${to} (${report.zCount} Z reports) to ${resolve(values.out)}`);
    } else io.out(output);
    return EXIT.ok;
  } finally {
    store.close();
  }
}

export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === 'period') return periodCommand(rest, io);
  if (kind === 'commission') return commissionCommand(rest, io);
  if (kind !== 'x' && kind !== 'z')
    throw new UsageError(kind ? `unknown report "${kind}" (x, z, period or commission)` : 'which report: x, z, period or commission?');
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      z: { type: 'string' },
      day: { type: 'string' },
    },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('give the terminal data directory with --data-dir DIR');
  const format = values.format;
  if (!['text', 'json', 'csv', 'pdf'].includes(format)) throw new UsageError(`--format is text, json, csv or pdf, not "${format}"`);
  if (format === 'pdf' && !values.out) throw new UsageError('a PDF needs --out FILE');
  const dataDir = resolve(values['data-dir']);
  const config = values.config ? loadConfigFile(values.config) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const store = SqliteLedgerStore.open(ledgerPath(dataDir), nodeLedgerCrypto, loadTerminalKey(terminalKeyPath(dataDir)), {
    readOnly: true,
  });
  try {
    const minorDigits = minorDigitsOf(config.store.currency, { TWD: 0 });
    const staff = new SqliteStaffDirectory(store.database);
    const staffName = (staffId: string) => staff.byId(staffId)?.name;
    let view;
    if (kind === 'x') {
      view = xReportView(
        store,
        config,
        minorDigits,
        values.day ?? businessDayOf(new Date(), config.store.timeZone, config.store.rolloverHour),
        staffName,
      );
    } else {
      const zs = store.zReports('0000-01-01', '9999-12-31').flatMap((e) => entryOf(e, 'z-report') ?? []);
      const entry = values.z
        ? zs.find((e) => e.body.zNo === Number(values.z))
        : values.day
          ? zs.find((e) => e.businessDay === values.day)
          : zs.at(-1);
      if (!entry) {
        io.err(`tillproof: no Z report ${values.z ? `#${values.z}` : values.day ? `for ${values.day}` : 'yet'} in ${dataDir}`);
        return EXIT.failed;
      }
      view = zReportView(store, config, minorDigits, entry.body, null, staffName);
    }
    const title = `${config.store.name} ${config.terminal.terminalId} ${kind === 'z' ? `Z #${view.zNo}` : 'X'} ${view.businessDay}`;
    let output: string | Buffer;
    if (format === 'json') output = `${JSON.stringify({ ...view, document: undefined }, null, 2)}\n`;
    else if (format === 'csv') output = reportCsv(view, reportContext(config, minorDigits, staffName));
    else if (format === 'pdf') output = await reportPdf(view, reportContext(config, minorDigits, staffName), title);
    else output = `${reportText(view)}\n`;
    if (values.out) {
      writeExport(values.out, output);
      io.err(`wrote ${format} ${kind.toUpperCase()} report for ${view.businessDay} to ${resolve(values.out)}`);
    } else io.out(typeof output === 'string' ? output : output.toString('latin1'));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
