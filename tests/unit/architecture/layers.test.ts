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
    // Inside hardware/: drivers never import emulators; protocols import only protocols.
    ['hardware/printer/x.ts', "import { VirtualPrinter } from '../emulators/virtual-printer.ts';\nexport const x = VirtualPrinter;", /drivers .* never import emulators\/\. \(imports hardware\/emulators\)/],
    ['hardware/scanner/x.ts', "import { hidPosReports } from '../emulators/hid-report-feeder.ts';\nexport const x = hidPosReports;", /never import emulators/],
    ['hardware/protocols/escpos/x.ts', "import { ReceiptPrinterDevice } from '../../printer/receipt-printer.ts';\nexport const x = ReceiptPrinterDevice;", /hardware\/protocols\/ is protocol code .* \(imports hardware\/printer\)/],
    ['hardware/protocols/x.ts', "import { VirtualPrinter } from '../emulators/virtual-printer.ts';\nexport const x = VirtualPrinter;", /hardware\/protocols\/ is protocol code .* \(imports hardware\/emulators\)/],
    ['hardware/protocols/star-line/x.ts', "import { TcpTransport } from '../../transports/tcp.ts';\nexport const x = TcpTransport;", /hardware\/protocols\/ is protocol code .* \(imports hardware\/transports\)/],
    ['hardware/protocols/escpos/x.ts', "import { PosDevice } from '../../device.ts';\nexport const x = PosDevice;", /hardware\/protocols\/ is protocol code .* \(imports hardware\/device\.ts\)/],
    ['hardware/emulators/x.ts', "import { ScannerDevice } from '../scanner/scanner-device.ts';\nexport const x = ScannerDevice;", /emulators\/ are virtual devices built on protocols\/: they never import drivers/],
    ['hardware/transports/x.ts', "import { createReplyParser } from '../protocols/escpos/status-replies.ts';\nexport const x = createReplyParser;", /transports\/ only move bytes/],
    ['hardware/create-devices.ts', "import { VirtualPrinter } from './emulators/virtual-printer.ts';\nexport const x = VirtualPrinter;", /shared files in hardware\/ never import emulators/],
  ])('%s: forbidden import is reported', async (file, source, message) => {
    expect((await problems(file, source)).join('\n')).toMatch(message);
  });

  it.each([
    ['db/x.ts', "import { canonicalJson } from '../core/ledger/canonical.ts';\nimport Database from 'better-sqlite3';\nexport const x = [canonicalJson, Database];"],
    ['host/x.ts', "import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';\nimport { nodeLedgerCrypto } from '../platform/node-crypto.ts';\nexport const x = [SqliteLedgerStore, nodeLedgerCrypto];"],
    ['hq/x.ts', "import { ChainVerifier } from '../core/ledger/verify.ts';\nexport const x = ChainVerifier;"],
    ['hardware/printer/x.ts', "import { ReceiptEncoder } from '../protocols/receipt/receipt-encoder.ts';\nimport { SupervisedLink } from '../transports/supervised-link.ts';\nimport { PosDevice } from '../device.ts';\nexport const x = [ReceiptEncoder, SupervisedLink, PosDevice];"],
    ['hardware/emulators/x.ts', "import { EscPosTokenizer } from '../protocols/escpos/tokenizer.ts';\nimport { subscribe } from '../device.ts';\nexport const x = [EscPosTokenizer, subscribe];"],
    ['hardware/protocols/escpos/x.ts', "import { printerCharset } from '../text/layout.ts';\nimport { PAPER_DEFAULTS } from '../../../core/config/devices.ts';\nimport { errorMessage } from '../../error-message.ts';\nexport const x = [printerCharset, PAPER_DEFAULTS, errorMessage];"],
  ])('%s: allowed import passes', async (file, source) => {
    expect(await problems(file, source)).toEqual([]);
  });
});
