// `tillproof report commission`: each salesperson's commission, line by line, computed from the
// tills' ledgers alone (each verified first) and the store's commission rules (a JSON file).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  commissionReport,
  commissionRulesSchema,
  CommissionError,
  type CommissionReport,
  type CommissionRules,
} from '../core/sales/commission.ts';
import { formatMinor } from '../core/money/money.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { verifyLedgerFile } from '../db/ledger-verify.ts';
import { readLedgerEntries } from '../db/ledger-file.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

const COMMISSION_USAGE = `Usage:
  tillproof report commission --db LEDGER.sqlite [--db ...] --rules RULES.json --from YYYY-MM-DD --to YYYY-MM-DD [--json | --csv]

Each salesperson's commission for the business days from..to, line by line: the entry (terminal, seq),
business day, receipt, product, amount, the rule applied, the salesperson's share and the commission.
Returns and post-voids claw back what the returned part earned. Each ledger is verified first.
The rules file is documented in docs/loss-prevention.md.`;

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A day of the calendar: 2026-11-31 is not one. */
const isDay = (v: string) => ISO_DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_HEADER = [
  'salesperson',
  'terminal',
  'seq',
  'business_day',
  'kind',
  'receipt_no',
  'original_receipt_no',
  'line_no',
  'product_id',
  'sku',
  'name',
  'qty_milli',
  'amount',
  'rule',
  'line_commission',
  'share_bp',
  'commission',
];

/** One row per salesperson's line, then one total row per salesperson and the grand total. */
export function commissionCsv(r: CommissionReport): string {
  const rows: Array<Array<string | number | null | undefined>> = [CSV_HEADER];
  for (const p of r.salespersons) {
    for (const l of p.lines) {
      rows.push([
        p.staffId,
        l.terminalId,
        l.seq,
        l.businessDay,
        l.kind,
        l.receiptNo,
        l.originalReceiptNo,
        l.lineNo,
        l.productId,
        l.sku,
        l.name,
        l.qtyMilli,
        l.amount,
        l.rule,
        l.lineCommission,
        l.shareBp,
        l.commission,
      ]);
    }
    rows.push([p.staffId, '', '', '', 'total', '', '', '', '', '', '', '', '', '', '', '', p.total]);
  }
  rows.push(['', '', '', '', 'grand-total', '', '', '', '', '', '', '', '', '', '', '', r.total]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function commissionText(r: CommissionReport, minorDigits: number): string {
  const m = (n: number) => formatMinor(n, minorDigits);
  const out = [`Commission ${r.currency}, business days ${r.from} .. ${r.to}`, ''];
  for (const p of r.salespersons) {
    out.push(`Salesperson ${p.staffId}`);
    for (const l of p.lines) {
      const what = l.kind === 'sale' ? `receipt ${l.receiptNo}` : `${l.kind} ${l.receiptNo} of ${l.originalReceiptNo}`;
      const share = `${(l.shareBp / 100).toFixed(2)} %`;
      out.push(
        `  ${l.terminalId} #${l.seq} ${l.businessDay} ${what} line ${l.lineNo} ${l.sku} ${l.name}: ${m(l.amount)}, rule ${l.rule ?? '(none)'}, ` +
          `line ${m(l.lineCommission)} x ${share} = ${m(l.commission)}`,
      );
    }
    out.push(`  Total ${p.staffId}: ${m(p.total)}`, '');
  }
  out.push(`Total commission: ${m(r.total)}`);
  return `${out.join('\n')}\n`;
}

function loadRules(path: string): CommissionRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the commission rules ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = commissionRulesSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`the commission rules ${path} are not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function commissionCommand(args: string[], io: CommandIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(COMMISSION_USAGE);
    return EXIT.ok;
  }
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', multiple: true },
      rules: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    strict: true,
  });
  const dbs = values.db ?? [];
  if (!dbs.length) throw new UsageError('give the ledger file with --db LEDGER.sqlite (repeat it for several tills)');
  if (!values.rules) throw new UsageError('give the commission rules with --rules RULES.json');
  const { from, to } = values;
  if (!from || !to) throw new UsageError('give the business days with --from YYYY-MM-DD --to YYYY-MM-DD');
  for (const [flag, v] of [
    ['--from', from],
    ['--to', to],
  ] as const)
    if (!isDay(v)) throw new UsageError(`${flag} is a business day YYYY-MM-DD, not "${v}"`);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');
  const rules = loadRules(values.rules);
  const paths = dbs.map((p) => resolve(p));
  // The report is evidence: a ledger whose chain or signatures do not check out is refused.
  for (const path of paths) {
    const { result } = verifyLedgerFile(path, nodeLedgerCrypto, { chainOnly: true });
    if (!result.ok) {
      io.err(`tillproof: ${path} does not verify (seq ${result.seq}: ${result.message}); no commission is computed from it`);
      return EXIT.failed;
    }
  }
  let report: CommissionReport;
  try {
    report = commissionReport(
      paths.map((p) => readLedgerEntries(p)),
      rules,
      from,
      to,
    );
  } catch (e) {
    if (e instanceof CommissionError) {
      io.err(`tillproof: ${e.message}`);
      return EXIT.failed;
    }
    throw e;
  }
  if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (values.csv) io.out(commissionCsv(report));
  else io.out(commissionText(report, minorDigitsOf(rules.currency, { TWD: 0 })));
  return EXIT.ok;
}
