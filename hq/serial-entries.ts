// The entries HQ holds that a serial's history is read from (issue #14): per terminal, in seq
// order, each terminal's `ledger-opened` (its store), the sales and returns whose body names the
// serial, and its post-voids (which name the receipt, not the serial). core/loss/serial-history.ts
// reads the story from them, as it does from the tills' own files.
import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { JsonValue } from '../core/ledger/canonical.ts';

interface Row {
  terminal_id: string;
  seq: string;
  v: number;
  kind: string;
  business_day: string;
  started_at: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
}

/** Each terminal's entries that may bear on `serial`, in seq order (a superset: the history keeps only what names it). */
export async function serialEntriesAtHq(pool: pg.Pool, serial: string): Promise<LedgerEntry[][]> {
  const r = await pool.query<Row>(
    `SELECT terminal_id, seq, v, kind, to_char(business_day, 'YYYY-MM-DD') AS business_day, started_at, ended_at, operator_id, body,
       prev_hash, hash, signature, key_id
     FROM ledger_entries
     WHERE kind = 'ledger-opened'
        OR (kind IN ('sale', 'return') AND strpos(body, $1) > 0)
        OR (kind = 'void' AND strpos(body, '"post-void"') > 0)
     ORDER BY terminal_id, seq`,
    [JSON.stringify(serial)],
  );
  const byTerminal = new Map<string, LedgerEntry[]>();
  for (const row of r.rows) {
    const list = byTerminal.get(row.terminal_id) ?? [];
    list.push({
      v: row.v,
      terminalId: row.terminal_id,
      seq: Number(row.seq),
      kind: row.kind,
      businessDay: row.business_day,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      operatorId: row.operator_id,
      body: JSON.parse(row.body) as JsonValue,
      prevHash: row.prev_hash,
      hash: row.hash,
      signature: row.signature,
      keyId: row.key_id,
    });
    byTerminal.set(row.terminal_id, list);
  }
  return [...byTerminal.values()];
}
