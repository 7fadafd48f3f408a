// HQ schema migrations on a real PostgreSQL: numbered, recorded, transactional, additive only,
// newer schema refused; ledger entries append-only.
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { loadHqMigrations, migrateHq, type HqMigration } from '../../../hq/migrate.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres({ database: 'on-demand' });
const migrations = loadHqMigrations();

type Schema = Map<string, Set<string>>;

/** Tables (and partitioned tables) with their columns, and functions/triggers by name. */
async function schemaOf(pool: pg.Pool): Promise<Schema> {
  const cols = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const schema: Schema = new Map();
  for (const r of cols.rows) {
    if (!schema.has(r.table_name)) schema.set(r.table_name, new Set());
    schema.get(r.table_name)!.add(r.column_name);
  }
  const routines = await pool.query<{ name: string }>(
    `SELECT routine_name AS name FROM information_schema.routines WHERE routine_schema = 'public'`,
  );
  schema.set('(functions)', new Set(routines.rows.map((r) => r.name)));
  const triggers = await pool.query<{ name: string }>(`SELECT DISTINCT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`);
  schema.set('(triggers)', new Set(triggers.rows.map((r) => r.name)));
  return schema;
}

function removed(before: Schema, after: Schema): string[] {
  const out: string[] = [];
  for (const [table, columns] of before) {
    const now = after.get(table);
    if (!now) out.push(table);
    else for (const c of columns) if (!now.has(c)) out.push(`${table}.${c}`);
  }
  return out;
}

async function applyOneByOne(pool: pg.Pool, list: HqMigration[]): Promise<string[]> {
  const problems: string[] = [];
  let before: Schema = new Map();
  for (const m of list) {
    await migrateHq(pool, list.slice(0, m.version));
    const after = await schemaOf(pool);
    problems.push(...removed(before, after).map((x) => `migration ${m.version} (${m.name}) removed ${x}`));
    before = after;
  }
  return problems;
}

describe('HQ migrations', () => {
  it('are numbered 0001, 0002, ... without gaps', () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('only add: no table, column, function or trigger of an earlier version disappears', async () => {
    const { pool } = await postgres.database(undefined, { migrate: false });
    expect(await applyOneByOne(pool, migrations)).toEqual([]);
  });

  it('the additive check catches a migration that drops or renames (so it guards future ones)', async () => {
    const { pool } = await postgres.database(undefined, { migrate: false });
    const next = migrations.length + 1;
    const bad = [
      ...migrations,
      { version: next, name: 'bad', sql: 'ALTER TABLE hq_incidents RENAME COLUMN message TO text; DROP TABLE hq_request_nonces;' },
    ];
    expect((await applyOneByOne(pool, bad)).sort()).toEqual([
      `migration ${next} (bad) removed hq_incidents.message`,
      `migration ${next} (bad) removed hq_request_nonces`,
    ]);
  });

  it('contain no DROP, RENAME or trigger removal', () => {
    for (const m of migrations) {
      const sql = m.sql.replace(/--.*$/gm, '');
      expect(sql, `migration ${m.version}`).not.toMatch(/\bDROP\s+(TABLE|COLUMN|TRIGGER|FUNCTION|INDEX)\b|\bRENAME\b/i);
    }
  });

  it('are applied once, recorded, and re-running is a no-op', async () => {
    const { pool } = await postgres.database(undefined, { migrate: false });
    expect(await migrateHq(pool)).toBe(migrations.length);
    expect(await migrateHq(pool)).toBe(0);
    const rows = await pool.query('SELECT version, name FROM hq_schema_migrations ORDER BY version');
    expect(rows.rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
  });

  it('a failing migration leaves the database at the previous version', async () => {
    const { pool } = await postgres.database(undefined, { migrate: false });
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_part (x int); THIS IS NOT SQL;' },
    ];
    await expect(migrateHq(pool, broken)).rejects.toThrow();
    expect((await pool.query(`SELECT to_regclass('ok_part') AS t`)).rows[0].t).toBeNull();
    expect((await pool.query('SELECT MAX(version) AS v FROM hq_schema_migrations')).rows[0].v).toBe(migrations.length);
  });

  it('refuses a database migrated by newer code, with a clear message', async () => {
    const { pool } = await postgres.database();
    await pool.query(`INSERT INTO hq_schema_migrations (version, name) VALUES (999, 'from-the-future')`);
    await expect(migrateHq(pool)).rejects.toMatchObject({
      code: 'db.schema-newer',
      message: expect.stringMatching(/schema 999.*upgrade Tillproof, do not downgrade/),
    });
  });

  it('ledger entries are append-only: UPDATE, DELETE and TRUNCATE are refused on the table and its partitions', async () => {
    const { pool } = await postgres.database();
    await pool.query(`SELECT hq_ensure_ledger_partition('2026-11-20')`);
    await pool.query(`SELECT hq_ensure_ledger_partition('2026-11-05')`);
    expect((await pool.query(`SELECT COUNT(*)::int AS n FROM pg_inherits WHERE inhparent = 'ledger_entries'::regclass`)).rows[0].n).toBe(1);
    await pool.query(`INSERT INTO ledger_entries (terminal_id, seq, v, kind, business_day, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id)
      VALUES ('T', 1, 1, 'sale', '2026-11-20', 'a', 'b', NULL, '{}', 'p', 'h', 's', 'k')`);
    for (const sql of [
      `UPDATE ledger_entries SET kind = 'x'`,
      `DELETE FROM ledger_entries`,
      `TRUNCATE ledger_entries`,
      `UPDATE ledger_entries_y2026m11 SET body = '{"total":1}'`,
      `DELETE FROM ledger_entries_y2026m11 WHERE seq = 1`,
      `TRUNCATE ledger_entries_y2026m11`,
    ]) {
      await expect(pool.query(sql), sql).rejects.toThrow(/append-only/);
    }
    expect((await pool.query('SELECT kind, body FROM ledger_entries')).rows).toEqual([{ kind: 'sale', body: '{}' }]);
  });
});
