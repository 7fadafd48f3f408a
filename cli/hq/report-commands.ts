// What HQ reports: incidents, mailed e-receipts, and the sales and exceptions reports.
import { parseArgs } from 'node:util';
import { IncidentLog } from '../../hq/incidents.ts';
import { listReceiptMail } from '../../hq/receipt-mail.ts';
import { exceptionsByCashier, salesByStoreDay } from '../../hq/reports.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { serialEntriesAtHq } from '../../hq/serial-entries.ts';
import { serialHistory } from '../../core/loss/serial-history.ts';
import { normalizeSerial } from '../../core/sales/serial.ts';
import { printSerialHistory } from '../serial-commands.ts';
import { common, positive, required, withDatabase } from './options.ts';

export async function incidents(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, terminal: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  return withDatabase(values.config, async (db) => {
    const rows = await new IncidentLog(db.pool).list({
      ...(values.terminal ? { terminalId: values.terminal } : {}),
      limit: positive(values.limit, 'limit', 50),
    });
    for (const r of rows)
      io.out(
        values.json
          ? JSON.stringify(r)
          : `${r.at} ${r.kind} ${r.terminalId ?? '-'}${r.seq ? ` seq ${r.seq}` : ''}${r.remoteAddress ? ` from ${r.remoteAddress}` : ''}${r.count > 1 ? ` (x${r.count}, last ${r.lastAt})` : ''}: ${r.message}`,
      );
    if (!values.json) io.err(`${rows.length} incidents`);
    return EXIT.ok;
  });
}

export async function receiptMail(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, status: { type: 'string' }, terminal: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const statuses = ['pending', 'sent', 'no-address', 'failed'] as const;
  const status = values.status;
  if (status !== undefined && !(statuses as readonly string[]).includes(status))
    throw new UsageError(`--status is one of ${statuses.join(', ')}`);
  return withDatabase(values.config, async (db) => {
    const rows = await listReceiptMail(db.pool, {
      ...(status ? { status: status as (typeof statuses)[number] } : {}),
      ...(values.terminal ? { terminalId: values.terminal } : {}),
      limit: positive(values.limit, 'limit', 50),
    });
    for (const r of rows) {
      io.out(
        values.json
          ? JSON.stringify(r)
          : `${r.createdAt} ${r.terminalId} #${r.receiptNo} member ${r.memberId} ${r.address ?? '(no e-mail on file)'}: ${r.status}${r.attempts ? ` after ${r.attempts} attempt(s)` : ''}${r.lastError ? ` (${r.lastError})` : ''}`,
      );
    }
    if (!values.json) io.err(`${rows.length} e-receipts`);
    return EXIT.ok;
  });
}

export async function report(args: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'sales' && kind !== 'exceptions') throw new UsageError('tillproof hq report sales|exceptions --from DAY --to DAY');
  const { values } = parseArgs({
    args: rest,
    options: { ...common, from: { type: 'string' }, to: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const range = { from: required(values.from, 'from'), to: required(values.to, 'to'), ...(values.store ? { storeId: values.store } : {}) };
  return withDatabase(values.config, async (db) => {
    const rows = kind === 'sales' ? await salesByStoreDay(db.pool, range) : await exceptionsByCashier(db.pool, range);
    if (values.json) io.out(JSON.stringify(rows));
    else
      for (const r of rows)
        io.out(
          Object.entries(r)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' '),
        );
    return EXIT.ok;
  });
}

/** `hq serial show SERIAL`: the serial's history over every terminal's entries HQ holds (issue #14). */
export async function serialShow(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'show') throw new UsageError('tillproof hq serial show SERIAL [--json]');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...common, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const [raw, ...extra] = positionals;
  if (!raw || extra.length) throw new UsageError('give one serial: tillproof hq serial show SERIAL');
  const check = normalizeSerial(raw);
  if (!check.ok) throw new UsageError(check.message);
  return withDatabase(values.config, async (db) =>
    printSerialHistory(serialHistory(await serialEntriesAtHq(db.pool, check.serial), check.serial), io, values.json ?? false),
  );
}
