// Enrolling a terminal: HQ prints a one-time code (tillproof hq enroll), the terminal presents it (tillproof hq join).
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createEnrollmentCode } from '../../hq/enrollment.ts';
import { hqUrlProblem } from '../../platform/hq-url.ts';
import { loadTerminalKey, terminalKeyPath } from '../../platform/terminal-key.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../../db/errors.ts';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../../host/config.ts';
import { ledgerPath } from '../../host/terminal-ledger.ts';
import { enrollWithHq } from '../../host/sync-runner.ts';
import { UsageError, EXIT, type CommandIo } from '../io.ts';
import { common, positive, required, withDatabase } from './options.ts';

export async function enroll(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, store: { type: 'string' }, terminal: { type: 'string' }, hours: { type: 'string' } },
    strict: true,
  });
  const storeId = required(values.store, 'store');
  const terminalId = required(values.terminal, 'terminal');
  return withDatabase(values.config, async (db, config) => {
    const { code, expiresAt } = await createEnrollmentCode(db.pool, {
      storeId,
      terminalId,
      validHours: positive(values.hours, 'hours', config.enrollmentCodeHours),
    });
    io.out(code);
    io.err(
      `one-time enrollment code for terminal ${terminalId} of store ${storeId}, valid until ${expiresAt}; on the terminal: tillproof hq join --url <HQ URL> --code ${code} --data-dir <DIR>`,
    );
    return EXIT.ok;
  });
}

export async function join(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, url: { type: 'string' }, code: { type: 'string' }, 'data-dir': { type: 'string' }, ca: { type: 'string' } },
    strict: true,
  });
  const dataDir = resolve(required(values['data-dir'], 'data-dir'));
  const hqUrl = required(values.url, 'url');
  // The one-time code travels in this request: the same rule as the running terminal's --hq.
  const urlProblem = hqUrlProblem(hqUrl);
  if (urlProblem) throw new UsageError(`--url: ${urlProblem}`);
  const file = values.config ?? process.env.TILLPROOF_CONFIG;
  const config = file ? loadConfigFile(file) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const dbPath = ledgerPath(dataDir);
  if (!existsSync(dbPath)) throw new LedgerStoreError('ledger.missing', `no ledger at ${dbPath}; start the terminal once first`);
  const signer = loadTerminalKey(terminalKeyPath(dataDir));
  const store = SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, signer, { terminalId: config.terminal.terminalId });
  try {
    const enrollment = await enrollWithHq({
      dataDir,
      store,
      signer,
      hqUrl,
      code: required(values.code, 'code'),
      ...(values.ca ? { ca: readFileSync(values.ca, 'utf8') } : {}),
    });
    io.out(
      `terminal ${enrollment.terminalId} enrolled at ${enrollment.hqUrl} for store ${enrollment.storeId} with key ${enrollment.keyId}; HQ holds its ledger up to seq ${enrollment.ackSeq}`,
    );
    return EXIT.ok;
  } finally {
    store.close();
  }
}
