// The till checks its own ledger and master data at start-up and before it acts: an edit made to
// the SQLite file outside the till (with the till stopped, or from another program while it runs)
// is found, named, and stops selling and privileged actions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DEMO_CATALOG_CSV } from '../../../host/demo-data.ts';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { ledgerPath } from '../../../host/terminal-ledger.ts';
import type { HostError } from '../../../core/contract/errors.ts';
import { tempDir } from '../../helpers/ledger.ts';

const config = parseConfig(DEMO_CONFIG, 'demo');
const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let dir: ReturnType<typeof tempDir>;
let runtime: TerminalRuntime | null = null;

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

function start(): TerminalRuntime {
  runtime = startTerminal({ dataDir: dir.path, config, demo: true, log: quiet });
  return runtime;
}

async function stop(): Promise<void> {
  await runtime?.close();
  runtime = null;
}

/** What someone with the file and a SQLite shell does while the till is stopped. */
function editFile(sql: string): void {
  const db = new Database(ledgerPath(dir.path));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function refusal(call: Promise<unknown>): Promise<HostError> {
  const e = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).not.toBeNull();
  return e as HostError;
}

beforeEach(() => {
  dir = tempDir('tillproof-integrity-');
});
afterEach(async () => {
  await stop();
  dir.cleanup();
});

describe('master data edited outside the till', () => {
  beforeEach(async () => {
    const till = start();
    expect(await till.handlers['ledger.integrity']({})).toMatchObject({ ok: true, problems: [] });
    await stop();
  });

  it('a cashier made a manager is found, named (staff, table staff), and nobody signs in', async () => {
    editFile("UPDATE staff SET role = 'manager' WHERE staff_id = 'S001'");
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status.ok).toBe(false);
    expect(status.problems).toEqual([expect.objectContaining({ kind: 'master-data', section: 'staff', tables: ['staff'] })]);
    const e = await refusal(till.handlers['session.login']({ method: 'pin', staffId: 'S001', pin: '1111' }));
    expect(e.code).toBe('ledger.integrity-failed');
    // The finding is in the chain (it reaches HQ): the ledger still verifies.
    const fault = till.store.entry(till.store.head().seq);
    expect(fault).toMatchObject({ kind: 'device-fault', body: { device: 'ledger', code: 'master-data.mismatch' } });
  });

  it("the manager given the cashier's PIN is found", async () => {
    editFile(
      "UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE staff_id = 'S001'), pin_salt = (SELECT pin_salt FROM staff WHERE staff_id = 'S001') WHERE staff_id = 'S003'",
    );
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status.problems.map((p) => (p.kind === 'master-data' ? p.section : p.kind))).toEqual(['staff']);
  });

  it('a member made VIP is found in members', async () => {
    editFile("UPDATE members SET tier = 'vip' WHERE member_id = (SELECT MIN(member_id) FROM members WHERE tier <> 'vip')");
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status.problems).toEqual([expect.objectContaining({ section: 'members', tables: ['members', 'member_cards'] })]);
  });

  it('a price set to 1 is found, naming the product, and the till does not sell on it', async () => {
    editFile("UPDATE product_prices SET unit_price = 1 WHERE product_no = (SELECT product_no FROM products WHERE product_id = 'TP-0001')");
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status.ok).toBe(false);
    const problem = status.problems[0]!;
    expect(problem).toMatchObject({ kind: 'master-data', section: 'catalog' });
    expect(problem.message).toMatch(/product_prices.*TP-0001/);
  });

  it('re-importing the catalog puts the price back and records a new digest: the till opens again', async () => {
    editFile("UPDATE product_prices SET unit_price = 1 WHERE product_no = (SELECT product_no FROM products WHERE product_id = 'TP-0001')");
    expect(await start().handlers['ledger.integrity']({})).toMatchObject({ ok: false });
    await stop();
    const r = spawnSync(process.execPath, [CLI, 'catalog', 'import', fileURLToPath(DEMO_CATALOG_CSV), '--data-dir', dir.path], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 updated/);
    const till = start();
    expect(await till.handlers['ledger.integrity']({})).toMatchObject({ ok: true });
    const price = till.store.database
      .prepare("SELECT unit_price FROM product_prices JOIN products USING (product_no) WHERE product_id = 'TP-0001' AND tier = 'retail'")
      .pluck()
      .get();
    expect(price).toBe(25);
  });

  it('an edit made by another program while the till runs is found before the next call', async () => {
    const till = start();
    await till.handlers['session.login']({ method: 'pin', staffId: 'S001', pin: '1111' });
    editFile("UPDATE product_prices SET unit_price = 1 WHERE product_no = (SELECT product_no FROM products WHERE product_id = 'TP-0001')");
    const e = await refusal(till.handlers['sale.scan']({ code: '4711037000012', source: 'hid' }));
    expect(e.code).toBe('ledger.integrity-failed');
    expect(e.message).toMatch(/catalog/);
  });
});

describe('the ledger chain at start-up', () => {
  it('starts from its signed checkpoint, and walks the whole chain when the checkpoint was edited', async () => {
    start();
    await stop();
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status).toMatchObject({ ok: true });
    expect(status.fromSeq).toBeGreaterThan(0);
    await stop();
    editFile(
      "UPDATE ledger_meta SET value = json_set(value, '$.checkpoint.sealedDays', json_array('2099-01-01')) WHERE key = 'verified_checkpoint'",
    );
    const again = start();
    expect(await again.handlers['ledger.integrity']({})).toMatchObject({ ok: true, fromSeq: 0 });
  });

  it('a forged sale (an entry edited in the file) stops the till with the seq and reason', async () => {
    start();
    await stop();
    editFile(`DROP TRIGGER ledger_entries_no_update;
      UPDATE ledger_entries SET body = json_set(body, '$.summary', 'forged') WHERE seq = (SELECT MAX(seq) FROM ledger_entries)`);
    const till = start();
    const status = await till.handlers['ledger.integrity']({});
    expect(status.ok).toBe(false);
    expect(status.problems[0]).toMatchObject({ kind: 'ledger', reason: 'hash-mismatch' });
    const e = await refusal(till.handlers['session.login']({ method: 'pin', staffId: 'S003', pin: '3333' }));
    expect(e.code).toBe('ledger.integrity-failed');
  });

  it('entries removed from the end are found (the recorded head says more)', async () => {
    start();
    await stop();
    editFile(`DROP TRIGGER ledger_entries_no_delete;
      DELETE FROM ledger_entries WHERE seq = (SELECT MAX(seq) FROM ledger_entries)`);
    let status;
    try {
      status = await start().handlers['ledger.integrity']({});
    } catch (e) {
      // The store itself may refuse to open a ledger whose head does not match.
      expect(String(e)).toMatch(/does not match the recorded head/);
      return;
    }
    expect(status.problems[0]).toMatchObject({ kind: 'ledger', reason: 'truncated' });
  });
});
