// The layer rule from ARCHITECTURE.md is enforced by lint. This test proves the rule bites:
// each forbidden import below must be reported, each allowed one must not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'local/layers' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['core/sales/x.ts', "import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';\nexport const x = SqliteLedgerStore;", /core\/ is pure domain code/],
    ['core/sales/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no Node APIs/],
    ['core/sales/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", /better-sqlite3 is imported only in db/],
    ['hardware/printer/x.ts', "import { migrate } from '../../db/migrate.ts';\nexport const x = migrate;", /hardware\/ may import only core/],
    ['db/x.ts', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;", /Device packages are imported only in hardware/],
    ['renderer/x.ts', "import { ledgerPath } from '../host/terminal-ledger.ts';\nexport const x = ledgerPath;", /renderer\/ may import only core\/contract/],
    ['renderer/x.ts', "import { canonicalJson } from '../core/ledger/canonical.ts';\nexport const x = canonicalJson;", /renderer\/ may import only core\/contract\. \(imports core\/ledger\)/],
    ['hq/x.ts', "import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';\nexport const x = SqliteLedgerStore;", /hq\/ may import/],
    ['electron/x.ts', "import { Projector } from '../db/projections.ts';\nexport const x = Projector;", /electron\/ is a thin shell/],
    ['hq/x.ts', "import pino from 'pino';\nexport const x = pino;", /One logger/],
  ])('%s: forbidden import is reported', async (file, source, message) => {
    expect((await problems(file, source)).join('\n')).toMatch(message);
  });

  it.each([
    ['db/x.ts', "import { canonicalJson } from '../core/ledger/canonical.ts';\nimport Database from 'better-sqlite3';\nexport const x = [canonicalJson, Database];"],
    ['host/x.ts', "import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';\nimport { nodeLedgerCrypto } from '../platform/node-crypto.ts';\nexport const x = [SqliteLedgerStore, nodeLedgerCrypto];"],
    ['hq/x.ts', "import { ChainVerifier } from '../core/ledger/verify.ts';\nexport const x = ChainVerifier;"],
    ['hq/x.ts', "import { planMigrations } from '../core/migrations/migration-plan.ts';\nexport const x = planMigrations;"],
    ['hq/x.ts', "import { backoffDelay } from '../core/sync/backoff.ts';\nexport const x = backoffDelay;"],
    ['electron/x.ts', "import { errorMessage } from '../core/shared/errors.ts';\nexport const x = errorMessage;"],
  ])('%s: allowed import passes', async (file, source) => {
    expect(await problems(file, source)).toEqual([]);
  });
});
