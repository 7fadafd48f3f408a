// A member who joined at one till (issue #15) reaches HQ by sync and every other till by the next
// master-data pull: HQ keeps the contact details and the consent; tills get the member without
// their phone. Real PostgreSQL, real signed ledgers; a batch sent again changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import type { RunningHq } from '../../../hq/server.ts';
import type { EntryBody } from '../../../core/ledger/bodies.ts';
import { SqliteMemberDirectory } from '../../../db/master-data.ts';
import { LedgerMasterDataSink } from '../../../host/sync-runner.ts';
import { draft } from '../../helpers/ledger.ts';
import { enroll, openTestTerminal, removeTerminal, startTestHq, TEST_CLOCK, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

const SIGNUP: EntryBody<'member-created'> = {
  memberId: 'M-joined-1',
  name: '陳小明',
  tier: 'member',
  phone: '0912345678',
  email: 'mei@example.com',
  carrier: '/AB.1+-C',
  consent: { membership: true, marketing: true },
  consentAt: '2026-11-20T02:00:00.000Z',
};

async function enrolled(id: string, storeId: string): Promise<{ t: TestTerminal; client: HttpHqClient }> {
  const t = openTestTerminal(id, storeId);
  terminals.push(t);
  await enroll(hq, t);
  return { t, client: new HttpHqClient({ baseUrl: hq.url, terminalId: id, signer: t.signer }) };
}

describe('a member who joined at a till', () => {
  it('is kept at HQ with the consent and published to every till without the phone, once', async () => {
    const south = await enrolled('T-JOIN-SOUTH', 'S-SOUTH');
    south.t.store.write((tx) => tx.append(draft('member-created', SIGNUP, '2026-11-20T02:00:00.000Z', '2026-11-20', 'cashier-7')));
    const entries = [...south.t.store.entries()];
    await south.client.pushEntries({ terminalId: 'T-JOIN-SOUTH', entries, bytes: 0 });

    const kept = await pool.query('SELECT * FROM hq_member_signups WHERE member_id = $1', ['M-joined-1']);
    expect(kept.rows).toHaveLength(1);
    expect(kept.rows[0]).toMatchObject({
      terminal_id: 'T-JOIN-SOUTH',
      store_id: 'S-SOUTH',
      staff_id: 'cashier-7',
      phone: '0912345678',
      carrier: '/AB.1+-C',
      consent: { membership: true, marketing: true },
      consent_at: '2026-11-20T02:00:00.000Z',
    });
    expect(kept.rows[0].published_version).not.toBeNull();
    const record = await hq.service.masterData.record('member', 'M-joined-1');
    expect(record).toMatchObject({ name: '陳小明', tier: 'member', email: 'mei@example.com', active: true, cardNumbers: [] });
    expect(record!.tokenSecret).toMatch(/^[A-Z2-7]{32}$/);

    // Sent again (a retry): stored once, published once, same app secret.
    const versions = await hq.service.masterData.currentVersion();
    await south.client.pushEntries({ terminalId: 'T-JOIN-SOUTH', entries, bytes: 0 });
    expect((await pool.query('SELECT COUNT(*)::int AS n FROM hq_member_signups')).rows[0].n).toBe(1);
    expect(await hq.service.masterData.currentVersion()).toBe(versions);
    expect((await hq.service.masterData.record('member', 'M-joined-1'))!.tokenSecret).toBe(record!.tokenSecret);

    // Another store's till, at its next pull, knows the member by name; no phone reaches it.
    const north = await enrolled('T-JOIN-NORTH', 'S-NORTH');
    const page = await north.client.masterDataSince(0);
    expect(JSON.stringify(page)).not.toContain('0912345678');
    const sink = new LedgerMasterDataSink({
      store: north.t.store,
      dataDir: north.t.dataDir,
      clock: TEST_CLOCK,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
    });
    sink.apply(page.changes, page.cursor);
    const members = new SqliteMemberDirectory(north.t.store.database);
    expect(members.searchByName('小明', 5).map((m) => m.memberId)).toEqual(['M-joined-1']);
    expect(members.byId('M-joined-1')).toMatchObject({ tier: 'member', active: true });
  });
});
