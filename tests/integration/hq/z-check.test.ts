// HQ runs the same Z checks as `ledger verify` on every Z it receives: a Z that copies a closing
// count whose expected cash was lowered (so the close showed 0 over/short) is stored, as the
// terminal signed it, and raised as an incident naming the drawer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../platform/terminal-key.ts';
import { createEnrollmentCode } from '../../../hq/enrollment.ts';
import { enrollWithHq } from '../../../host/sync-runner.ts';
import { zTotals } from '../../../core/till/z-report.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { TEST_CONFIG, approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { startTestHq } from '../../helpers/hq.ts';
import { TillIntegrity } from '../../../host/ledger-integrity.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const hosts: TestHost[] = [];

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});

afterAll(async () => {
  for (const h of hosts) h.close();
  await hq?.close();
});

const AT_13 = { startedAt: '2026-11-20T13:00:00.000Z', endedAt: '2026-11-20T13:00:00.000Z' };

async function tillWithCashSale(terminalId: string): Promise<{ host: TestHost; sessionId: string }> {
  const host = startTestHost({ terminal: { ...TEST_CONFIG.terminal, terminalId } });
  hosts.push(host);
  await loginAs(host, '101');
  const sessionId = await openDrawer(host, 1000);
  await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: 45 });
  await host.call('sale.complete');
  return { host, sessionId };
}

/** Enrols the till at HQ under its own terminal id and pushes its whole ledger in one batch. */
async function pushAll(host: TestHost): Promise<{ terminalId: string; stored: number }> {
  const signer = loadTerminalKey(terminalKeyPath(host.dataDir));
  const terminalId = host.store.head().terminalId;
  const { code } = await createEnrollmentCode(pool, { storeId: 'S-TPE-1', terminalId, validHours: 1 });
  await enrollWithHq({ dataDir: host.dataDir, store: host.store, signer, hqUrl: hq.url, code });
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId, signer });
  const entries = [...host.store.entries()];
  const ack = await client.pushEntries({ terminalId, entries, bytes: 0 });
  return { terminalId, stored: ack.stored };
}

async function incidents(terminalId: string): Promise<Array<{ kind: string; seq: number | null; message: string }>> {
  const r = await pool.query<{ kind: string; seq: string | null; message: string }>(
    'SELECT kind, seq, message FROM hq_incidents WHERE terminal_id = $1 ORDER BY incident_id',
    [terminalId],
  );
  return r.rows.map((row) => ({ kind: row.kind, seq: row.seq === null ? null : Number(row.seq), message: row.message }));
}

describe('HQ checks each Z it receives as ledger verify does', () => {
  it('a Z over a closing count with its expected cash lowered is stored and raised as an incident', async () => {
    const { host, sessionId } = await tillWithCashSale('T-ZBAD');
    // The drawer's entries give 1000 + 45 = 1045; the count says 1040 expected, 0 over/short.
    const count = {
      drawerSessionId: sessionId,
      currency: 'TWD',
      purpose: 'closing',
      denominations: [
        { value: 1000, count: 1 },
        { value: 10, count: 4 },
      ],
      total: 1040,
      expected: 1040,
      overShort: 0,
    };
    host.store.write((tx) => tx.append({ kind: 'count', businessDay: '2026-11-20', ...AT_13, operatorId: '101', body: count }));
    const day = host.store.businessDay('2026-11-20')!;
    const totals = zTotals('TWD', host.store.dayTotals('2026-11-20'), host.store.drawerSessions({ businessDay: '2026-11-20' }), 0);
    const body = {
      zNo: 1,
      businessDay: '2026-11-20',
      firstSeq: day.firstSeq,
      lastSeq: day.lastSeq,
      lastHash: host.store.entry(day.lastSeq)!.hash,
      totals,
    };
    const z = host.store.write((tx) => tx.append({ kind: 'z-report', businessDay: '2026-11-20', ...AT_13, operatorId: '301', body }));
    expect(host.verify()).toMatchObject({ ok: false, seq: z.seq, reason: 'z-report-mismatch' });

    const { terminalId, stored } = await pushAll(host);
    expect(stored).toBe(z.seq);
    const found = await incidents(terminalId);
    expect(found).toEqual([expect.objectContaining({ kind: 'z-report-mismatch', seq: z.seq })]);
    expect(found[0]!.message).toMatch(/Z 1 of 2026-11-20 .*the closing count says 1040 \(over\/short 0\), the drawer's entries give 1045/);
  });

  it('a Z the till closed itself raises nothing', async () => {
    const { host } = await tillWithCashSale('T-ZOK');
    await host.call('till.closeDrawer', {
      counts: [
        { value: 1000, count: 1 },
        { value: 5, count: 9 },
      ],
    });
    const z = await host.call('report.z', { approval: approvalBy('301') });
    expect(host.verify()).toMatchObject({ ok: true });
    const { terminalId, stored } = await pushAll(host);
    expect(stored).toBe(host.store.head().seq);
    expect(z).toBeTruthy();
    expect(await incidents(terminalId)).toEqual([]);
  });

  it("the till's finding of master data changed outside it reaches HQ as an incident", async () => {
    const { host } = await tillWithCashSale('T-MASTER');
    // A manager slipped into the staff table while the till was stopped.
    host.store.database.prepare("INSERT INTO staff (staff_id, name, role, active) VALUES ('X9', 'Mallory', 'manager', 1)").run();
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };
    const integrity = new TillIntegrity({
      store: host.store,
      signer: loadTerminalKey(terminalKeyPath(host.dataDir)),
      dataDir: host.dataDir,
      terminalId: host.store.head().terminalId,
      clock: host.clock,
      log: quiet,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
    });
    expect(integrity.status()).toMatchObject({ ok: false, problems: [{ kind: 'master-data', section: 'staff' }] });
    const { terminalId } = await pushAll(host);
    const found = await incidents(terminalId);
    expect(found).toEqual([expect.objectContaining({ kind: 'master-data-mismatch', seq: host.store.head().seq })]);
    expect(found[0]!.message).toMatch(/staff \(staff\) was changed outside the till/);
  });
});
