import { parseArgs } from 'node:util';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CatalogCsvReader, formatCatalogCsvError, type CatalogCsvResult } from '../core/catalog/csv.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { parseMinor } from '../core/money/money.ts';
import { SyncError } from '../core/sync/errors.ts';
import { loadHqConfig, type HqConfig } from '../hq/config.ts';
import { createEnrollmentCode } from '../hq/enrollment.ts';
import { HqError } from '../hq/errors.ts';
import { IncidentLog } from '../hq/incidents.ts';
import { listReceiptMail } from '../hq/receipt-mail.ts';
import { MasterData, type PublishResult } from '../hq/master-data.ts';
import { exceptionsByCashier, salesByStoreDay } from '../hq/reports.ts';
import { openHqDatabase, type HqDatabase } from '../hq/service.ts';
import { startHqServer } from '../hq/server.ts';
import { STAFF_ROLES, type Role } from '../core/shared/enums.ts';
import { hqUrlProblem } from '../platform/hq-url.ts';
import { loadTerminalKey, terminalKeyPath, TerminalKeyError } from '../platform/terminal-key.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { ConfigError, DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { ledgerPath } from '../host/terminal-ledger.ts';
import { enrollWithHq } from '../host/sync-runner.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const HQ_USAGE = `Usage (HQ side; database: DATABASE_URL, else the embedded PostgreSQL in .tillproof-hq/):
  tillproof hq serve [--config FILE]
  tillproof hq enroll --store S --terminal T [--hours H]          prints a one-time enrollment code
  tillproof hq import catalog FILE.csv [--merge] [--partial]      columns as "tillproof catalog import"
  tillproof hq price set --product ID --tier T --price AMOUNT
  tillproof hq staff add --id ID --name NAME --role cashier|supervisor|manager|admin --store S|all [--store S]...
                          [--pin-stdin | TILLPROOF_STAFF_PIN=PIN] [--badge B] [--inactive]
                                                                 staff are published to the stores named (a new
                                                                 one needs --store; 'all' for area managers)
  tillproof hq members add --id ID --name NAME --tier T [--card C]... [--email E] [--secret BASE32] [--inactive]
  tillproof hq tax-class set --id ID [--rate RATE_ID:BASIS_POINTS:LABEL]...
  tillproof hq role set --role ROLE --permissions P1,P2,...
  tillproof hq tier set --tier T --name NAME [--price-tier T]     a member tier (--price-tier) or a price tier
  tillproof hq incidents [--terminal T] [--limit N] [--json]
  tillproof hq mail [--status pending|sent|no-address|failed] [--terminal T] [--limit N] [--json]
                                                                 e-receipts mailed to members, with their status
  tillproof hq report sales|exceptions --from YYYY-MM-DD --to YYYY-MM-DD [--store S] [--json]
Every HQ command takes --config FILE (JSON, see docs/hq.md).

