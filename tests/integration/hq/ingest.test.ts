// Ingest against a real PostgreSQL: exactly once under duplicated, reordered and concurrent
// batches; gaps reported; month partitions; key rotation; the hot lookup uses its index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import type { RunningHq } from '../../../hq/server.ts';
import type { LedgerEntry } from '../../../core/ledger/entry.ts';
import { newSigner } from '../../helpers/ledger.ts';
import {
  enroll,
  hqSummary,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  terminalSummary,
  waitFor,
  type TestTerminal,
} from '../../helpers/hq.ts';
import { LedgerOutbox, startSyncRunner } from '../../../host/sync-runner.ts';
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

async function terminal(id: string, sales: number): Promise<{ t: TestTerminal; client: HttpHqClient; chunks: LedgerEntry[][] }> {
  const t = openTestTerminal(id);
  terminals.push(t);
  sell(t, sales);
  await enroll(hq, t);
  const entries = [...t.store.entries()];
  const chunks: LedgerEntry[][] = [];
  for (let i = 0; i < entries.length; i += 100) chunks.push(entries.slice(i, i + 100));
  return { t, client: new HttpHqClient({ baseUrl: hq.url, terminalId: id, signer: t.signer }), chunks };
}

const push = (client: HttpHqClient, entries: LedgerEntry[]) =>
  client.pushEntries({ terminalId: entries[0]!.terminalId, entries, bytes: 0 });

