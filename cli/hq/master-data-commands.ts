// Publishing master data record by record: prices, staff, members, tax classes, roles, tiers.
import { parseArgs } from 'node:util';
import { minorDigitsOf } from '../../core/money/currency.ts';
import { parseMinor } from '../../core/money/money.ts';
import { STAFF_ROLES, type Role } from '../../core/shared/enums.ts';
import { loadHqConfig } from '../../hq/config.ts';
import { MasterData } from '../../hq/master-data.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, describePublish, required, withDatabase } from './options.ts';

export async function priceSet(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, product: { type: 'string' }, tier: { type: 'string' }, price: { type: 'string' } },
    strict: true,
  });
  const config = loadHqConfig(values.config);
  const price = parseMinor(required(values.price, 'price'), minorDigitsOf(config.currency));
  if (!price.ok || price.value < 0) throw new UsageError(`--price "${values.price}" is not a price in ${config.currency}`);
  return withDatabase(values.config, async (db) => {
    const r = await new MasterData(db.pool).setProductPrice(required(values.product, 'product'), values.tier ?? 'retail', price.value);
    io.out(describePublish(r, `price of ${values.product}`));
    return EXIT.ok;
  });
}

/** The PIN from --pin-stdin, TILLPROOF_STAFF_PIN or --pin (warned: it stays in the shell history), or none. */
async function staffPin(
  values: { pin?: string | undefined; 'pin-stdin'?: boolean | undefined },
  io: CommandIo,
): Promise<string | undefined> {
  const env = process.env.TILLPROOF_STAFF_PIN;
  const given = [values.pin !== undefined, values['pin-stdin'] === true, env !== undefined && env !== ''].filter(Boolean).length;
  if (given > 1) throw new UsageError('give the PIN one way: --pin-stdin, TILLPROOF_STAFF_PIN or --pin');
  if (values['pin-stdin']) {
    if (!io.stdin) throw new UsageError('--pin-stdin needs standard input');
    const pin = (await io.stdin()).split(/\r?\n/)[0]?.trim() ?? '';
    if (pin === '') throw new UsageError('--pin-stdin: standard input holds no PIN');
    return pin;
  }
  if (env !== undefined && env !== '') return env;
  if (values.pin !== undefined)
    io.err(
      'warning: a PIN given with --pin stays in the shell history and is visible to other users in the process list; use --pin-stdin or TILLPROOF_STAFF_PIN',
    );
  return values.pin;
}

export async function staffAdd(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      store: { type: 'string', multiple: true },
      pin: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
      badge: { type: 'string' },
      inactive: { type: 'boolean' },
    },
    strict: true,
  });
  const role = required(values.role, 'role');
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role is one of ${STAFF_ROLES.join(', ')}, not "${role}"`);
  const staffId = required(values.id, 'id');
  const name = required(values.name, 'name');
  const pin = await staffPin(values, io);
  return withDatabase(values.config, async (db) => {
    const r = await new MasterData(db.pool).addStaff({
      staffId,
      name,
      role: role as Role,
      active: !values.inactive,
      ...(values.store ? { stores: values.store } : {}),
      ...(pin !== undefined ? { pin } : {}),
      ...(values.badge !== undefined ? { badge: values.badge } : {}),
    });
    io.out(describePublish(r, `staff ${staffId}`));
    return EXIT.ok;
  });
}

export async function membersAdd(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      id: { type: 'string' },
      name: { type: 'string' },
      tier: { type: 'string' },
      card: { type: 'string', multiple: true },
      email: { type: 'string' },
      secret: { type: 'string' },
      inactive: { type: 'boolean' },
    },
    strict: true,
  });
  return withDatabase(values.config, async (db) => {
    const { result, tokenSecret } = await new MasterData(db.pool).addMember({
      memberId: required(values.id, 'id'),
      name: required(values.name, 'name'),
      tier: required(values.tier, 'tier'),
      active: !values.inactive,
      ...(values.card ? { cardNumbers: values.card } : {}),
      ...(values.email !== undefined ? { email: values.email } : {}),
      ...(values.secret !== undefined ? { tokenSecret: values.secret.toUpperCase().replace(/[\s=]/g, '') } : {}),
    });
    io.out(describePublish(result, `member ${values.id}`));
    if (!values.secret) io.err(`member app secret (RFC 6238, base32), shown once here: ${tokenSecret}`);
    return EXIT.ok;
  });
}

export async function taxClassSet(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, id: { type: 'string' }, rate: { type: 'string', multiple: true } },
    strict: true,
  });
  const rates = (values.rate ?? []).map((r) => {
    const m = /^([^:]+):(\d+):(.*)$/.exec(r);
    if (!m) throw new UsageError(`--rate is RATE_ID:BASIS_POINTS:LABEL (e.g. VAT:500:VAT 5%), not "${r}"`);
    return { id: m[1]!, bp: Number(m[2]), label: m[3]! };
  });
  return withDatabase(values.config, async (db) => {
    const r = await new MasterData(db.pool).publish(`tax class ${values.id}`, [
      { section: 'tax-class', record: { id: required(values.id, 'id'), rates } },
    ]);
    io.out(describePublish(r, `tax class ${values.id}`));
    return EXIT.ok;
  });
}

export async function roleSet(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, role: { type: 'string' }, permissions: { type: 'string' } }, strict: true });
  const role = required(values.role, 'role');
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role is one of ${STAFF_ROLES.join(', ')}, not "${role}"`);
  const permissions = required(values.permissions, 'permissions')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return withDatabase(values.config, async (db) => {
    const r = await new MasterData(db.pool).publish(`role ${role}`, [{ section: 'role', record: { role: role as Role, permissions } }]);
    io.out(describePublish(r, `role ${role}`));
    return EXIT.ok;
  });
}

export async function tierSet(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, tier: { type: 'string' }, name: { type: 'string' }, 'price-tier': { type: 'string' } },
    strict: true,
  });
  const tier = required(values.tier, 'tier');
  const name = required(values.name, 'name');
  const priceTier = values['price-tier'];
  return withDatabase(values.config, async (db) => {
    const md = new MasterData(db.pool);
    const r = priceTier
      ? await md.publish(`member tier ${tier}`, [{ section: 'member-tier', record: { tier, name, priceTier } }])
      : await md.publish(`price tier ${tier}`, [{ section: 'price-tier', record: { tier, name } }]);
    io.out(describePublish(r, `${priceTier ? 'member' : 'price'} tier ${tier}`));
    return EXIT.ok;
  });
}

/** A catalogue department's names per language: the tills show them on screens and print them on the X and Z. */
export async function departmentSet(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      department: { type: 'string' },
      en: { type: 'string' },
      'zh-tw': { type: 'string' },
      'zh-cn': { type: 'string' },
    },
    strict: true,
  });
  const department = required(values.department, 'department');
  const names = {
    ...(values.en ? { en: values.en } : {}),
    ...(values['zh-tw'] ? { 'zh-TW': values['zh-tw'] } : {}),
    ...(values['zh-cn'] ? { 'zh-CN': values['zh-cn'] } : {}),
  };
  if (Object.keys(names).length === 0) throw new UsageError('give at least one name: --en, --zh-tw or --zh-cn');
  return withDatabase(values.config, async (db) => {
    const r = await new MasterData(db.pool).publish(`department ${department}`, [{ section: 'department', record: { department, names } }]);
    io.out(describePublish(r, `department ${department}`));
    return EXIT.ok;
  });
}
