// The per-terminal cursor HQ's after-ingest workers share, on a real PostgreSQL: pages of 2,000,
// the cursor moving with what was queued, a failure moving nothing, and two workers at once
// never handling an entry twice.
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runWorkerLoop, scanNewEntries, type EntryScan } from '../../../hq/entry-scan.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres({ database: 'per-test' });

async function terminal(pool: pg.Pool, terminalId: string, headSeq: number): Promise<void> {
  await pool.query(
    `INSERT INTO hq_terminals (terminal_id, store_id, public_key, key_id, genesis_public_key, enrolled_at, head_seq)
     VALUES ($1, 'S1', 'pk', 'k1', 'pk', now(), $2)
     ON CONFLICT (terminal_id) DO UPDATE SET head_seq = EXCLUDED.head_seq`,
    [terminalId, headSeq],
  );
}

/** A scan over the seqs themselves (every seq is an "entry"), recording what it handled. */
function seqScan(handled: string[], fail?: (seq: number) => boolean): EntryScan<{ seq: number }> {
  return {
    table: 'hq_member_notice_scan',
    read: async (client, _terminalId, after, upTo, limit) =>
      (
        await client.query<{ seq: number }>(`SELECT s::int AS seq FROM generate_series($1::int + 1, $2::int) s LIMIT ${limit}`, [
          after,
          upTo,
        ])
      ).rows,
    handle: async (_client, terminalId, row) => {
      if (fail?.(row.seq)) throw new Error(`cannot handle ${row.seq}`);
      handled.push(`${terminalId}:${row.seq}`);
      return row.seq % 2 === 0;
    },
  };
}

async function cursorOf(pool: pg.Pool, terminalId: string): Promise<number | null> {
  const r = await pool.query<{ s: string }>('SELECT scanned_seq AS s FROM hq_member_notice_scan WHERE terminal_id = $1', [terminalId]);
  return r.rows[0] ? Number(r.rows[0].s) : null;
}

describe('scanning new entries after a per-terminal cursor', () => {
  it('reads every terminal past its cursor a page at a time and counts what was queued', async () => {
    const { pool } = postgres;
    await terminal(pool, 'T1', 4_500);
    await terminal(pool, 'T2', 3);
    const handled: string[] = [];
    expect(await scanNewEntries(pool, seqScan(handled))).toBe(1_000 + 1); // T1's first page (even seqs of 1..2000), T2's seq 2
    expect(await cursorOf(pool, 'T1')).toBe(2_000);
    expect(await cursorOf(pool, 'T2')).toBe(3);
    await scanNewEntries(pool, seqScan(handled));
    await scanNewEntries(pool, seqScan(handled));
    expect(await cursorOf(pool, 'T1')).toBe(4_500);
    expect(handled.filter((h) => h.startsWith('T1:'))).toHaveLength(4_500);
    expect(await scanNewEntries(pool, seqScan(handled))).toBe(0);

    await terminal(pool, 'T2', 5); // new entries arrive: only they are read
    await scanNewEntries(pool, seqScan(handled));
    expect(handled.filter((h) => h.startsWith('T2:'))).toEqual(['T2:1', 'T2:2', 'T2:3', 'T2:4', 'T2:5']);
  });

  it('a failure while handling moves the cursor not at all, so the page is read again', async () => {
    const { pool } = postgres;
    await terminal(pool, 'T1', 10);
    await expect(
      scanNewEntries(
        pool,
        seqScan([], (seq) => seq === 7),
      ),
    ).rejects.toThrow('cannot handle 7');
    expect(await cursorOf(pool, 'T1')).toBe(null);
    const handled: string[] = [];
    await scanNewEntries(pool, seqScan(handled));
    expect(handled).toHaveLength(10);
    expect(await cursorOf(pool, 'T1')).toBe(10);
  });

  it('two workers at once (two HQ processes) handle each entry once', async () => {
    const { pool } = postgres;
    for (let t = 1; t <= 6; t++) await terminal(pool, `T${t}`, 2_500);
    const handled: string[] = [];
    for (let round = 0; round < 4; round++)
      await Promise.all([scanNewEntries(pool, seqScan(handled)), scanNewEntries(pool, seqScan(handled))]);
    expect(handled).toHaveLength(6 * 2_500);
    expect(new Set(handled).size).toBe(6 * 2_500);
  });
});

describe('the worker loop', () => {
  it('keeps going after a failed round, and stops at once when told, even mid-wait', async () => {
    const stop = new AbortController();
    const errors: string[] = [];
    let rounds = 0;
    const loop = runWorkerLoop(
      stop.signal,
      5,
      async () => {
        rounds++;
        if (rounds === 2) throw new Error('database gone');
        if (rounds === 4) stop.abort();
      },
      (e) => errors.push((e as Error).message),
    );
    await loop;
    expect(rounds).toBe(4);
    expect(errors).toEqual(['database gone']);

    // A long wait is cut short by the abort: the loop ends without another round.
    const later = new AbortController();
    let more = 0;
    const waiting = runWorkerLoop(
      later.signal,
      3_600_000,
      () => Promise.resolve(void more++),
      () => {},
    );
    await expect.poll(() => more).toBe(1);
    later.abort();
    await waiting;
    expect(more).toBe(1);
  });
});
