import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { openTerminalLedger, ledgerPath, systemClock } from '../host/terminal-ledger.ts';
import { verifyLedgerFile } from '../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { EXIT, type CommandIo } from './io.ts';

/** Embedded defaults for a demo terminal when no config file is given. */
export const DEMO_IDENTITY = { terminalId: 'DEMO-01', storeId: 'DEMO-STORE', timeZone: 'Asia/Taipei', rolloverHour: 4 };

export function startCommand(args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string', default: '.tillproof' } }, strict: true });
  const dataDir = resolve(values['data-dir']);
  const { store, created } = openTerminalLedger(dataDir, DEMO_IDENTITY, systemClock);
  store.close();
  const { result } = verifyLedgerFile(ledgerPath(dataDir), nodeLedgerCrypto);
  io.out(`${created ? 'Created' : 'Opened'} the ledger of terminal ${DEMO_IDENTITY.terminalId} at ${ledgerPath(dataDir)}`);
  io.out(result.ok ? `Ledger verified: ${result.entries} entries, last seq ${result.lastSeq}.` : `Ledger FAILED verification at seq ${result.seq}: ${result.message}`);
  return result.ok ? EXIT.ok : EXIT.failed;
}
