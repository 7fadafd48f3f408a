// The entries HQ holds that a serial's history is read from (issue #14): per terminal, in seq
// order, each terminal's `ledger-opened` (its store), the sales and returns whose body names the
// serial, and its post-voids (which name the receipt, not the serial). core/loss/serial-history.ts
// reads the story from them, as it does from the tills' own files.
import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import { STORED_ENTRY_COLUMNS, storedEntry, type StoredRow } from './z-check.ts';

/** Each terminal's entries that may bear on `serial`, in seq order (a superset: the history keeps only what names it). */
export async function serialEntriesAtHq(pool: pg.Pool, serial: string): Promise<LedgerEntry[][]> {
  const r = await pool.query<StoredRow & { terminal_id: string }>(
    `SELECT terminal_id, ${STORED_ENTRY_COLUMNS}
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
    list.push(storedEntry(row.terminal_id, row));
    byTerminal.set(row.terminal_id, list);
  }
  return [...byTerminal.values()];
}
