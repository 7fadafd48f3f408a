// The layer rule from docs/architecture.md is enforced by lint. This test proves the rule bites:
// each forbidden import below must be reported, each allowed one must not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
// The snippets below are linted as files that do not exist, so the type-aware rules (which need
// a file in a tsconfig project) are switched off here; the layer rules need no types.
const eslint = new ESLint({ cwd: root, overrideConfig: { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] } });

/** An import of `name` from `from`, used so it is not an unused import. */
const importing = (name: string, from: string): string => `import { ${name} } from '${from}';\nexport const use${name} = ${name};\n`;

async function problems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'local/layers' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    [
      'core/sales/x.ts',
      "import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';\nexport const x = SqliteLedgerStore;",
      /core\/ is pure domain code/,
    ],
    ['core/sales/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no Node APIs/],
    ['core/sales/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", /better-sqlite3 is imported only in db/],
    [
      'hardware/printer/x.ts',
      "import { migrate } from '../../db/migrate.ts';\nexport const x = migrate;",
      /hardware\/ may import only core/,
    ],
    ['db/x.ts', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;", /Device packages are imported only in hardware/],
    [
      'renderer/x.ts',
      "import { ledgerPath } from '../host/terminal-ledger.ts';\nexport const x = ledgerPath;",
      /renderer\/ may import only core\/contract/,
    ],
    [
      'renderer/x.ts',
      "import { canonicalJson } from '../core/ledger/canonical.ts';\nexport const x = canonicalJson;",
      /renderer\/ may import only core\/contract and core\/shared\. \(imports core\/ledger\) See docs\/architecture\.md/,
    ],
    ['hq/x.ts', "import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';\nexport const x = SqliteLedgerStore;", /hq\/ may import/],
    ['electron/x.ts', "import { Projector } from '../db/projections.ts';\nexport const x = Projector;", /electron\/ is a thin shell/],
    // Inside hardware/: drivers never import emulators, emulators never import drivers, protocols import only protocols.
    [
      'hardware/printer/x.ts',
      importing('VirtualPrinter', '../emulators/virtual-printer.ts'),
      /drivers .* never import emulators\/\. \(imports hardware\/emulators\)/,
    ],
    ['hardware/scanner/x.ts', importing('hidPosReports', '../emulators/hid-report-feeder.ts'), /never import emulators/],
    [
      'hardware/protocols/escpos/x.ts',
      importing('ReceiptPrinterDevice', '../../printer/receipt-printer.ts'),
      /protocols\/ is protocol code .* \(imports hardware\/printer\)/,
    ],
    [
      'hardware/protocols/x.ts',
      importing('VirtualPrinter', '../emulators/virtual-printer.ts'),
      /protocols\/ is protocol code .* \(imports hardware\/emulators\)/,
    ],
    [
      'hardware/protocols/star-line/x.ts',
      importing('TcpTransport', '../../transports/tcp.ts'),
      /protocols\/ is protocol code .* \(imports hardware\/transports\)/,
    ],
    [
      'hardware/protocols/escpos/x.ts',
      importing('PosDevice', '../../device.ts'),
      /protocols\/ is protocol code .* \(imports hardware\/device\.ts\)/,
    ],
    [
      'hardware/emulators/x.ts',
      importing('ScannerDevice', '../scanner/scanner-device.ts'),
      /emulators\/ are virtual devices built on protocols\/: they never import drivers/,
    ],
    ['hardware/transports/x.ts', importing('createReplyParser', '../protocols/escpos/status-replies.ts'), /transports\/ only move bytes/],
    [
      'hardware/create-devices.ts',
      importing('VirtualPrinter', './emulators/virtual-printer.ts'),
      /shared files in hardware\/ never import emulators/,
    ],
    ['hq/x.ts', "import pino from 'pino';\nexport const x = pino;", /One logger/],
    // The HQ console is a web page of its own: HTTP to HQ only, no code from the till or HQ, no Node APIs.
    ['console/x.ts', importing('translate', '../renderer/i18n/i18n.ts'), /console\/ is the HQ web console/],
    ['console/x.ts', importing('CONSOLE_ROUTES', '../hq/console-api.ts'), /console\/ is the HQ web console/],
    ['console/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /no Node APIs/],
    ['hq/x.ts', "import { useState } from 'react';\nexport const x = useState;", /React is imported only in renderer\/ and console\//],
  ])('%s: forbidden import is reported', async (file, source, message) => {
    expect((await problems(file, source)).join('\n')).toMatch(message);
  });

  it.each([
    [
      'db/x.ts',
      "import { canonicalJson } from '../core/ledger/canonical.ts';\nimport Database from 'better-sqlite3';\nexport const x = [canonicalJson, Database];",
    ],
    [
      'host/x.ts',
      "import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';\nimport { nodeLedgerCrypto } from '../platform/node-crypto.ts';\nexport const x = [SqliteLedgerStore, nodeLedgerCrypto];",
    ],
    ['hq/x.ts', "import { ChainVerifier } from '../core/ledger/verify.ts';\nexport const x = ChainVerifier;"],
    ['hq/x.ts', "import type { PinHash } from '../core/auth/pin-hash.ts';\nexport type X = PinHash;"],
    ['renderer/x.ts', "import { displayWidth } from '../core/shared/text-width.ts';\nexport const x = displayWidth;"],
    [
      'hardware/printer/x.ts',
      importing('ReceiptEncoder', '../protocols/receipt/receipt-encoder.ts') +
        importing('SupervisedLink', '../transports/supervised-link.ts'),
    ],
    ['hardware/emulators/x.ts', importing('EscPosTokenizer', '../protocols/escpos/tokenizer.ts') + importing('subscribe', '../device.ts')],
    [
      'hardware/protocols/escpos/x.ts',
      importing('printerCharset', '../text/layout.ts') + importing('PAPER_DEFAULTS', '../../../core/config/devices.ts'),
    ],
    ['hardware/protocols/star-line/x.ts', importing('errorWithCode', '../../error-message.ts')],
    ['hq/x.ts', "import { planMigrations } from '../core/migrations/migration-plan.ts';\nexport const x = planMigrations;"],
    ['hq/x.ts', "import { backoffDelay } from '../core/sync/backoff.ts';\nexport const x = backoffDelay;"],
    ['electron/x.ts', "import { errorMessage } from '../core/shared/errors.ts';\nexport const x = errorMessage;"],
    ['console/x.ts', "import { useState } from 'react';\nexport const x = useState;"],
  ])('%s: allowed import passes', async (file, source) => {
    expect(await problems(file, source)).toEqual([]);
  });
});
