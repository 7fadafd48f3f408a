// Member purchase notices and "this wasn't me" disputes: a member's notice preferences, the notices sent, the disputes and their counts.
import { parseArgs } from 'node:util';
import { disputeCounts, listDisputes } from '../../hq/disputes.ts';
import {
  listMemberNotices,
  NOTICE_STATUSES,
  setNoticePreferences,
  type NoticeChannel,
  type NoticeStatus,
} from '../../hq/member-notices.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, positive, required, withDatabase } from './options.ts';

const CHANNELS: readonly NoticeChannel[] = ['email', 'sms', 'line'];

/** tillproof hq members notices --id ID [--channel email|sms|line] [--phone P] [--line-id L] [--opt-out | --opt-in] */
export async function memberNoticePreferences(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      id: { type: 'string' },
      channel: { type: 'string' },
      phone: { type: 'string' },
      'line-id': { type: 'string' },
      'opt-out': { type: 'boolean' },
      'opt-in': { type: 'boolean' },
    },
    strict: true,
  });
  const memberId = required(values.id, 'id');
  const channel = values.channel;
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel))
    throw new UsageError(`--channel is one of ${CHANNELS.join(', ')}, not "${channel}"`);
  if (values['opt-out'] && values['opt-in']) throw new UsageError('give --opt-out or --opt-in, not both');
  if (values.phone !== undefined && values.phone !== '' && !/^\+?[0-9 ()-]{6,20}$/.test(values.phone))
    throw new UsageError(`--phone "${values.phone}" is not a phone number`);
  return withDatabase(values.config, async (db) => {
    await setNoticePreferences(db.pool, {
      memberId,
      ...(channel ? { channel: channel as NoticeChannel } : {}),
      ...(values['opt-out'] ? { optedOut: true } : values['opt-in'] ? { optedOut: false } : {}),
      ...(values.phone !== undefined ? { phone: values.phone.trim() || null } : {}),
      ...(values['line-id'] !== undefined ? { lineUserId: values['line-id'].trim() || null } : {}),
    });
    io.out(`member ${memberId}: notice preferences saved`);
    return EXIT.ok;
  });
}

/** tillproof hq notices [--status S] [--member ID] [--limit N] [--json] */
export async function notices(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, status: { type: 'string' }, member: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const status = values.status;
  if (status !== undefined && !(NOTICE_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`--status is one of ${NOTICE_STATUSES.join(', ')}`);
  return withDatabase(values.config, async (db) => {
    const rows = await listMemberNotices(db.pool, {
      ...(status ? { status: status as NoticeStatus } : {}),
      ...(values.member ? { memberId: values.member } : {}),
      limit: positive(values.limit, 'limit', 50),
    });
    for (const r of rows)
      io.out(
        values.json
          ? JSON.stringify(r)
          : `${r.createdAt} ${r.terminalId} #${r.seq} ${r.kind} ${r.amount} ${r.currency} member ${r.memberId} by ${r.channel} ${r.address ?? '-'}: ${r.status}${r.lastError ? ` (${r.lastError})` : ''}`,
      );
    if (!values.json) io.err(`${rows.length} notices`);
    return EXIT.ok;
  });
}

/** tillproof hq disputes list [--member ID] [--staff ID] [--limit N] [--json] | counts [--from DAY] [--to DAY] [--json] */
export async function disputes(args: string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = args;
  if (what === 'list') {
    const { values } = parseArgs({
      args: rest,
      options: { ...common, member: { type: 'string' }, staff: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    return withDatabase(values.config, async (db) => {
      const rows = await listDisputes(db.pool, {
        ...(values.member ? { memberId: values.member } : {}),
        ...(values.staff ? { staffId: values.staff } : {}),
        limit: positive(values.limit, 'limit', 100),
      });
      if (values.json) io.out(JSON.stringify(rows));
      else {
        for (const r of rows)
          io.out(
            `#${r.disputeId} ${r.createdAt} ${r.status} member ${r.memberId}: ${r.kind} ${r.amount} ${r.currency} at ${r.storeId} ${r.terminalId} #${r.seq} (${r.businessDay}) salesperson ${r.salespersonIds.join(', ') || '-'} cashier ${r.cashierId ?? '-'} hash ${r.entryHash}${r.comment ? ` "${r.comment}"` : ''}`,
          );
        io.err(`${rows.length} disputes`);
      }
      return EXIT.ok;
    });
  }
  if (what === 'counts') {
    const { values } = parseArgs({
      args: rest,
      options: { ...common, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    for (const day of [values.from, values.to])
      if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`"${day}" is not a day (YYYY-MM-DD)`);
    return withDatabase(values.config, async (db) => {
      const counts = await disputeCounts(db.pool, {
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
      });
      if (values.json) io.out(JSON.stringify(counts));
      else {
        for (const r of counts.bySalesperson) io.out(`salesperson ${r.staffId}: ${r.disputes} disputes, ${r.amount} disputed`);
        for (const r of counts.byMember) io.out(`member ${r.memberId}: ${r.disputes} disputes, ${r.amount} disputed`);
      }
      return EXIT.ok;
    });
  }
  throw new UsageError('tillproof hq disputes list|counts ...');
}
