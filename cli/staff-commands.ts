import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { methods } from '../core/contract/methods.ts';
import { STAFF_ROLES, type Role } from '../core/shared/enums.ts';
import type { StaffChange, StaffRosterEntry } from '../core/auth/staff-member.ts';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import type { Clock } from '../core/ports/clock.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { staffEditSummary, type StaffEdit } from '../core/settings/staff-rules.ts';
import { SqliteLedgerStore, openLedgerDatabase } from '../db/sqlite-ledger.ts';
import { SqliteStaffRoster } from '../db/staff-roster.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath } from '../platform/terminal-key.ts';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { staffManagedBy } from '../host/settings-adapters.ts';
import { ledgerPath, systemClock } from '../host/terminal-ledger.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const STAFF_USAGE = `Usage:
  tillproof staff list --data-dir DIR [--config FILE]
  tillproof staff add STAFF-NUMBER --name NAME [--role ROLE] --data-dir DIR [--config FILE]
  tillproof staff set-role STAFF-NUMBER ROLE --data-dir DIR [--config FILE]
  tillproof staff disable STAFF-NUMBER --data-dir DIR [--config FILE]      (also: deactivate)
  tillproof staff reset-pin STAFF-NUMBER --data-dir DIR [--config FILE]

Staff of a till that keeps its own (no HQ). "add" reads the new PIN (4 to 8 digits) from
standard input, never from the command line: echo 1234 | tillproof staff add ...; so does
"reset-pin", which also lifts a lockout after wrong PINs. ROLE is one of
${STAFF_ROLES.join(', ')} (add: cashier unless given). Each change is written to the staff list
and logged in the ledger as a config-change, together. The till must be stopped for a change
(list works while it runs); the last active administrator cannot be disabled or demoted.
Where HQ keeps the staff list (an HQ address in the config, or an enrolled till), change staff at HQ.
Exit codes: 0 done, 1 refused (the change was not made), 2 usage or I/O error.`;

/** A refusal a person can act on: exit 1, nothing changed. */
class StaffRefusal extends TillproofError<'staff.refused'> {
  constructor(message: string) {
    super('staff.refused', message);
  }
}

export interface StaffCommandOptions {
  clock?: Clock;
}

interface StaffRequest {
  dataDir: string;
  dbPath: string;
  config: TerminalConfig;
}

function parseStaffArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  return { request: tillFiles(values), values, positionals };
}

/** The till's data folder and ledger (which must exist: the till has started once) and its config, from --data-dir and --config. */
export function tillFiles(values: { 'data-dir'?: string | undefined; config?: string | undefined }): StaffRequest {
  const dir = values['data-dir'];
  if (!dir) throw new UsageError('give the till data directory with --data-dir DIR');
  const dataDir = resolve(dir);
  const dbPath = ledgerPath(dataDir);
  if (!existsSync(dbPath))
    throw new LedgerStoreError('ledger.missing', `no ledger at ${dbPath}; start the till once first ("tillproof serve")`);
  const file = values.config ?? process.env.TILLPROOF_CONFIG;
  const config = file ? loadConfigFile(file) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  return { dataDir, dbPath, config };
}

function roleOf(value: string | undefined, fallback?: Role): Role {
  if (value === undefined && fallback) return fallback;
  const role = STAFF_ROLES.find((r) => r === value);
  if (!role) throw new UsageError(`a role is one of ${STAFF_ROLES.join(', ')}${value ? `, not "${value}"` : ''}`);
  return role;
}

function describeStaff(s: StaffRosterEntry): string {
  return `${s.staffId}\t${s.name}\t${s.role}\t${s.active ? 'active' : 'disabled'}\t${s.hasPin ? 'PIN set' : 'no PIN'}`;
}

function listStaff(request: StaffRequest, io: CommandIo): number {
  // Read-only: no writer lock, so it works beside a running till.
  const db = openLedgerDatabase(request.dbPath, { mustExist: true, readonly: true });
  try {
    const staff = new SqliteStaffRoster(db, { managedBy: 'local' }).list();
    if (staff.length === 0) io.out('no staff yet: add the first administrator with "tillproof staff add ... --role admin" or at the till');
    for (const s of staff) io.out(describeStaff(s));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** The till's own staff list may be changed here: refused where HQ keeps it. */
function requireLocalStaff(request: StaffRequest): void {
  if (staffManagedBy(request.dataDir, request.config.hq?.url) === 'hq') {
    throw new StaffRefusal(
      'staff on this till are managed at HQ: change them there ("tillproof hq staff") and they arrive with the next sync',
    );
  }
}

const activeAdmins = (staff: readonly StaffRosterEntry[]) => staff.filter((s) => s.active && s.role === 'admin');

/** Writes one change with its config-change entry in one ledger transaction; opening takes the writer lock. */
function writeChange(
  request: StaffRequest,
  clock: Clock,
  plan: (staff: StaffRosterEntry[]) => { change: StaffChange; edit: StaffEdit },
): number {
  const { dbPath, config } = request;
  const store = SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, loadTerminalKey(terminalKeyPath(request.dataDir)), {
    terminalId: config.terminal.terminalId,
  });
  try {
    const roster = new SqliteStaffRoster(store.database, { managedBy: 'local' });
    const { change, edit } = plan(roster.list());
    const now = clock.now();
    const at = now.toISOString();
    const businessDay = openBusinessDay(now, config.store, store);
    const seq = store.write((tx) => {
      const saved = roster.save(change);
      const summary = staffEditSummary(edit, 'tillproof-staff').slice(0, 500);
      return tx.append({
        kind: 'config-change',
        businessDay,
        startedAt: at,
        endedAt: at,
        operatorId: null,
        body: { section: 'staff', version: `local-${saved.version}`, summary, digest: saved.digest },
      }).seq;
    });
    return seq;
  } finally {
    store.close();
  }
}

/** The PIN piped in on standard input (its first line), checked by the contract's rule. */
async function pinFromStdin(io: CommandIo): Promise<string> {
  if (!io.stdin) throw new UsageError('the PIN is read from standard input');
  const pin = (await io.stdin()).split(/\r?\n/)[0]?.trim() ?? '';
  if (!/^\d{4,8}$/.test(pin)) throw new StaffRefusal('pin: a PIN is 4 to 8 digits (piped in on standard input)');
  return pin;
}

async function addStaffMember(
  request: StaffRequest,
  values: { name?: string; role?: string },
  staffId: string,
  io: CommandIo,
  clock: Clock,
) {
  const role = roleOf(values.role, 'cashier');
  const pin = await pinFromStdin(io);
  // The same rules as adding staff at the till.
  const parsed = methods['staff.add'].params.safeParse({ staffId, name: values.name ?? '', role, pin });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StaffRefusal(`${issue?.path.join('.') || 'staff'}: ${issue?.message ?? 'not valid'}`);
  }
  const p = parsed.data;
  const seq = writeChange(request, clock, (staff) => {
    if (staff.some((s) => s.staffId.toLowerCase() === p.staffId.toLowerCase()))
      throw new StaffRefusal(`staff number ${p.staffId} is already taken: choose another`);
    return {
      change: { staffId: p.staffId, name: p.name, role: p.role, active: true, pin: p.pin },
      edit: { kind: 'add', staffId: p.staffId, role: p.role },
    };
  });
  io.out(`added ${p.staffId} (${p.name}, ${p.role}); logged as ledger entry ${seq}`);
}

function updateStaffMember(
  request: StaffRequest,
  staffId: string,
  update: { role?: Role; active?: boolean; pin?: string },
  io: CommandIo,
  clock: Clock,
) {
  const seq = writeChange(request, clock, (staff) => {
    const target = staff.find((s) => s.staffId === staffId);
    if (!target) throw new StaffRefusal(`there is no staff member ${staffId} ("tillproof staff list" shows them)`);
    const role = update.role ?? target.role;
    const active = update.active ?? target.active;
    const remaining = activeAdmins(staff).filter((s) => s.staffId !== staffId);
    if (target.active && target.role === 'admin' && (role !== 'admin' || !active) && remaining.length === 0)
      throw new StaffRefusal(`${staffId} is the last active administrator: add another administrator first`);
    const edit: StaffEdit = {
      kind: 'update',
      target,
      ...(update.role ? { role } : {}),
      ...(update.active !== undefined ? { active } : {}),
      ...(update.pin ? { pin: true } : {}),
    };
    return { change: { staffId, name: target.name, role, active, ...(update.pin ? { pin: update.pin } : {}) }, edit };
  });
  const what = update.role ? `role ${update.role}` : update.pin ? 'PIN reset' : 'disabled';
  io.out(`${staffId}: ${what}; logged as ledger entry ${seq}`);
}

export async function staffCommand(args: string[], io: CommandIo, options: StaffCommandOptions = {}): Promise<number> {
  const clock = options.clock ?? systemClock;
  const [sub, ...rest] = args;
  const known = ['list', 'add', 'set-role', 'disable', 'deactivate', 'reset-pin'];
  if (!sub || !known.includes(sub))
    throw new UsageError(sub ? `unknown staff command "${sub}"` : `missing staff command (${known.join(', ')})`);
  const { request, values, positionals } = parseStaffArgs(rest);
  try {
    if (sub === 'list') {
      if (positionals.length) throw new UsageError('staff list takes no staff number');
      return listStaff(request, io);
    }
    const staffId = positionals[0];
    if (!staffId) throw new UsageError(`give the staff number: tillproof staff ${sub} STAFF-NUMBER ...`);
    requireLocalStaff(request);
    if (sub === 'add') {
      if (positionals.length > 1) throw new UsageError('give one staff number; the name goes in --name');
      await addStaffMember(request, values, staffId, io, clock);
    } else if (sub === 'set-role') {
      if (positionals.length !== 2) throw new UsageError('give the staff number and the role: tillproof staff set-role S002 manager ...');
      updateStaffMember(request, staffId, { role: roleOf(positionals[1]) }, io, clock);
    } else if (sub === 'reset-pin') {
      if (positionals.length > 1) throw new UsageError('give one staff number; the PIN is piped in');
      updateStaffMember(request, staffId, { pin: await pinFromStdin(io) }, io, clock);
    } else {
      if (positionals.length > 1) throw new UsageError('give one staff number');
      updateStaffMember(request, staffId, { active: false }, io, clock);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof StaffRefusal) {
      io.err(`tillproof staff: ${e.message}; nothing was changed`);
      return EXIT.failed;
    }
    throw e;
  }
}
