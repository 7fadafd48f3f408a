// HQ flags actions a till took under master data HQ did not publish (issue #13): a cashier made a
// manager in the till's own staff table signs in as a manager and post-voids a sale without an
// approval; HQ, which publishes that person as a cashier, stores the entries (the till signed
// them) and raises an incident on each. The same actions under what HQ published raise nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../platform/terminal-key.ts';
import { createEnrollmentCode } from '../../../hq/enrollment.ts';
import { MasterData } from '../../../hq/master-data.ts';
import { enrollWithHq } from '../../../host/sync-runner.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { TEST_CONFIG, approvalBy, barcodeOf, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { startTestHq } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let published = 0;
const hosts: TestHost[] = [];
const STORE = 'S-TPE-1';
const AT = { startedAt: '2026-11-20T02:00:00.000Z', endedAt: '2026-11-20T02:00:00.000Z' };

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
  const master = new MasterData(pool);
  await master.addStaff({ staffId: '101', name: 'Amy', role: 'cashier', pin: '1111', stores: [STORE] });
  await master.addStaff({ staffId: '301', name: 'Mgr', role: 'manager', pin: '4444', stores: [STORE] });
  // Eve works here as a cashier; her till's staff table was edited to make her a manager.
  published = (await master.addStaff({ staffId: '105', name: 'Eve', role: 'cashier', pin: '5555', stores: [STORE] })).version!;
});

afterAll(async () => {
  for (const h of hosts) h.close();
  await hq?.close();
});

/** A till that applied HQ's staff up to the latest version (as its sync records it), then sells one cake as `staffId`. */
async function tillWithSale(terminalId: string, staffId: string): Promise<TestHost> {
  const host = startTestHost({ terminal: { ...TEST_CONFIG.terminal, terminalId } }, undefined, {
    staff: [{ staffId: '105', name: 'Eve', role: 'manager', active: true, pin: '5555' }],
  });
  hosts.push(host);
  const body = { section: 'staff', version: `hq-${published}`, summary: 'from HQ: staff', digest: 'a'.repeat(64) };
  host.store.write((tx) => tx.append({ kind: 'config-change', businessDay: '2026-11-20', ...AT, operatorId: null, body }));
  await host.call('session.login', { method: 'pin', staffId, pin: staffId === '105' ? '5555' : '1111' });
  await openDrawer(host, 1000);
  await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: 45 });
  await host.call('sale.complete');
  return host;
}

async function pushAll(host: TestHost): Promise<string> {
  const signer = loadTerminalKey(terminalKeyPath(host.dataDir));
  const terminalId = host.store.head().terminalId;
  const { code } = await createEnrollmentCode(pool, { storeId: STORE, terminalId, validHours: 1 });
  await enrollWithHq({ dataDir: host.dataDir, store: host.store, signer, hqUrl: hq.url, code });
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId, signer });
  const ack = await client.pushEntries({ terminalId, entries: [...host.store.entries()], bytes: 0 });
  expect(ack.ackSeq).toBe(host.store.head().seq);
  return terminalId;
}

async function incidents(terminalId: string): Promise<Array<{ kind: string; seq: number | null; message: string }>> {
  const r = await pool.query<{ kind: string; seq: string | null; message: string }>(
    'SELECT kind, seq, message FROM hq_incidents WHERE terminal_id = $1 ORDER BY incident_id',
    [terminalId],
  );
  return r.rows.map((row) => ({ kind: row.kind, seq: row.seq === null ? null : Number(row.seq), message: row.message }));
}

/** The seq of the last entry of `kind`. */
const lastOf = (host: TestHost, kind: string) => [...host.store.entries()].filter((e) => e.kind === kind).at(-1)!.seq;

describe('HQ flags actions taken under master data it did not publish', () => {
  it('a cashier promoted in the till: the sign-in as manager and the unapproved post-void are incidents', async () => {
    const host = await tillWithSale('T-PROMOTED', '105');
    await host.call('sale.postVoid', { receiptNo: 1, reason: 'customer changed mind' });
    const terminalId = await pushAll(host);
    const found = await incidents(terminalId);
    // One incident for the batch, naming both entries.
    expect(found).toEqual([expect.objectContaining({ kind: 'unrecorded-master-data', seq: lastOf(host, 'login') })]);
    expect(found[0]!.message).toMatch(/^2 entries/);
    expect(found[0]!.message).toMatch(/staff 105 signed in as manager, but HQ publishes staff 105 as cashier/);
    expect(found[0]!.message).toMatch(
      new RegExp(
        `entry ${lastOf(host, 'void')}: staff 105 post-voided receipt 1 without an approval, but HQ publishes staff 105 as cashier`,
      ),
    );
  });

  it('a cashier with a manager approving the post-void, as HQ published them, raises nothing', async () => {
    const host = await tillWithSale('T-HONEST', '101');
    await host.call('sale.postVoid', { receiptNo: 1, reason: 'customer changed mind', approval: approvalBy('301') });
    const terminalId = await pushAll(host);
    expect(await incidents(terminalId)).toEqual([]);
  });

  it("finds the till's last applied HQ version through the config-change index, not its whole ledger", async () => {
    // A test ledger is a few rows, which a scan reads fastest: the planner is told to avoid scans, as at scale.
    const client = await pool.connect();
    let text: string;
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT body FROM ledger_entries WHERE terminal_id = 'T-PROMOTED' AND kind = 'config-change' AND seq < 1000000
          AND body::jsonb ->> 'version' ~ '^hq-[0-9]+$' ORDER BY seq DESC LIMIT 1`,
      );
      text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    // The partition's copy of ledger_entries_config_changes (named after its columns), not the primary key.
    expect(text).toMatch(/Index Scan Backward using \S+_terminal_id_seq_idx/);
    expect(text).not.toMatch(/Seq Scan|_pkey/);
  });

  it('a record of an HQ version HQ never published is an incident', async () => {
    const host = await tillWithSale('T-FORGED', '101');
    const body = { section: 'staff', version: `hq-${published + 1000}`, summary: 'from HQ: staff', digest: 'b'.repeat(64) };
    const forged = host.store.write((tx) => tx.append({ kind: 'config-change', businessDay: '2026-11-20', ...AT, operatorId: null, body }));
    const terminalId = await pushAll(host);
    const found = await incidents(terminalId);
    expect(found).toEqual([expect.objectContaining({ kind: 'unrecorded-master-data', seq: forged.seq })]);
    expect(found[0]!.message).toMatch(/HQ never published/);
  });
});
