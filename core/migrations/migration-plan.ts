import { TillproofError } from '../shared/errors.ts';

// Numbered SQL migrations, planned the same way for the terminal's SQLite (db/migrate.ts) and
// HQ's PostgreSQL (hq/migrate.ts): which files are migrations, their order without gaps, what is
// still to apply, and a database migrated by newer code refused rather than guessed at. The
// adapters read the folder and apply each pending migration in its own transaction.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

export class MigrationNumberingError extends TillproofError<'migrations.numbering'> {
  constructor(message: string) {
    super('migrations.numbering', message);
    this.name = 'MigrationNumberingError';
  }
}

/**
 * The migrations among `files` (named `0001-name.sql`), in order; `read` gives a file's SQL. A gap
 * or a duplicate number is a programming error. `label` names the set in that error.
 */
export function numberedMigrations(files: readonly string[], read: (file: string) => string, label = 'migrations'): Migration[] {
  const migrations = files
    .map((file) => ({ file, m: MIGRATION_FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2]!, sql: read(file) }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version === i + 1) return;
    throw new MigrationNumberingError(`${label} must be numbered 0001, 0002, ... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

export type MigrationPlan =
  | { ok: true; pending: Migration[] }
  /** The database was migrated by newer code: `applied` is its version, `latest` the newest this code knows. */
  | { ok: false; applied: number; latest: number };

/** What to apply to a database at version `applied` (0: none yet), in order. */
export function planMigrations(migrations: readonly Migration[], applied: number): MigrationPlan {
  const latest = migrations.at(-1)?.version ?? 0;
  if (applied > latest) return { ok: false, applied, latest };
  return { ok: true, pending: migrations.filter((m) => m.version > applied) };
}