describe('ingest', () => {
  it('duplicated and reordered batches end with exactly the terminal ledger at HQ', async () => {
    const { t, client, chunks } = await terminal('T-REORDER', 999);
    expect(chunks).toHaveLength(10);
    const order = [2, 0, 0, 1, 3, 1, 5, 4, 4, 9, 6, 7, 8, 0, 9, 5];
    const acks = [];
    for (const i of order) acks.push(await push(client, chunks[i]!));
    // Out of order: a gap is reported and nothing stored past it.
    expect(acks[0]).toMatchObject({ ackSeq: 0, stored: 0, gap: { from: 1, to: 200 } });
    expect(acks[1]).toMatchObject({ ackSeq: 100, stored: 100, gap: null });
    // The same batch again: acknowledged, nothing changes.
    expect(acks[2]).toMatchObject({ ackSeq: 100, stored: 0, duplicates: 100 });
    // Sent again after the gap closed: stored in order.
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) await push(client, chunks[i]!);
    const hqSide = await hqSummary(pool, t.terminalId);
    const mine = terminalSummary(t);
    expect(hqSide).toMatchObject({
      count: mine.count,
      distinctSeqs: mine.count,
      lastSeq: mine.lastSeq,
      lastHash: mine.lastHash,
      headSeq: mine.lastSeq,
    });
    client.close();
  });

  it('a batch already stored is acknowledged without change (exactly once)', async () => {
    const { t, client, chunks } = await terminal('T-AGAIN', 199);
    const first = await push(client, chunks[0]!);
    const before = await pool.query('SELECT seq, received_at FROM ledger_entries WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
    const again = await push(client, chunks[0]!);
    const after = await pool.query('SELECT seq, received_at FROM ledger_entries WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
    expect(first).toMatchObject({ ackSeq: 100, stored: 100, duplicates: 0 });
    expect(again).toMatchObject({ ackSeq: 100, ackHash: first.ackHash, stored: 0, duplicates: 100 });
    expect(after.rows).toEqual(before.rows);
    // Overlapping batch: the duplicates are acknowledged, the rest stored.
    const overlap = await push(client, [...chunks[0]!.slice(50), ...chunks[1]!]);
    expect(overlap).toMatchObject({ ackSeq: 200, stored: 100, duplicates: 50 });
    client.close();
  });

  it('concurrent copies of the same batches from one terminal are stored once', async () => {
    const { t, client, chunks } = await terminal('T-CONCURRENT', 499);
    const clients = [
      client,
      new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer }),
      new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer }),
    ];
    await Promise.all(clients.flatMap((c) => chunks.map((chunk) => push(c, chunk).catch(() => null))));
    for (const chunk of chunks) await push(client, chunk);
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({ count: 500, distinctSeqs: 500, lastHash: terminalSummary(t).lastHash });
    for (const c of clients) c.close();
  });

  it('reports the head so a terminal that lost its cursor resumes where HQ is', async () => {
    const { client, chunks } = await terminal('T-HEAD', 250);
    await push(client, chunks[0]!);
    await push(client, chunks[1]!);
    expect(await client.head()).toMatchObject({ ackSeq: 200, ackHash: chunks[1]!.at(-1)!.hash });
    client.close();
  });

  it('stores entries in monthly partitions created on demand', async () => {
    const t = openTestTerminal('T-MONTHS');
    terminals.push(t);
    sell(t, 10, { day: '2026-12-30' });
    sell(t, 10, { day: '2027-01-02' });
    await enroll(hq, t);
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    await push(client, [...t.store.entries()]);
    const parts = await pool.query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, COUNT(*)::int AS n FROM ledger_entries WHERE terminal_id = 'T-MONTHS' GROUP BY 1 ORDER BY 1`,
    );
    expect(parts.rows).toEqual([
      { part: 'ledger_entries_y2026m11', n: 1 },
      { part: 'ledger_entries_y2026m12', n: 10 },
      { part: 'ledger_entries_y2027m01', n: 10 },
    ]);
    client.close();
  });

  it('accepts requests signed by a rotated key once the batch carrying the rotation verifies', async () => {
    const { t, client, chunks } = await terminal('T-ROTATE', 99);
    await push(client, chunks[0]!);
    const next = newSigner();
    t.store.rotateKey(next, { businessDay: '2026-11-20', at: '2026-11-20T03:00:00.000Z', operatorId: 'mgr-1', reason: 'scheduled' });
    // The store now signs with the new key; so does the terminal's client.
    t.store.write((tx) =>
      tx.append({
        kind: 'no-sale',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T03:01:00.000Z',
        endedAt: '2026-11-20T03:01:00.000Z',
        operatorId: 'c-1',
        body: { reason: 'after rotation' },
      }),
    );
    const rotatedClient = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: next });
    const ack = await rotatedClient.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries({ from: 101 })], bytes: 0 });
    expect(ack).toMatchObject({ ackSeq: 102, stored: 2 });
    // A stranger's key is still refused, rotation or not.
    const stranger = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: newSigner() });
    await expect(stranger.head()).rejects.toMatchObject({ code: 'sync.unauthorized' });
    for (const c of [client, rotatedClient, stranger]) c.close();
  });

  it('a terminal that rotated its key before sending what came before the rotation catches up: the rotation goes along with the earlier batches', async () => {
    const t = openTestTerminal('T-ROTATE-BACKLOG');
    terminals.push(t);
    sell(t, 300);
    await enroll(hq, t);
    const next = newSigner();
    const rotation = t.store.rotateKey(next, {
      businessDay: '2026-11-20',
      at: '2026-11-20T03:00:00.000Z',
      operatorId: 'mgr-1',
      reason: 'scheduled',
    });
    sell(t, 20);
    const outbox = new LedgerOutbox(t.store);
    const early = [...t.store.entries({ from: 1, to: 100 })];
    expect(outbox.endorsements(early.at(-1)!).map((e) => e.seq)).toEqual([rotation.seq]);
    expect(outbox.endorsements(t.store.entry(t.store.head().seq)!)).toEqual([]);
    // Signed by the new key, a batch of entries from before the rotation: refused without the rotation, accepted with it.
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: next });
    await expect(client.pushEntries({ terminalId: t.terminalId, entries: early, bytes: 0 })).rejects.toMatchObject({
      code: 'sync.unauthorized',
    });
    const ack = await client.pushEntries({
      terminalId: t.terminalId,
      entries: early,
      bytes: 0,
      keyRotations: outbox.endorsements(early.at(-1)!),
    });
    expect(ack).toMatchObject({ ackSeq: 100, stored: 100 });
    // The sync runner does the same for the whole backlog.
    const runner = startSyncRunner({
      dataDir: t.dataDir,
      store: t.store,
      signer: next,
      hqUrl: hq.url,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
      idleIntervalMs: 20,
      backoff: { baseMs: 10, maxMs: 50, factor: 2 },
      batch: { initialBytes: 16 * 1024, minBytes: 8 * 1024, maxBytes: 32 * 1024 },
    });
    await waitFor(() => runner.raw().pending === 0, 60_000, 'the backlog before and after the rotation stored');
    await runner.stop();
    const mine = terminalSummary(t);
    expect(await hqSummary(pool, t.terminalId)).toMatchObject({ count: mine.count, lastHash: mine.lastHash });
    client.close();
  });

  it('looks duplicates up through the primary key index (the hot query of a retry)', async () => {
    await pool.query('ANALYZE ledger_entries');
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT seq, hash FROM ledger_entries WHERE terminal_id = 'T-REORDER' AND seq BETWEEN 100 AND 200 AND business_day BETWEEN '2026-11-20' AND '2026-11-20'`,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(text).not.toMatch(/Seq Scan on ledger_entries_y2026m11/);
  });
});
