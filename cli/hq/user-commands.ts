// tillproof hq user add|reset|disable|enable|list: HQ console accounts (docs/hq.md "Console users and sign-in").
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { HQ_ROLES, HqUsers, type Credentials, type HqRole } from '../../hq/hq-users.ts';
import { otpauthUri } from '../../hq/totp.ts';
import type { HqConfig } from '../../hq/config.ts';
import type { HqDatabase } from '../../hq/service.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, required, withDatabase } from './options.ts';

export const USER_USAGE = 'tillproof hq user add|reset|disable|enable|list ...';

/** Who ran the command, for the audit log. */
function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function users(db: HqDatabase, config: HqConfig): HqUsers {
  return new HqUsers(db.pool, {
    lockout: { failures: config.console.lockoutFailures, windowMs: config.console.lockoutMinutes * 60_000 },
  });
}

/** The password from standard input (its first line) with --password-stdin; null: one is generated. */
async function passwordFrom(values: { 'password-stdin'?: boolean | undefined }, io: CommandIo): Promise<string | null> {
  if (!values['password-stdin']) return null;
  if (!io.stdin) throw new UsageError('--password-stdin needs standard input');
  const password = (await io.stdin()).split(/\r?\n/)[0] ?? '';
  if (password === '') throw new UsageError('--password-stdin: standard input holds no password');
  return password;
}

function tell(io: CommandIo, config: HqConfig, username: string, c: Credentials): void {
  if (c.generatedPassword !== null) {
    io.out(`password: ${c.generatedPassword}`);
    io.err(`the password above is shown once and not kept anywhere: hand it to ${username} in person`);
  }
  if (c.totpSecret !== null) {
    io.out(`totp: ${otpauthUri(config.console.totpIssuer, username, c.totpSecret)}`);
    io.err('enrol the totp: URI above in an authenticator app (as a QR code, or typed); sign-in then asks for its 6-digit code');
  }
}

async function add(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      store: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      totp: { type: 'boolean' },
    },
    strict: true,
  });
  const username = required(values.username, 'username');
  const role = required(values.role, 'role');
  if (!(HQ_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role is one of ${HQ_ROLES.join(', ')}, not "${role}"`);
  const password = await passwordFrom(values, io);
  return withDatabase(values.config, async (db, config) => {
    const c = await users(db, config).add(
      {
        username,
        displayName: values.name ?? username,
        role: role as HqRole,
        stores: values.store ?? [],
        password,
        totp: values.totp === true,
      },
      actor(),
    );
    io.err(`HQ user ${username} added (${role}${values.store?.length ? ` of ${values.store.join(', ')}` : ''})`);
    tell(io, config, username, c);
    return EXIT.ok;
  });
}

async function reset(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      username: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      totp: { type: 'boolean' },
      'no-totp': { type: 'boolean' },
    },
    strict: true,
  });
  const username = required(values.username, 'username');
  if (values.totp && values['no-totp']) throw new UsageError('--totp (enrol a new one) or --no-totp (remove it), not both');
  const password = await passwordFrom(values, io);
  return withDatabase(values.config, async (db, config) => {
    const totp = values.totp ? 'enrol' : values['no-totp'] ? 'remove' : undefined;
    const c = await users(db, config).reset(username, { password, ...(totp ? { totp } : {}) }, actor());
    io.err(
      `HQ user ${username}: new password, lockout cleared, every session ended${totp ? `, TOTP ${totp === 'enrol' ? 're-enrolled' : 'removed'}` : ''}`,
    );
    tell(io, config, username, c);
    return EXIT.ok;
  });
}

async function setDisabled(args: string[], io: CommandIo, disabled: boolean): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, username: { type: 'string' } }, strict: true });
  const username = required(values.username, 'username');
  return withDatabase(values.config, async (db, config) => {
    await users(db, config).setDisabled(username, disabled, actor());
    io.out(disabled ? `HQ user ${username} disabled; their sessions ended` : `HQ user ${username} enabled`);
    return EXIT.ok;
  });
}

async function list(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, json: { type: 'boolean' } }, strict: true });
  return withDatabase(values.config, async (db, config) => {
    const all = await users(db, config).list();
    if (values.json) io.out(JSON.stringify(all, null, 2));
    else if (all.length === 0) io.out('no HQ users (tillproof hq user add ...)');
    else
      for (const u of all)
        io.out(
          [
            u.username,
            u.role,
            u.stores.join(',') || '*',
            u.totp ? 'totp' : 'no-totp',
            u.disabled ? 'disabled' : 'active',
            u.displayName,
          ].join('\t'),
        );
    return EXIT.ok;
  });
}

export async function userCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return add(rest, io);
    case 'reset':
      return reset(rest, io);
    case 'disable':
      return setDisabled(rest, io, true);
    case 'enable':
      return setDisabled(rest, io, false);
    case 'list':
      return list(rest, io);
    default:
      throw new UsageError(sub ? `unknown hq user command "${sub}"` : USER_USAGE);
  }
}
