import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { numberedMigrations, planMigrations, type Migration } from '../core/migrations/migration-plan.ts';
import { HqError } from './errors.ts';

// HQ schema migrations, planned as on the terminal (core/migrations/migration-plan.ts):
// numbered SQL files applied in order, each in its own transaction, recorded; a database
// migrated by newer code is refused. Here: PostgreSQL, and a lock for two HQs starting at once.

export type HqMigration = Migration;

/** Serialises migrators (two HQ instances starting together). */
const MIGRATION_LOCK = 0x5450_4851; // 'TPHQ'

export function loadHqMigrations(dir = fileURLToPath(new URL('./migrations/', import.meta.url))): HqMigration[] {
  return numberedMigrations(readdirSync(dir), (file) => readFileSync(join(dir, file), 'utf8'), 'HQ migrations');
}

/** Applies pending migrations; returns how many ran. */
export async function migrateHq(pool: pg.Pool, migrations: HqMigration[] = loadHqMigrations()): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS hq_schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const applied = Number(
        (await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM hq_schema_migrations')).rows[0]!.v,
      );
      const plan = planMigrations(migrations, applied);
      if (!plan.ok) {
        const versions = `schema ${plan.applied}, this version knows up to ${plan.latest}`;
        throw new HqError(
          'db.schema-newer',
          `this HQ database was migrated by a newer Tillproof (${versions}); upgrade Tillproof, do not downgrade`,
        );
      }
      for (const m of plan.pending) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO hq_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw e;
        }
      }
      return plan.pending.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
