// tillproof hq einvoice ...: the Turnkey upload files and their deadlines, the invoice number tracks and their ranges, the blank-number files.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EInvoiceConfig, HqConfig } from '../../hq/config.ts';
import { parsePeriod } from '../../hq/einvoice/fields.ts';
import { addTrack, assignRange, listRanges, listTracks, writeBlankNumberFiles } from '../../hq/einvoice/tracks.ts';
import { listUploads, refreshUploadStatuses, UPLOAD_STATUSES, type UploadStatus } from '../../hq/einvoice/uploads.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, positive, required, withDatabase } from './options.ts';

export const EINVOICE_USAGE = `  tillproof hq einvoice status [--overdue | --all | --status S] [--limit N] [--json]
                                                                 e-invoice files for Turnkey: pending ones (exit 1: one is overdue)
  tillproof hq einvoice track add --period P --track AB --from 11223300 --to 11223399 [--type 07|08] [--seller UBN]
  tillproof hq einvoice track list [--period P] [--json]         tracks (字軌) per period (P: 11502 or 2026-01)
  tillproof hq einvoice assign TERMINAL COUNT --period P         gives a terminal COUNT numbers (blocks of 50)
  tillproof hq einvoice ranges --period P [--json]               the ranges each terminal holds
  tillproof hq einvoice blank --period P --used FILE             E0402 files of unused numbers for a closed period
                                                                 (FILE: the numbers used, one a line)`;

function einvoiceConfig(config: HqConfig): EInvoiceConfig {
  if (!config.einvoice) throw new UsageError('the HQ config has no "einvoice" section (turnkeyDir, sellerUbn): see docs/einvoice.md');
  return config.einvoice;
}

const eight = (n: number) => String(n).padStart(8, '0');

async function status(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      overdue: { type: 'boolean' },
      all: { type: 'boolean' },
      status: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const s = values.status;
  if (s !== undefined && !(UPLOAD_STATUSES as readonly string[]).includes(s))
    throw new UsageError(`--status is one of ${UPLOAD_STATUSES.join(', ')}`);
  return withDatabase(values.config, async (db, config) => {
    const { turnkeyDir } = einvoiceConfig(config);
    const now = new Date();
    await refreshUploadStatuses(db.pool, turnkeyDir, now);
    const rows = await listUploads(db.pool, {
      now,
      limit: positive(values.limit, 'limit', 200),
      ...(values.overdue ? { overdue: true } : {}),
      ...(s ? { status: s as UploadStatus } : values.all || values.overdue ? {} : { pending: true }),
    });
    const overdue = (await listUploads(db.pool, { now, overdue: true, limit: 1 })).length > 0;
    for (const r of rows)
      io.out(
        values.json
          ? JSON.stringify(r)
          : `${r.messageType} ${r.document} ${r.status}${r.overdue ? ' OVERDUE' : ''} deadline ${r.deadline} written ${r.writtenAt} ${r.fileName}`,
      );
    if (!values.json) io.err(`${rows.length} files${overdue ? '; some are overdue: check the Turnkey client (docs/einvoice.md)' : ''}`);
    return overdue ? EXIT.failed : EXIT.ok;
  });
}

async function track(args: string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'add') {
    const { values } = parseArgs({
      args: rest,
      options: {
        ...common,
        period: { type: 'string' },
        track: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        type: { type: 'string' },
        seller: { type: 'string' },
      },
      strict: true,
    });
    const period = parsePeriod(required(values.period, 'period'));
    const from = required(values.from, 'from');
    const to = required(values.to, 'to');
    if (!/^\d{8}$/.test(from) || !/^\d{8}$/.test(to)) throw new UsageError('--from and --to are the 8-digit numbers of the track');
    if (values.type !== undefined && values.type !== '07' && values.type !== '08')
      throw new UsageError('--type is 07 (general) or 08 (special)');
    return withDatabase(values.config, async (db, config) => {
      const t = await addTrack(db.pool, {
        sellerUbn: values.seller ?? einvoiceConfig(config).sellerUbn,
        period,
        letters: required(values.track, 'track'),
        start: Number(from),
        end: Number(to),
        ...(values.type ? { invoiceType: values.type as '07' | '08' } : {}),
      });
      io.out(`track ${t.letters}${eight(t.start)}-${eight(t.end)} of ${t.period} recorded (${t.end - t.start + 1} numbers)`);
      return EXIT.ok;
    });
  }
  if (what === 'list') {
    const { values } = parseArgs({
      args: rest,
      options: { ...common, period: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const period = values.period ? parsePeriod(values.period) : undefined;
    return withDatabase(values.config, async (db) => {
      const tracks = await listTracks(db.pool, period);
      if (values.json) io.out(JSON.stringify(tracks));
      else
        for (const t of tracks)
          io.out(
            `${t.period} ${t.letters}${eight(t.start)}-${eight(t.end)} type ${t.invoiceType} seller ${t.sellerUbn}: ${t.assigned} of ${t.end - t.start + 1} assigned`,
          );
      return EXIT.ok;
    });
  }
  throw new UsageError('tillproof hq einvoice track add|list ...');
}

async function assign(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...common, period: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [terminalId, count] = positionals;
  if (!terminalId || !count || positionals.length > 2) throw new UsageError('tillproof hq einvoice assign TERMINAL COUNT --period P');
  if (!/^\d+$/.test(count)) throw new UsageError(`COUNT is a whole number, not "${count}"`);
  const period = parsePeriod(required(values.period, 'period'));
  return withDatabase(values.config, async (db) => {
    const ranges = await assignRange(db.pool, { period, terminalId, count: Number(count) });
    for (const r of ranges)
      io.out(`${terminalId}: ${r.letters}${eight(r.start)}-${r.letters}${eight(r.end)} (${r.end - r.start + 1} numbers)`);
    return EXIT.ok;
  });
}

async function ranges(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, period: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const period = parsePeriod(required(values.period, 'period'));
  return withDatabase(values.config, async (db) => {
    const rows = await listRanges(db.pool, period);
    if (values.json) io.out(JSON.stringify(rows));
    else for (const r of rows) io.out(`${r.terminalId}: ${r.letters}${eight(r.start)}-${r.letters}${eight(r.end)}`);
    return EXIT.ok;
  });
}

async function blank(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, period: { type: 'string' }, used: { type: 'string' } }, strict: true });
  const period = parsePeriod(required(values.period, 'period'));
  const used = readFileSync(required(values.used, 'used'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return withDatabase(values.config, async (db, config) => {
    const written = await writeBlankNumberFiles(db.pool, einvoiceConfig(config).turnkeyDir, { period, used });
    for (const w of written) io.out(`${w.fileName}: written, due ${w.deadline}`);
    io.err(`${written.length} E0402 files written`);
    return EXIT.ok;
  });
}

/** tillproof hq einvoice status|track|assign|ranges|blank ... */
export async function einvoice(args: string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = args;
  switch (what) {
    case 'status':
      return status(rest, io);
    case 'track':
      return track(rest, io);
    case 'assign':
      return assign(rest, io);
    case 'ranges':
      return ranges(rest, io);
    case 'blank':
      return blank(rest, io);
    default:
      throw new UsageError('tillproof hq einvoice status|track|assign|ranges|blank ...');
  }
}
