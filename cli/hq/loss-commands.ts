// tillproof hq loss scan | cases | review: loss-prevention cases over every terminal's entries at HQ, and their review.
import { parseArgs } from 'node:util';
import {
  CASE_STATUSES,
  listLossCases,
  LOOKBACK_DAYS,
  recordDisputeCases,
  REVIEW_OUTCOMES,
  reviewLossCase,
  scanLossAtHq,
  type CaseStatus,
  type HqLossCase,
  type ReviewOutcome,
} from '../../hq/loss-cases.ts';
import { ISO_DAY, loadRules } from '../loss-commands.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, positive, required, withDatabase } from './options.ts';

export const HQ_LOSS_USAGE = `  tillproof hq loss scan [--store S] [--from YYYY-MM-DD --to YYYY-MM-DD] [--rules FILE.json] [--json]
                                                                 runs the loss-prevention rules over the stored entries
                                                                 of every till (of the store) and records the cases
  tillproof hq loss cases [--status open|reviewed|dismissed] [--store S] [--limit N] [--json]
  tillproof hq loss review CASE --outcome confirmed|false-alarm|dismissed|fine --note TEXT --by NAME
                                                                 records a review (kept for good); a re-scan re-opens a
                                                                 reviewed case only when new evidence joins it; fine
                                                                 accepts the pattern (rule, staff, member) for 28 days`;

const fromTill = (from: { terminalId: string; seq: number } | null) => (from ? ` (at till ${from.terminalId} entry #${from.seq})` : '');

function describe(c: HqLossCase): string {
  const evidence = c.evidence.map((e) => `${e.terminalId}#${e.seq}`).join(' ');
  const a = c.acceptedBy;
  return [
    `case ${c.caseId} [${c.status}${a ? ', accepted pattern' : ''}] ${c.rule} score ${c.score} ${c.businessDay} ` +
      `store ${c.storeIds.join(',') || '-'} staff ${c.staffIds.join(',') || '-'} member ${c.memberId ?? '-'} at risk ${c.amountAtRisk}`,
    `  ${c.explanation}`,
    `  evidence: ${evidence}`,
    ...c.reviews.map((r) => `  review: ${r.outcome} by ${r.by}${fromTill(r.from)} at ${r.at}: ${r.note}`),
    ...(a
      ? [`  accepted pattern: reviewed fine by ${a.by}${fromTill(a.from)}${a.caseId ? ` (case ${a.caseId})` : ''} on ${a.day}: ${a.note}`]
      : []),
  ].join('\n');
}

function day(flag: string, v: string | undefined): string | undefined {
  if (v !== undefined && !ISO_DAY.test(v)) throw new UsageError(`${flag} is a business day YYYY-MM-DD, not "${v}"`);
  return v;
}

async function scan(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      store: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      rules: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const from = day('--from', values.from);
  const to = day('--to', values.to);
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const rules = loadRules(values.rules);
  return withDatabase(values.config, async (db) => {
    const r = await scanLossAtHq(db.pool, { storeId: values.store, from, to, rules });
    if (values.json) io.out(JSON.stringify(r));
    else {
      for (const c of r.cases) io.out(describe(c));
      io.err(
        `${r.terminals} terminals, ${r.entries} entries (from ${LOOKBACK_DAYS} days before --from): ${r.found} cases found, ` +
          `${r.created} new, ${r.reopened} re-opened by new evidence; ${r.disputes} disputes recorded as cases; ` +
          `${r.tillReviews} till reviews joined their case`,
      );
    }
    return EXIT.ok;
  });
}

async function cases(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, status: { type: 'string' }, store: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const status = values.status;
  if (status !== undefined && !(CASE_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`--status is one of ${CASE_STATUSES.join(', ')}, not "${status}"`);
  return withDatabase(values.config, async (db) => {
    await recordDisputeCases(db.pool);
    const rows = await listLossCases(db.pool, {
      ...(status ? { status: status as CaseStatus } : {}),
      ...(values.store ? { storeId: values.store } : {}),
      limit: positive(values.limit, 'limit', 1000),
    });
    if (values.json) io.out(JSON.stringify(rows));
    else {
      for (const c of rows) io.out(describe(c));
      io.err(`${rows.length} cases`);
    }
    return EXIT.ok;
  });
}

async function review(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...common, outcome: { type: 'string' }, note: { type: 'string' }, by: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [raw, ...extra] = positionals;
  if (!raw || extra.length || !/^\d{1,15}$/.test(raw)) throw new UsageError('give one case number: tillproof hq loss review CASE ...');
  const outcome = required(values.outcome, 'outcome');
  if (!(REVIEW_OUTCOMES as readonly string[]).includes(outcome))
    throw new UsageError(`--outcome is one of ${REVIEW_OUTCOMES.join(', ')}, not "${outcome}"`);
  const note = required(values.note, 'note').trim();
  const by = required(values.by, 'by').trim();
  if (note.length > 2000) throw new UsageError('--note is at most 2000 characters');
  if (by.length > 100) throw new UsageError('--by is at most 100 characters');
  return withDatabase(values.config, async (db) => {
    const c = await reviewLossCase(db.pool, Number(raw), { outcome: outcome as ReviewOutcome, note, by });
    if (!c) {
      io.err(`tillproof hq: there is no case ${raw} (tillproof hq loss cases lists them)`);
      return EXIT.usage;
    }
    io.out(describe(c));
    return EXIT.ok;
  });
}

/** tillproof hq loss scan|cases|review ... */
export async function hqLoss(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'scan') return scan(rest, io);
  if (sub === 'cases') return cases(rest, io);
  if (sub === 'review') return review(rest, io);
  throw new UsageError(sub ? `unknown hq loss command "${sub}" (scan, cases, review)` : 'missing hq loss command: scan, cases or review');
}
