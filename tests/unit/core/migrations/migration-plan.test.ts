// The migration plan shared by the terminal (SQLite) and HQ (PostgreSQL): which files, in which
// order, what is pending, and the refusal of a database newer than the code.
import { describe, expect, it } from 'vitest';
import { MigrationNumberingError, numberedMigrations, planMigrations } from '../../../../core/migrations/migration-plan.ts';

const sqlOf = (file: string) => `-- ${file}`;

describe('numberedMigrations', () => {
  it('takes the NNNN-name.sql files in number order and reads only those', () => {
    const read: string[] = [];
    const files = ['0002-projections.sql', 'README.md', '0001-ledger.sql', 'draft.sql', '0003-master-data.sql', '12-short.sql'];
    const found = numberedMigrations(files, (file) => {
      read.push(file);
      return sqlOf(file);
    });
    expect(found).toEqual([
      { version: 1, name: 'ledger', sql: '-- 0001-ledger.sql' },
      { version: 2, name: 'projections', sql: '-- 0002-projections.sql' },
      { version: 3, name: 'master-data', sql: '-- 0003-master-data.sql' },
    ]);
    expect(read.sort()).toEqual(['0001-ledger.sql', '0002-projections.sql', '0003-master-data.sql']);
  });

  it('refuses a gap, a duplicate number or a first number other than 0001, naming the set', () => {
    const gap = /migrations must be numbered 0001, 0002, \.\.\. without gaps; found 3 at position 2/;
    expect(() => numberedMigrations(['0001-a.sql', '0003-c.sql'], sqlOf)).toThrow(gap);
    expect(() => numberedMigrations(['0001-a.sql', '0001-b.sql'], sqlOf, 'HQ migrations')).toThrow(
      /^HQ migrations must be numbered .*found 1 at position 2/,
    );
    expect(() => numberedMigrations(['0002-b.sql'], sqlOf)).toThrow(MigrationNumberingError);
    expect(numberedMigrations([], sqlOf)).toEqual([]);
  });
});

describe('planMigrations', () => {
  const migrations = numberedMigrations(['0001-a.sql', '0002-b.sql', '0003-c.sql'], sqlOf);

  it('lists what is newer than the database, in order', () => {
    expect(planMigrations(migrations, 0)).toEqual({ ok: true, pending: migrations });
    expect(planMigrations(migrations, 1)).toEqual({ ok: true, pending: migrations.slice(1) });
    expect(planMigrations(migrations, 3)).toEqual({ ok: true, pending: [] });
  });

  it('refuses a database migrated by newer code, saying both versions', () => {
    expect(planMigrations(migrations, 4)).toEqual({ ok: false, applied: 4, latest: 3 });
    expect(planMigrations([], 1)).toEqual({ ok: false, applied: 1, latest: 0 });
  });
});
