import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { startTerminal } from '../host/terminal-runtime.ts';
import { startEmbeddedEmulators } from '../host/embedded-devices.ts';
import { simulateSales, simulationClock } from '../host/simulate.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';
import { generateScriptCommand, simulateScriptCommand } from './simulate-script-command.ts';

export const SIMULATE_USAGE = `Usage:
  tillproof simulate --data-dir DIR --sales N [--seed S] [--config FILE] [--staff ID --pin PIN] [--json]
  tillproof simulate --script FILE.jsonl --data-dir DIR [--config FILE] [--json]
  tillproof simulate --generate store-year --out FILE.jsonl [--seed S] [--sales N]

Runs N realistic sales through the host's contract (the same path as the screens), printing
receipts on the configured printer. Deterministic for a given seed on a fresh data dir.

With --script, runs a script of contract calls instead (one JSON line each, at a simulated time,
as a named staff member; see docs/loss-prevention.md, "Scripted simulation"). It stops at the
first line that did not go as written, naming the line (exit 1). --generate store-year writes
such a script: a seeded year of the demo till (default 100,000 sales), honest activity only.`;

export async function simulateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      sales: { type: 'string' },
      seed: { type: 'string', default: '1' },
      config: { type: 'string' },
      staff: { type: 'string', default: 'S001' },
      pin: { type: 'string', default: '1111' },
      json: { type: 'boolean' },
      script: { type: 'string' },
      generate: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.generate !== undefined) return generateScriptCommand(values, io);
  if (!values['data-dir']) throw new UsageError('give a data directory with --data-dir DIR');
  if (values.script !== undefined) {
    if (values.sales !== undefined) throw new UsageError('give --script FILE or --sales N, not both');
    return simulateScriptCommand(
      { script: values.script, dataDir: values['data-dir'], config: values.config, json: values.json === true },
      io,
    );
  }
  if (!values.sales || !/^\d+$/.test(values.sales) || Number(values.sales) < 1)
    throw new UsageError('--sales takes a positive whole number');
  if (!/^\d+$/.test(values.seed)) throw new UsageError('--seed takes a whole number');
  const config = values.config ? loadConfigFile(values.config) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const clock = simulationClock('2026-01-05T01:30:00.000Z');
  const dataDir = resolve(values['data-dir']);
  const seed = Number(values.seed);
  let ids = 0;
  // Receipts go to the configured printer; with none configured, to the virtual ESC/POS printer.
  const emulators = await startEmbeddedEmulators(config, dataDir);
  const runtime = startTerminal({
    dataDir,
    config: emulators?.config ?? config,
    demo: !values.config,
    clock,
    newId: () => `sim-${seed}-${(++ids).toString().padStart(8, '0')}`,
  });
  const started = process.hrtime.bigint();
  try {
    const summary = await simulateSales(runtime, {
      sales: Number(values.sales),
      seed,
      staff: { staffId: values.staff, pin: values.pin },
      clock,
      onProgress: values.json ? undefined : (done, total) => io.err(`${done}/${total} sales`),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const report = {
      ledger: runtime.store.path,
      seed,
      ...summary,
      seconds: Number(seconds.toFixed(2)),
      salesPerSecond: Number((summary.sales / seconds).toFixed(1)),
    };
    if (values.json) io.out(JSON.stringify(report));
    else {
      io.out(
        `Simulated ${summary.sales} sales (${summary.items} lines) on ${config.terminal.terminalId} in ${report.seconds} s (${report.salesPerSecond}/s)`,
      );
      io.out(`Ledger: ${report.ledger}, last seq ${summary.lastSeq}`);
      io.out(
        `Total ${summary.gross} (tax ${summary.tax}) ${config.store.currency} minor units; by tender ${JSON.stringify(summary.byTender)}; member sales ${summary.memberSales}`,
      );
      io.out(
        `Receipts ${summary.firstReceipt}..${summary.lastReceipt}: printed ${summary.receiptsPrinted}, electronic ${summary.receiptsElectronic}${emulators ? ` (rendered in ${emulators.receiptsDir})` : ''}`,
      );
    }
    return EXIT.ok;
  } finally {
    await runtime.close();
    await emulators?.close();
  }
}