Usage (terminal side):
  tillproof hq join --url URL --code CODE (--data-dir DIR) [--config FILE] [--ca FILE]
                                                                 enrolls this terminal at HQ with its code`;

const common = { config: { type: 'string' } } as const;

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`--${name} takes a positive number, not "${value}"`);
  return Number(value);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function describePublish(r: PublishResult, what: string): string {
  return r.version === null
    ? `${what}: nothing changed (no new version)`
    : `${what}: published as version ${r.version} (${r.changed} records changed${r.deactivated ? `, ${r.deactivated} deactivated` : ''})`;
}

async function withDatabase<T>(configPath: string | undefined, fn: (db: HqDatabase, config: HqConfig) => Promise<T>): Promise<T> {
  const config = loadHqConfig(configPath);
  const db = await openHqDatabase(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

export async function hqCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'serve':
        return await serve(rest, io);
      case 'enroll':
        return await enroll(rest, io);
      case 'import':
        if (rest[0] !== 'catalog') throw new UsageError('what to import: tillproof hq import catalog FILE.csv');
        return await importCatalog(rest.slice(1), io);
      case 'price':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq price set --product ID --tier T --price AMOUNT');
        return await priceSet(rest.slice(1), io);
      case 'staff':
        if (rest[0] !== 'add') throw new UsageError('tillproof hq staff add --id ID --name NAME --role ROLE ...');
        return await staffAdd(rest.slice(1), io);
      case 'members':
        if (rest[0] !== 'add') throw new UsageError('tillproof hq members add --id ID --name NAME --tier T ...');
        return await membersAdd(rest.slice(1), io);
      case 'tax-class':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq tax-class set --id ID --rate ID:BP:LABEL ...');
        return await taxClassSet(rest.slice(1), io);
      case 'role':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq role set --role ROLE --permissions P1,P2');
        return await roleSet(rest.slice(1), io);
      case 'tier':
        if (rest[0] !== 'set') throw new UsageError('tillproof hq tier set --tier T --name NAME [--price-tier T]');
        return await tierSet(rest.slice(1), io);
      case 'incidents':
        return await incidents(rest, io);
      case 'mail':
        return await receiptMail(rest, io);
      case 'report':
        return await report(rest, io);
      case 'join':
        return await join(rest, io);
      default:
        throw new UsageError(sub ? `unknown hq command "${sub}"` : 'missing hq command');
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tillproof hq: ${e.message}\n${HQ_USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof HqError || e instanceof LedgerStoreError || e instanceof TerminalKeyError || e instanceof ConfigError) {
      io.err(`tillproof hq: ${e.message} [${e.code}]`);
      return e instanceof HqError && e.code === 'master-data.invalid' ? EXIT.failed : EXIT.usage;
    }
    if (e instanceof SyncError) {
      io.err(`tillproof hq: ${e.message} [${e.code}]`);
      return EXIT.failed;
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && (e.code.startsWith('E') || /^[0-9A-Z]{5}$/.test(e.code))) {
      // Node system errors (ENOENT, ECONNREFUSED) and PostgreSQL SQLSTATEs.
      io.err(`tillproof hq: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function serve(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options: common, strict: true });
  const config = loadHqConfig(values.config);
  const token = process.env.TILLPROOF_HQ_REPORT_TOKEN;
  const hq = await startHqServer({ config, ...(token ? { reportTokens: [token] } : {}) });
  io.out(`Tillproof HQ serving on ${hq.url}`);
  io.out(`Database: ${hq.database?.describe ?? 'given pool'}; ${hq.service.verify.size} verification threads`);
  if (!config.tls) io.out('Plain HTTP on loopback: put a TLS reverse proxy in front for terminals on the network (docs/hq.md).');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await hq.close();
  io.out('Tillproof HQ stopped.');
  return EXIT.ok;
}

async function enroll(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, store: { type: 'string' }, terminal: { type: 'string' }, hours: { type: 'string' } },
    strict: true,
  });
  const storeId = required(values.store, 'store');
  const terminalId = required(values.terminal, 'terminal');
  return withDatabase(values.config, async (db, config) => {
    const { code, expiresAt } = await createEnrollmentCode(db.pool, {
      storeId,
      terminalId,
      validHours: positive(values.hours, 'hours', config.enrollmentCodeHours),
    });
    io.out(code);
    io.err(
      `one-time enrollment code for terminal ${terminalId} of store ${storeId}, valid until ${expiresAt}; on the terminal: tillproof hq join --url <HQ URL> --code ${code} --data-dir <DIR>`,
    );
    return EXIT.ok;
  });
}

const CHUNK = 1 << 20;

function readCatalog(path: string, reader: CatalogCsvReader): CatalogCsvResult {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      reader.push(n === 0 ? decoder.decode() : decoder.decode(buffer.subarray(0, n), { stream: true }));
      if (n === 0) break;
    }
  } catch (e) {
    if (e instanceof TypeError) throw new HqError('master-data.invalid', `${path} is not UTF-8 text (from Excel, save it as "CSV UTF-8")`);
    throw e;
  } finally {
    closeSync(fd);
  }
  return reader.end();
}

