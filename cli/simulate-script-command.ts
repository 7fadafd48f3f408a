import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_CONFIG, loadConfigFile, parseConfig } from '../host/config.ts';
import { ScriptError, runScript, startSimulatedTill } from '../host/simulate-script.ts';
import { storeYearScript } from '../host/store-year-script.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

/** The script's lines, with the first line's time read ahead: the ledger of a new till starts then. */
async function openScript(path: string): Promise<{ start: string; lines: AsyncIterable<string> }> {
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const ahead: string[] = [];
  let start = '2026-01-05T01:30:00.000Z';
  for (let r = await reader.next(); !r.done; r = await reader.next()) {
    ahead.push(r.value);
    const at = /"at"\s*:\s*"([^"]+)"/.exec(r.value)?.[1];
    if (at && !Number.isNaN(new Date(at).getTime())) {
      start = at;
      break;
    }
  }
  async function* lines(): AsyncIterable<string> {
    yield* ahead;
    for (let r = await reader.next(); !r.done; r = await reader.next()) yield r.value;
  }
  return { start, lines: lines() };
}

export async function simulateScriptCommand(
  args: { script: string; dataDir: string; config: string | undefined; json: boolean },
  io: CommandIo,
): Promise<number> {
  if (!existsSync(args.script)) throw new UsageError(`there is no script ${args.script}`);
  const config = args.config ? loadConfigFile(args.config) : parseConfig(DEMO_CONFIG, 'embedded demo config');
  const { start, lines } = await openScript(args.script);
  const { runtime, clock } = startSimulatedTill({ dataDir: resolve(args.dataDir), config, demo: !args.config, start });
  const started = process.hrtime.bigint();
  try {
    const summary = await runScript(runtime, lines, {
      clock,
      onProgress: args.json ? undefined : (s) => io.err(`${s.calls} calls, ${s.sales} sales (${s.lastAt})`),
    });
    const seconds = Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2));
    const report = { ledger: runtime.store.path, ...summary, seconds };
    if (args.json) io.out(JSON.stringify(report));
    else {
      io.out(
        `Ran ${summary.calls} calls (${summary.expectedFailures} failed as expected): ${summary.sales} sales, ${summary.firstAt} to ${summary.lastAt}, in ${seconds} s`,
      );
      io.out(`Ledger: ${report.ledger}, last seq ${summary.lastSeq}`);
    }
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    io.err(`${args.script}: ${e.message}`);
    return EXIT.failed;
  } finally {
    await runtime.close();
  }
}

/** `--generate store-year --out FILE [--seed S] [--sales N]`: writes a seeded store-year script. */
export async function generateScriptCommand(
  args: { generate?: string | undefined; out?: string | undefined; seed: string; sales?: string | undefined },
  io: CommandIo,
): Promise<number> {
  if (args.generate !== 'store-year') throw new UsageError('--generate takes store-year');
  if (!args.out) throw new UsageError('give the script file to write with --out FILE.jsonl');
  if (!/^\d+$/.test(args.seed)) throw new UsageError('--seed takes a whole number');
  if (args.sales !== undefined && (!/^\d+$/.test(args.sales) || Number(args.sales) < 1))
    throw new UsageError('--sales takes a positive whole number');
  const out = createWriteStream(args.out, { encoding: 'utf8' });
  let lines = 0;
  for (const line of storeYearScript({ seed: Number(args.seed), sales: Number(args.sales ?? 100_000) })) {
    lines++;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  io.out(`Wrote ${lines} lines to ${args.out}`);
  return EXIT.ok;
}
