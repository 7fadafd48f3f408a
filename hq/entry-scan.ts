import type pg from 'pg';

// A per-terminal cursor over stored, verified entries, for the HQ workers that act on entries
// after ingest (member e-receipts, member purchase notices). Each worker keeps its own cursor
// table (terminal_id primary key, scanned_seq); a terminal is scanned by one worker at a time
// (row lock, SKIP LOCKED: several HQ processes may run the same worker), a page at a time, and
// the cursor moves in the same transaction as what the worker queued, so a crash re-reads the
// page and the worker's own primary keys make a second queueing a no-op.

/** The cursor tables (identifiers cannot be bound as parameters, so only these are accepted). */
export type ScanCursorTable = 'hq_receipt_mail_scan' | 'hq_member_notice_scan' | 'hq_einvoice_upload_scan';

const SCAN_PAGE = 2_000;

export interface EntryScan<Row extends { seq: number | string }> {
  table: ScanCursorTable;
  /** The entries of one page: `seq > after AND seq <= upTo`, in seq order, at most `limit`. */
  read(client: pg.PoolClient, terminalId: string, after: number, upTo: number, limit: number): Promise<Row[]>;
  /** Queues what the entry calls for; true when something new was queued. */
  handle(client: pg.PoolClient, terminalId: string, row: Row): Promise<boolean>;
}

/** Scans every terminal with entries past its cursor; returns how many things were queued. */
export async function scanNewEntries<Row extends { seq: number | string }>(pool: pg.Pool, scan: EntryScan<Row>): Promise<number> {
  const due = await pool.query<{ terminalId: string }>(
    `SELECT t.terminal_id AS "terminalId" FROM hq_terminals t LEFT JOIN ${scan.table} s USING (terminal_id)
     WHERE t.head_seq > COALESCE(s.scanned_seq, 0)`,
  );
  let queued = 0;
  for (const t of due.rows) queued += await scanTerminal(pool, scan, t.terminalId);
  return queued;
}

async function scanTerminal<Row extends { seq: number | string }>(
  pool: pg.Pool,
  scan: EntryScan<Row>,
  terminalId: string,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${scan.table} (terminal_id) VALUES ($1) ON CONFLICT DO NOTHING`, [terminalId]);
    const cursor = await client.query<{ scanned: number | string; head: number | string }>(
      `SELECT s.scanned_seq AS scanned, t.head_seq AS head FROM ${scan.table} s JOIN hq_terminals t USING (terminal_id)
       WHERE s.terminal_id = $1 FOR UPDATE OF s SKIP LOCKED`,
      [terminalId],
    );
    const row = cursor.rows[0];
    const scanned = Number(row?.scanned ?? 0);
    const head = Number(row?.head ?? 0);
    if (!row || head <= scanned) {
      await client.query('COMMIT');
      return 0;
    }
    const rows = await scan.read(client, terminalId, scanned, head, SCAN_PAGE);
    let queued = 0;
    for (const r of rows) if (await scan.handle(client, terminalId, r)) queued++;
    const scannedTo = rows.length === SCAN_PAGE ? Number(rows.at(-1)!.seq) : head;
    await client.query(`UPDATE ${scan.table} SET scanned_seq = $2 WHERE terminal_id = $1`, [terminalId, scannedTo]);
    await client.query('COMMIT');
    return queued;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Runs `round` (a scan, then a delivery) every `pollMs` until `signal` aborts; an abort also cuts
 * the wait short. Never rejects: a failed round is handed to `onError` and tried again next time.
 */
export async function runWorkerLoop(
  signal: AbortSignal,
  pollMs: number,
  round: () => Promise<void>,
  onError: (e: unknown) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await round();
    } catch (e) {
      if (!signal.aborted) onError(e);
    }
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