async function importCatalog(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...common, merge: { type: 'boolean' }, partial: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one catalog file: tillproof hq import catalog FILE.csv');
  const config = loadHqConfig(values.config);
  const parsed = readCatalog(
    file,
    new CatalogCsvReader({ minorDigits: minorDigitsOf(config.currency), onRecord: (n) => n % 10_000 === 0 && io.err(`read ${n} rows`) }),
  );
  io.err(`read ${parsed.records} rows: ${parsed.items.length} good, ${parsed.rejected} rejected`);
  for (const e of parsed.errors.slice(0, 200)) io.err(`${file}: ${formatCatalogCsvError(e)}`);
  if (!parsed.headerOk) {
    io.err('the header row is not usable; nothing was published');
    return EXIT.failed;
  }
  if (parsed.rejected > 0 && !values.partial) {
    io.err(`${parsed.rejected} rows rejected; nothing was published (fix them, or give --partial to publish the good rows)`);
    return EXIT.failed;
  }
  if (parsed.items.length === 0 && !values.merge) {
    io.err('the file has no product; refusing to deactivate the whole catalog (give --merge to publish nothing)');
    return EXIT.failed;
  }
  return withDatabase(values.config, async (db) => {
    const result = await new MasterData(db.pool).importCatalog(parsed.items, {
      source: basename(file),
      merge: values.merge ?? false,
      keepProductIds: parsed.rejectedProductIds,
    });
    io.out(describePublish(result, `catalog ${basename(file)} (${parsed.items.length} products)`));
    return parsed.rejected > 0 ? EXIT.failed : EXIT.ok;
  });
}

async function priceSet(args: string[], io: CommandIo): Promise<number> {
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

async function staffAdd(args: string[], io: CommandIo): Promise<number> {
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

async function membersAdd(args: string[], io: CommandIo): Promise<number> {
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

async function taxClassSet(args: string[], io: CommandIo): Promise<number> {
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

async function roleSet(args: string[], io: CommandIo): Promise<number> {
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

async function tierSet(args: string[], io: CommandIo): Promise<number> {
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

async function incidents(args: string[], io: CommandIo): Promise<number> {
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

async function receiptMail(args: string[], io: CommandIo): Promise<number> {
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

async function report(args: string[], io: CommandIo): Promise<number> {
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

async function join(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, url: { type: 'string' }, code: { type: 'string' }, 'data-dir': { type: 'string' }, ca: { type: 'string' } },
    strict: true,
  });
  const dataDir = resolve(required(values['data-dir'], 'data-dir'));
  const hqUrl = required(values.url, 'url');
  // The one-time code travels in this request: the same rule as the running terminal's --hq.
  const urlProblem = hqUrlProblem(hqUrl);
  if (urlProblem) throw new UsageError(`--url: ${urlProblem}`);
  const file = values.config ?? process.env.TILLPROOF_CONFIG;
  const config = file ? loadConfigFile(file) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const dbPath = ledgerPath(dataDir);
  if (!existsSync(dbPath)) throw new LedgerStoreError('ledger.missing', `no ledger at ${dbPath}; start the terminal once first`);
  const signer = loadTerminalKey(terminalKeyPath(dataDir));
  const store = SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, signer, { terminalId: config.terminal.terminalId });
  try {
    const enrollment = await enrollWithHq({
      dataDir,
      store,
      signer,
      hqUrl,
      code: required(values.code, 'code'),
      ...(values.ca ? { ca: readFileSync(values.ca, 'utf8') } : {}),
    });
    io.out(
      `terminal ${enrollment.terminalId} enrolled at ${enrollment.hqUrl} for store ${enrollment.storeId} with key ${enrollment.keyId}; HQ holds its ledger up to seq ${enrollment.ackSeq}`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
