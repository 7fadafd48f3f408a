// A client looping bad requests is refused every time, but cannot fill HQ's database with
// incidents: identical incidents within a window are one row with a count, and one source's
// distinct incidents are capped per window.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { IncidentLog } from '../../../hq/incidents.ts';
import { startTestHq } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres({ database: 'per-test' });

/** A well-formed but unverifiable signed request for a terminal HQ does not know. */
function bogusHeaders(terminalId: string): Record<string, string> {
  return {
    'x-tillproof-terminal': terminalId,
    'x-tillproof-key-id': randomBytes(8).toString('hex'),
    'x-tillproof-timestamp': String(Date.now()),
    'x-tillproof-nonce': randomBytes(16).toString('base64url'),
    'x-tillproof-signature': randomBytes(64).toString('base64'),
  };
}

async function rows(pool: pg.Pool): Promise<Array<{ kind: string; terminalId: string | null; count: number }>> {
  const r = await pool.query('SELECT kind, terminal_id AS "terminalId", repeat_count AS count FROM hq_incidents ORDER BY incident_id');
  return r.rows;
}

describe('incident rate limiting', () => {
  it('300 identical refused requests: 300 refusals, one incident row counting 300', async () => {
    const { pool } = postgres;
    const hq = await startTestHq(pool);
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, () => fetch(`${hq.url}/v1/terminals/T-LOOP/head`, { headers: bogusHeaders('T-LOOP') })),
        );
        for (const r of batch) {
          statuses.add(r.status);
          await r.arrayBuffer();
        }
      }
      expect([...statuses]).toEqual([401]);
      const stored = await rows(pool);
      // Concurrent first requests may each open a row; after that everything is counted.
      expect(stored.length).toBeLessThanOrEqual(3);
      expect(stored.every((r) => r.kind === 'unenrolled-terminal' && r.terminalId === 'T-LOOP')).toBe(true);
      expect(stored.reduce((s, r) => s + r.count, 0)).toBe(300);
      const listed = await hq.service.incidents.list();
      expect(listed[0]).toMatchObject({
        kind: 'unenrolled-terminal',
        terminalId: 'T-LOOP',
        remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
      });
      expect(listed.reduce((s, r) => s + r.count, 0)).toBe(300);
    } finally {
      await hq.close();
    }
  });

  it('cycling terminal ids from one source: rows capped per window, every request still refused and counted', async () => {
    const { pool } = postgres;
    const hq = await startTestHq(pool, { incidentsPerSource: 20 });
    try {
      for (let i = 0; i < 200; i++) {
        const r = await fetch(`${hq.url}/v1/terminals/T-R-${i}/head`, { headers: bogusHeaders(`T-R-${i}`) });
        expect(r.status).toBe(401);
        await r.arrayBuffer();
      }
      const stored = await rows(pool);
      expect(stored.length).toBe(21);
      expect(stored.at(-1)).toMatchObject({ kind: 'unenrolled-terminal', terminalId: null, count: 180 });
      expect(stored.reduce((s, r) => s + r.count, 0)).toBe(200);
    } finally {
      await hq.close();
    }
  });

  it('after the window, the same incident gets a new row (a fresh occurrence is visible)', async () => {
    const { pool } = postgres;
    const log = new IncidentLog(pool, { windowMs: 1_000, perSource: 50 });
    const incident = { kind: 'fork' as const, terminalId: 'T-W', seq: 7, remoteAddress: '192.0.2.1', message: 'fork at 7' };
    await log.record(incident);
    await log.record(incident);
    await log.record({ ...incident, remoteAddress: '192.0.2.2' });
    await new Promise((r) => setTimeout(r, 1_200));
    await log.record(incident);
    expect((await rows(pool)).map((r) => r.count)).toEqual([2, 1, 1]);
  });
});
