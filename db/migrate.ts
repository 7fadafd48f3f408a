import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LedgerStoreError } from './errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** Numbered SQL files, in order. A gap or a duplicate number is a programming error. */
export function loadMigrations(dir = fileURLToPath(new URL('./migrations/', import.meta.url))): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001, 0002, ... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/**
 * Applies pending migrations, each in its own transaction, and records them. A database
 * migrated by newer code is refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations(), now: () => string = () => new Date().toISOString()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  const latest = migrations.at(-1)?.version ?? 0;
  if (applied.v > latest) {
    throw new LedgerStoreError('ledger.schema-newer', `this ledger was written by a newer Tillproof (schema ${applied.v}, this version knows up to ${latest}); upgrade Tillproof, do not downgrade`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const m of migrations) {
    if (m.version <= applied.v) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now());
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    count++;
  }
  return count;
}
