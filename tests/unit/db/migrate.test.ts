import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../../db/migrate.ts';

type Schema = Map<string, Set<string>>;

function schemaOf(db: Database.Database): Schema {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(
    tables.map((t) => [t, new Set((db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name))]),
  );
}

const migrations = loadMigrations();

describe('migrations', () => {
  it('are numbered 0001, 0002, ... without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('only add: no table or column of an earlier version ever disappears or is renamed', () => {
    const db = new Database(':memory:');
    let before: Schema = new Map();
    for (const m of migrations) {
      migrate(db, migrations.slice(0, m.version));
      const after = schemaOf(db);
      for (const [table, columns] of before) {
        expect(after.has(table), `migration ${m.version} (${m.name}) removed table ${table}`).toBe(true);
        for (const c of columns) expect(after.get(table)!.has(c), `migration ${m.version} removed ${table}.${c}`).toBe(true);
      }
      before = after;
    }
  });

  it('contain no DROP TABLE, DROP COLUMN or RENAME of ledger tables', () => {
    for (const m of migrations) {
      const sql = m.sql.replace(/--.*$/gm, '');
      expect(sql, `migration ${m.version}`).not.toMatch(/DROP\s+TABLE|DROP\s+COLUMN|RENAME\s+(TO|COLUMN)/i);
      expect(sql, `migration ${m.version}`).not.toMatch(/DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?ledger_entries/i);
    }
  });

  it('are applied once, recorded with their version, and re-running is a no-op', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(migrations.length);
    expect(migrate(db)).toBe(0);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name })),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  });

  it('a failing migration leaves the database at the previous version', () => {
    const db = new Database(':memory:');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_part (x); THIS IS NOT SQL;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'ok_part'").pluck().get()).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  });
});
