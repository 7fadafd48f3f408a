import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { readLedgerEntries } from '../db/ledger-file.ts';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import { DEFAULT_LOSS_RULES, parseLossRules, scanLoss, type LossCase, type LossRules } from '../core/loss/loss-scan.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const LOSS_USAGE = `Usage:
  tillproof loss scan --db LEDGER.sqlite [--db ...] [--from YYYY-MM-DD --to YYYY-MM-DD] [--rules FILE.json] [--json | --csv]

scan: runs the loss-prevention rules (seed pattern, exceptions per staff, member velocity, refunds to
another tender, quick refunds, declined receipts, no-sales and tier sales against peers, serials) over the
ledgers, read only, and lists the cases, highest score first. --rules: thresholds in JSON, any left out
take their defaults (docs/loss-prevention.md). Exit code 0 whether or not cases are found.`;

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS = ['rule', 'score', 'staffIds', 'memberId', 'terminalId', 'seqs', 'businessDay', 'amountAtRisk', 'explanation'] as const;

function casesCsv(cases: LossCase[]): string {
  const rows = [COLUMNS.join(',')];
  for (const c of cases)
    rows.push(
      COLUMNS.map((k) => {
        const v = c[k];
        return csvField(Array.isArray(v) ? v.join(' ') : v);
      }).join(','),
    );
  return `${rows.join('\r\n')}\r\n`;
}

function casesTable(cases: LossCase[], ledgers: number, entries: number): string {
  const out = [
    `${cases.length} case${cases.length === 1 ? '' : 's'} in ${entries} entries of ${ledgers} ledger${ledgers === 1 ? '' : 's'}`,
  ];
  if (!cases.length) return `${out[0]}\n`;
  const rows = cases.map((c) => [
    String(c.score),
    c.rule,
    c.businessDay,
    c.terminalId,
    c.seqs.join(' '),
    c.staffIds.join(' '),
    c.memberId ?? '-',
    String(c.amountAtRisk),
  ]);
  const head = ['SCORE', 'RULE', 'DAY', 'TERMINAL', 'SEQS', 'STAFF', 'MEMBER', 'AT RISK'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.min(r[i]!.length, 40))));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === 0 || i === r.length - 1 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  out.push('', line(head));
  cases.forEach((c, i) => out.push(line(rows[i]!), `  ${c.explanation}`));
  return `${out.join('\n')}\n`;
}

function loadRules(path: string | undefined): LossRules {
  if (!path) return DEFAULT_LOSS_RULES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the rules file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return parseLossRules(json);
  } catch (e) {
    const issues = (e as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
    const detail = issues?.map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`).join('; ') ?? String(e);
    throw new UsageError(`the rules file ${path} is not valid: ${detail}`);
  }
}

function scan(args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      rules: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    strict: true,
  });
  const dbs = values.db ?? [];
  if (!dbs.length) throw new UsageError('give at least one ledger with --db LEDGER.sqlite');
  for (const [flag, v] of [
    ['--from', values.from],
    ['--to', values.to],
  ] as const)
    if (v !== undefined && !ISO_DAY.test(v)) throw new UsageError(`${flag} is a business day YYYY-MM-DD, not "${v}"`);
  if (values.from && values.to && values.from > values.to) throw new UsageError(`--from ${values.from} is after --to ${values.to}`);
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');
  const rules = loadRules(values.rules);
  const entries: LedgerEntry[] = [];
  for (const path of dbs) for (const entry of readLedgerEntries(path)) entries.push(entry);
  const cases = scanLoss(entries, rules, { from: values.from, to: values.to });
  if (values.json) io.out(`${JSON.stringify(cases, null, 2)}\n`);
  else if (values.csv) io.out(casesCsv(cases));
  else io.out(casesTable(cases, dbs.length, entries.length));
  return EXIT.ok;
}

export function lossCommand(args: string[], io: CommandIo): number {
  const [sub, ...rest] = args;
  if (sub === 'scan') return scan(rest, io);
  throw new UsageError(sub ? `unknown loss command "${sub}" (scan)` : 'missing loss command: scan');
}
