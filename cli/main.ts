#!/usr/bin/env node
// The `tillproof` command. Each subcommand lives in its own module and is loaded only when
// used (a ledger check does not load the device drivers). Exit codes: 0 ok, 1 the check
// failed, 2 usage or I/O error.
import { UsageError, EXIT, processIo, type CommandIo } from './io.ts';
import { nameLedgerWriter } from '../db/ledger-writer-lock.ts';
import { useCompileCache } from '../platform/compile-cache.ts';

const USAGE = `tillproof: point-of-sale terminal tools

Commands:
  start                                  start this terminal (desktop app, or browser mode)
  serve                                  run the host for browser mode on 127.0.0.1
  pairing rotate                         new pairing tokens for browser mode (every screen pairs again)
  ledger verify|export|pubkey|rebuild    check, export and inspect a terminal ledger
  catalog import FILE.csv                import products with progress and per-row errors
  receipt verify                         check a receipt QR code offline
  config check|schema|path               check a terminal config file, print its JSON Schema
  devices list|status|test-print         find and test printers, scanners, drawers, displays
  emulate printer|scanner                run a virtual ESC/POS printer (TCP/serial) or scanner
  report x|z|period|commission           export X/Z reports (text, JSON, CSV, PDF), period roll-ups, commission
  loss scan --db LEDGER.sqlite           loss-prevention cases in ledgers (seed pattern, refunds, staff vs peers, serials)
  loss evaluate                          the rules' recall and false alarms on a generated store-year with fraud
  staff list|add|set-role|reset-pin|disable  staff of a till without HQ (the first administrator too)
  einvoice range add|list                the Taiwan e-invoice number ranges this till issues from
  serial show SERIAL --db FILE           a serialized piece's history and owner of record from ledgers
  simulate                               run realistic sales through the host (demo, training, load)
  hq serve|enroll|import|staff|report    the headquarters service (PostgreSQL); hq join enrolls a terminal

Run "tillproof <command> --help" for a command's options.`;

type Command = (args: string[], io: CommandIo) => number | Promise<number>;

const commands: Record<string, () => Promise<{ run: Command; usage: string }>> = {
  catalog: async () => {
    const m = await import('./catalog-commands.ts');
    return { run: m.catalogCommand, usage: m.CATALOG_USAGE };
  },
  config: async () => {
    const m = await import('./config-commands.ts');
    return { run: m.configCommand, usage: m.CONFIG_USAGE };
  },
  devices: async () => {
    const m = await import('./device-commands.ts');
    return { run: m.devicesCommand, usage: m.DEVICES_USAGE };
  },
  emulate: async () => {
    const m = await import('./device-commands.ts');
    return { run: m.emulateCommand, usage: m.EMULATE_USAGE };
  },
  hq: async () => {
    const m = await import('./hq-commands.ts');
    return { run: m.hqCommand, usage: m.HQ_USAGE };
  },
  ledger: async () => {
    const m = await import('./ledger-commands.ts');
    return { run: m.ledgerCommand, usage: m.LEDGER_USAGE };
  },
  loss: async () => {
    const m = await import('./loss-commands.ts');
    return { run: m.lossCommand, usage: m.LOSS_USAGE };
  },
  receipt: async () => {
    const m = await import('./receipt-commands.ts');
    return { run: m.receiptCommand, usage: m.RECEIPT_USAGE };
  },
  report: async () => {
    const m = await import('./report-commands.ts');
    return { run: m.reportCommand, usage: m.REPORT_USAGE };
  },
  einvoice: async () => {
    const m = await import('./einvoice-commands.ts');
    return { run: m.einvoiceCommand, usage: m.EINVOICE_USAGE };
  },
  staff: async () => {
    const m = await import('./staff-commands.ts');
    return { run: m.staffCommand, usage: m.STAFF_USAGE };
  },
  serial: async () => {
    const m = await import('./serial-commands.ts');
    return { run: m.serialCommand, usage: m.SERIAL_USAGE };
  },
  simulate: async () => {
    const m = await import('./simulate-command.ts');
    return { run: m.simulateCommand, usage: m.SIMULATE_USAGE };
  },
  serve: async () => {
    const m = await import('./serve-command.ts');
    return { run: m.serveCommand, usage: m.SERVE_USAGE };
  },
  start: async () => {
    const m = await import('./serve-command.ts');
    return { run: m.startCommand, usage: m.SERVE_USAGE };
  },
  pairing: async () => {
    const m = await import('./serve-command.ts');
    return { run: async (args, io) => m.pairingCommand(args, io), usage: m.PAIRING_USAGE };
  },
};

function isKnownError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string';
}

export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = commands[command];
  if (!load) {
    io.err(`tillproof: unknown command "${command}"\nRun "tillproof help" for usage.`);
    return EXIT.usage;
  }
  const { run: runCommand, usage } = await load();
  // A ledger this command opens for writing is locked in this name (another writer is told who holds it).
  nameLedgerWriter(`tillproof ${command}${rest[0] && /^[a-z][a-z-]*$/.test(rest[0]) ? ` ${rest[0]}` : ''}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(usage);
    return EXIT.ok;
  }
  try {
    return await runCommand(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tillproof: ${e.message}\n\n${usage}`);
      return EXIT.usage;
    }
    // Ledger, key, config and I/O errors carry a code and a message a person can act on.
    if (isKnownError(e)) {
      io.err(`tillproof: ${e.message}${e.code.includes('.') ? ` [${e.code}]` : ''}`);
      return EXIT.usage;
    }
    throw e;
  }
}

if (import.meta.main) {
  useCompileCache();
  process.exitCode = await run(process.argv.slice(2));
}
