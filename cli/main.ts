#!/usr/bin/env node
// The `tillproof` command. Each subcommand lives in its own module; this file routes and maps
// errors to exit codes: 0 ok, 1 the check failed, 2 usage or I/O error.
import { ledgerCommand, LEDGER_USAGE } from './ledger-commands.ts';
import { startCommand } from './start-command.ts';
import { UsageError, EXIT, processIo, type CommandIo } from './io.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { TerminalKeyError } from '../platform/terminal-key.ts';

const USAGE = `tillproof: point-of-sale terminal tools

Commands:
  start [--data-dir DIR]                 set up and start this terminal on its embedded defaults
  ledger verify|export|pubkey|rebuild   check, export and inspect a terminal ledger

${LEDGER_USAGE}`;

export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'ledger':
        return ledgerCommand(rest, io);
      case 'start':
        return startCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
      case undefined:
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tillproof: ${e.message}\nRun "tillproof help" for usage.`);
      return EXIT.usage;
    }
    if (e instanceof LedgerStoreError || e instanceof TerminalKeyError) {
      io.err(`tillproof: ${e.message} [${e.code}]`);
      return EXIT.usage;
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('E')) {
      io.err(`tillproof: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

if (import.meta.main) {
  process.exitCode = await run(process.argv.slice(2));
}
