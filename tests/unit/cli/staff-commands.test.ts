// `tillproof staff` on a real till data folder (no HQ): the first administrator and further staff
// added from the command line, roles changed and staff disabled, each logged in the ledger with the
// staff list; refused while the till runs (a real second process against the running till's lock),
// and where HQ keeps the staff list. The staff so made sign in at the till.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffCommand } from '../../../cli/staff-commands.ts';
import { ledgerCommand } from '../../../cli/ledger-commands.ts';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { ENROLLMENT_FILE } from '../../../host/sync-runner.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import { CLI } from '../../e2e/serve-process.ts';
import { tempDir } from '../../helpers/ledger.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: ReturnType<typeof tempDir>;
let runtime: TerminalRuntime | null = null;

function startTill(): TerminalRuntime {
  runtime = startTerminal({
    dataDir: dir.path,
    config: parseConfig(DEMO_CONFIG, 'demo'),
    printer: new MemoryPrinter('receipt'),
    drawer: new MemoryDrawer(),
    devices: () => [],
  });
  return runtime;
}

async function stopTill(): Promise<void> {
  await runtime?.close();
  runtime = null;
}

beforeEach(async () => {
  dir = tempDir('tillproof-staff-cli-');
  // An empty till as a first start leaves it: a ledger, a key, no staff.
  startTill();
  await stopTill();
});
afterEach(async () => {
  await stopTill();
  dir.cleanup();
});

async function staff(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), stdin: () => Promise.resolve(stdin) };
  const code = await staffCommand([...args, '--data-dir', dir.path], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI as IT runs it: its own process, the PIN piped in. */
function cli(args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TILLPROOF_CONFIG: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => done({ code, out, err }));
    child.stdin.end(stdin);
  });
}

const log = { error: () => undefined };
const login = (r: TerminalRuntime, staffId: string, pin: string) =>
  dispatchCall(r.handlers, 'session.login', { method: 'pin', staffId, pin }, log);

describe('tillproof staff', () => {
  it('adds the first administrator and more staff, changes a role, disables; each logged; they sign in', async () => {
    expect((await staff(['list'])).out).toMatch(/no staff yet/);
    const added = await staff(['add', 'A001', '--name', 'Iris 黃', '--role', 'admin'], '135790\n');
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toMatch(/added A001 \(Iris 黃, admin\); logged as ledger entry \d+/);
    expect((await staff(['add', 'C001', '--name', 'Cas Wu'], '2468\n')).code).toBe(0);

    // Bad input: said, nothing changed.
    const badPin = await staff(['add', 'C002', '--name', 'Short Pin'], '12\n');
    expect(badPin.code).toBe(1);
    expect(badPin.err).toMatch(/PIN is 4 to 8 digits.*; nothing was changed/);
    expect((await staff(['add', 'c001', '--name', 'Again'], '1234\n')).err).toMatch(/already taken/);
    await expect(staff(['set-role', 'C001', 'owner'])).rejects.toThrow(/a role is one of cashier, supervisor, manager, admin/);
    expect((await staff(['disable', 'NOBODY'])).err).toMatch(/there is no staff member NOBODY/);
    // The till is never left without an administrator.
    expect((await staff(['disable', 'A001'])).err).toMatch(/last active administrator/);
    expect((await staff(['set-role', 'A001', 'manager'])).code).toBe(1);

    expect((await staff(['set-role', 'C001', 'supervisor'])).code).toBe(0);
    const list = (await staff(['list'])).out;
    expect(list).toContain('A001\tIris 黃\tadmin\tactive\tPIN set');
    expect(list).toContain('C001\tCas Wu\tsupervisor\tactive');
    // A new PIN, piped in like the first; the old one no longer signs in.
    expect((await staff(['reset-pin', 'C001'], 'abc\n')).err).toMatch(/PIN is 4 to 8 digits/);
    expect((await staff(['reset-pin', 'C001'], '97531\n')).out).toMatch(/C001: PIN reset; logged/);
    expect((await staff(['deactivate', 'C001'])).code).toBe(0);
    expect((await staff(['list'])).out).toContain('C001\tCas Wu\tsupervisor\tdisabled');

    const r = startTill();
    const summaries = [...r.store.entries()].filter((e) => e.kind === 'config-change').map((e) => (e.body as { summary: string }).summary);
    expect(summaries).toEqual([
      'at the till by tillproof-staff: added A001 (admin)',
      'at the till by tillproof-staff: added C001 (cashier)',
      'at the till by tillproof-staff: C001 role cashier -> supervisor',
      'at the till by tillproof-staff: C001 PIN reset',
      'at the till by tillproof-staff: C001 deactivated',
    ]);
    expect(JSON.stringify([...r.store.entries()])).not.toContain('135790');
    expect(await dispatchCall(r.handlers, 'session.state', {}, log)).toMatchObject({ ok: true, result: { firstStart: false } });
    expect(await login(r, 'A001', '135790')).toMatchObject({ ok: true, result: { role: 'admin' } });
    expect(await login(r, 'C001', '2468')).toMatchObject({ ok: false });
    await stopTill();
    const verify = ledgerCommand(['verify', '--data-dir', dir.path], { out: () => undefined, err: () => undefined });
    expect(verify).toBe(0);
  });

  it('refuses a change while the till runs (naming it), and still lists', { timeout: 60_000 }, async () => {
    startTill();
    const refused = await cli(['staff', 'add', 'A001', '--name', 'Iris', '--role', 'admin', '--data-dir', dir.path], '135790\n');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is in use by .*pid \d+.*stop it/);
    const listed = await cli(['staff', 'list', '--data-dir', dir.path], '');
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.out).toMatch(/no staff yet/);
    await stopTill();
    expect((await cli(['staff', 'add', 'A001', '--name', 'Iris', '--role', 'admin', '--data-dir', dir.path], '135790\n')).code).toBe(0);
  });

  it('refuses where HQ keeps the staff list', async () => {
    writeFileSync(join(dir.path, ENROLLMENT_FILE), JSON.stringify({ hqUrl: 'https://hq.example', terminalId: 'DEMO-01' }));
    const refused = await staff(['add', 'A001', '--name', 'Iris', '--role', 'admin'], '135790\n');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/managed at HQ/);
    expect((await staff(['list'])).out).toMatch(/no staff yet/);
  });
});
