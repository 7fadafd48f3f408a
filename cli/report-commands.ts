import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EntryBody } from '../core/ledger/bodies.ts';
import { businessDayOf } from '../core/till/business-day.ts';
import { xReportView, zReportView } from '../core/till/report-view.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath } from '../platform/terminal-key.ts';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { ledgerPath } from '../host/terminal-ledger.ts';
import { reportCsv, reportPdf, reportText } from '../host/report-export.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const REPORT_USAGE = `Usage:
  tillproof report x --data-dir DIR [--config FILE] [--format text|json|csv|pdf] [--out FILE]
  tillproof report z --data-dir DIR [--config FILE] [--z N | --day YYYY-MM-DD] [--format ...] [--out FILE]

x: the current business day so far (read only). z: a sealed Z report (default: the last one).
Closing a day happens at the till (manager approval, blind count); this command exports.`;

export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'x' && kind !== 'z') throw new UsageError(kind ? `unknown report "${kind}" (x or z)` : 'which report: x or z?');
  const { values } = parseArgs({ args: rest, options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, format: { type: 'string', default: 'text' }, out: { type: 'string' }, z: { type: 'string' }, day: { type: 'string' } }, strict: true });
  if (!values['data-dir']) throw new UsageError('give the terminal data directory with --data-dir DIR');
  const format = values.format;
  if (!['text', 'json', 'csv', 'pdf'].includes(format)) throw new UsageError(`--format is text, json, csv or pdf, not "${format}"`);
  if (format === 'pdf' && !values.out) throw new UsageError('a PDF needs --out FILE');
  const dataDir = resolve(values['data-dir']);
  const config = values.config ? loadConfigFile(values.config) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const store = SqliteLedgerStore.open(ledgerPath(dataDir), nodeLedgerCrypto, loadTerminalKey(terminalKeyPath(dataDir)));
  try {
    const minorDigits = minorDigitsOf(config.store.currency, { TWD: 0 });
    let view;
    if (kind === 'x') {
      view = xReportView(store, config, minorDigits, values.day ?? businessDayOf(new Date(), config.store.timeZone, config.store.rolloverHour));
    } else {
      const zs = store.zReports('0000-01-01', '9999-12-31');
      const entry = values.z ? zs.find((e) => (e.body as { zNo?: number }).zNo === Number(values.z)) : values.day ? zs.find((e) => e.businessDay === values.day) : zs.at(-1);
      if (!entry) {
        io.err(`tillproof: no Z report ${values.z ? `#${values.z}` : values.day ? `for ${values.day}` : 'yet'} in ${dataDir}`);
        return EXIT.failed;
      }
      view = zReportView(store, config, minorDigits, entry.body as unknown as EntryBody<'z-report'>);
    }
    const title = `${config.store.name} ${config.terminal.terminalId} ${kind === 'z' ? `Z #${view.zNo}` : 'X'} ${view.businessDay}`;
    let output: string | Buffer;
    if (format === 'json') output = `${JSON.stringify({ ...view, document: undefined }, null, 2)}\n`;
    else if (format === 'csv') output = reportCsv(view);
    else if (format === 'pdf') output = await reportPdf(view, minorDigits, title);
    else output = `${reportText(view)}\n`;
    if (values.out) {
      writeFileSync(values.out, output);
      io.err(`wrote ${format} ${kind.toUpperCase()} report for ${view.businessDay} to ${resolve(values.out)}`);
    } else io.out(typeof output === 'string' ? output : output.toString('latin1'));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

