import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { numberedMigrations, planMigrations, type Migration } from '../core/migrations/migration-plan.ts';
import { LedgerStoreError } from './errors.ts';

export type { Migration } from '../core/migrations/migration-plan.ts';

/** Numbered SQL files, in order. A gap or a duplicate number is a programming error. */
export function loadMigrations(dir = fileURLToPath(new URL('./migrations/', import.meta.url))): Migration[] {
  return numberedMigrations(readdirSync(dir), (file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * Applies pending migrations, each in its own transaction, and records them. A database
 * migrated by newer code is refused rather than guessed at.
 */
export function migrate(
  db: Database.Database,
  migrations: Migration[] = loadMigrations(),
  now: () => string = () => new Date().toISOString(),
): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  const plan = planMigrations(migrations, applied.v);
  if (!plan.ok) {
    const versions = `schema ${plan.applied}, this version knows up to ${plan.latest}`;
    throw new LedgerStoreError(
      'ledger.schema-newer',
      `this ledger was written by a newer Tillproof (${versions}); upgrade Tillproof, do not downgrade`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of plan.pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now());
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return plan.pending.length;
}
