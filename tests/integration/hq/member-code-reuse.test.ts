// One member app code used at two tills (issue #12, path 3): each till alone cannot see it; HQ
// sees it when both tills' sales have synced and raises a member-code-reused incident, once,
// however often the batches are sent again. Real PostgreSQL, real signed ledgers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import type { RunningHq } from '../../../hq/server.ts';
import type { SaleBody } from '../../../core/ledger/bodies.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, incidentKinds, openTestTerminal, removeTerminal, startTestHq, type TestTerminal } from '../../helpers/hq.ts';
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

const STEP = 59_346_000;

function memberSale(receiptNo: number, memberId: string, codeStep: number): SaleBody {
  return { ...saleBody(receiptNo, `sale-${receiptNo}`), member: { memberId, tier: 'vip', verification: 'app-code', codeStep } };
}

async function till(id: string, sales: SaleBody[]): Promise<{ push: () => Promise<unknown> }> {
  const t = openTestTerminal(id);
  terminals.push(t);
  t.store.write((tx) => {
    for (const body of sales) tx.append(draft('sale', body, '2026-11-20T02:00:00.000Z', '2026-11-20', 'S001'));
  });
  await enroll(hq, t);
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: id, signer: t.signer });
  const entries = [...t.store.entries()];
  return { push: () => client.pushEntries({ terminalId: id, entries, bytes: 0 }) };
}

describe('member app codes at HQ', () => {
  it('raises an incident when the same code was used at another till, once, and not for different codes', async () => {
    const a = await till('T-MEMBER-A', [memberSale(1, 'M-2001', STEP), memberSale(2, 'M-1001', STEP)]);
    const b = await till('T-MEMBER-B', [memberSale(1, 'M-2001', STEP + 1), memberSale(2, 'M-2001', STEP)]);
    await a.push();
    expect(await incidentKinds(pool)).not.toContain('member-code-reused');
    await b.push();
    await b.push();
    await a.push();
    expect(await incidentKinds(pool)).toEqual(['member-code-reused']);
    const r = await pool.query<{ terminal_id: string; seq: number; message: string; details: Record<string, unknown> }>(
      "SELECT terminal_id, seq, message, details FROM hq_incidents WHERE kind = 'member-code-reused'",
    );
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row.terminal_id).toBe('T-MEMBER-B');
    expect(row.message).toContain('M-2001');
    expect(row.details).toMatchObject({
      memberId: 'M-2001',
      codeStep: STEP,
      uses: [
        { terminalId: 'T-MEMBER-A', seq: 2 },
        { terminalId: 'T-MEMBER-B', seq: 3 },
      ],
    });
    const uses = await pool.query('SELECT COUNT(*)::int AS n FROM hq_member_code_uses');
    expect(uses.rows[0].n).toBe(4);
  });
});
