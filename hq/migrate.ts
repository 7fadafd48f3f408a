import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { HqError } from './errors.ts';

// HQ schema migrations, as on the terminal (db/migrate.ts): numbered SQL files applied in
// order, each in its own transaction, recorded; a database migrated by newer code is refused.

export interface HqMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;
/** Serialises migrators (two HQ instances starting together). */
const MIGRATION_LOCK = 0x5450_4851; // 'TPHQ'

export function loadHqMigrations(dir = fileURLToPath(new URL('./migrations/', import.meta.url))): HqMigration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`HQ migrations must be numbered 0001, 0002, ... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/** Applies pending migrations; returns how many ran. */
export async function migrateHq(pool: pg.Pool, migrations: HqMigration[] = loadHqMigrations()): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS hq_schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const applied = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM hq_schema_migrations')).rows[0]!.v);
      const latest = migrations.at(-1)?.version ?? 0;
      if (applied > latest) {
        throw new HqError('db.schema-newer', `this HQ database was migrated by a newer Tillproof (schema ${applied}, this version knows up to ${latest}); upgrade Tillproof, do not downgrade`);
      }
      let count = 0;
      for (const m of migrations) {
        if (m.version <= applied) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO hq_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
        count++;
      }
      return count;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
