import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CONFIG, findConfigFile, loadConfigFile, parseConfig, type TerminalConfig } from '../host/config.ts';
import { startTerminal } from '../host/terminal-runtime.ts';
import { startEmbeddedEmulators } from '../host/embedded-devices.ts';
import { serve, type RunningServer } from '../host/server.ts';
import type { Logger } from '../core/ports/logger.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';
import { hqUrlProblem } from '../platform/hq-url.ts';
import { openLogger } from '../platform/logger.ts';
import { openDataFolder } from '../platform/data-folder.ts';
import { pairingForStart, pairingPath, readPairing, rotatePairing, writePairing } from '../host/pairing-file.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIST = join(ROOT, 'renderer', 'dist');

export const SERVE_USAGE = `Usage:
  tillproof serve [--config FILE] [--data-dir DIR] [--port N] [--hq URL]   run the host for browser mode on 127.0.0.1
  tillproof start [--config FILE] [--data-dir DIR] [--port N]   start the desktop app (or browser mode without Electron)

The port and the pairing tokens are remembered in DIR/pairing.json: a restart keeps the same
addresses, so open screens reconnect. --port N changes the port (0: a free one) and remembers it.`;

export const PAIRING_USAGE = `Usage:
  tillproof pairing rotate [--data-dir DIR]   new pairing tokens: every paired screen must pair again (a running host takes them within seconds)`;

const options = { config: { type: 'string' }, 'data-dir': { type: 'string' }, port: { type: 'string' }, hq: { type: 'string' } } as const;

function configFrom(path: string | undefined) {
  // --config, then TILLPROOF_CONFIG, then the machine-wide file; else the embedded demo.
  const file = findConfigFile({ flag: path })?.path;
  return file ? { config: loadConfigFile(file), demo: false } : { config: parseConfig(DEMO_CONFIG, 'embedded demo config'), demo: true };
}

function portFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port takes a port number, not "${value}"`);
  return Number(value);
}

interface HostStart {
  config: TerminalConfig;
  demo: boolean;
  dataDir: string;
  /** From --port; else the remembered port. */
  port: number | undefined;
  hqUrl: string | undefined;
}

/**
 * Starts the emulators (no device configured: the embedded default prints on the virtual ESC/POS
 * printer), the logger, the terminal and the server. When one fails to start, what already runs
 * is stopped, so the command ends with its message instead of hanging on an open port.
 */
async function startHost(start: HostStart) {
  const { config, demo, dataDir, port, hqUrl } = start;
  const stops: Array<() => Promise<void>> = [];
  // Created owner-only on a first start; one that others can read stops here, naming the fix.
  openDataFolder(dataDir);
  try {
    const emulators = await startEmbeddedEmulators(config, dataDir);
    if (emulators) stops.push(() => emulators.close());
    // The host's diagnostics: JSON lines in <data dir>/logs/, readable lines on stderr.
    const log = await openLogger({ file: { dir: join(dataDir, 'logs'), name: 'host' } });
    stops.push(() => log.close());
    const runtime = startTerminal({ dataDir, config: emulators?.config ?? config, demo, log, ...(hqUrl ? { hqUrl } : {}) });
    stops.push(() => runtime.close());
    const pairing = pairingForStart(dataDir, port);
    const server = await serve({
      runtime,
      port: pairing.port,
      token: pairing.token,
      displayToken: pairing.displayToken,
      staticDir: RENDERER_DIST,
      log,
    });
    stops.push(() => server.close());
    // Remembered before any address is printed, so the screens opened now find the till after a restart.
    const remembered = { ...pairing, port: server.port };
    const before = readPairing(dataDir);
    if (!before || before.port !== remembered.port || before.token !== remembered.token || before.displayToken !== remembered.displayToken)
      writePairing(dataDir, remembered);
    return { emulators, log, runtime, server };
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw e;
  }
}

/** Runs the host on 127.0.0.1 until SIGINT/SIGTERM; prints the pairing URL. */
export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true });
  // Every mistake on the command line or in the config is refused before anything starts listening.
  if (values.hq && hqUrlProblem(values.hq) !== null) {
    throw new UsageError('--hq must be https://, or plain http:// on loopback for development');
  }
  const port = portFrom(values.port);
  const { config, demo } = configFrom(values.config);
  const dataDir = resolve(values['data-dir'] ?? '.tillproof');
  const { emulators, log, runtime, server } = await startHost({ config, demo, dataDir, port, hqUrl: values.hq });
  io.out(`Tillproof ${config.terminal.terminalId} (${config.store.name}) serving on ${server.url}`);
  io.out(`Ledger: ${runtime.store.path}`);
  if (emulators) {
    io.out(
      `No devices configured: emulated receipt printer and drawer on 127.0.0.1:${emulators.printerPort}; receipts are rendered to ${emulators.receiptsDir}`,
    );
    io.out(
      `  (training: send "token <the token in ${emulators.controlTokenFile}>", then "paper-out", "cover-open", "paper-ok" or "close-drawer" to 127.0.0.1:${emulators.controlPort})`,
    );
    io.out(
      `  and an emulated scale: send the same token, then "weight 1250" (grams), "motion" or "stable" to 127.0.0.1:${emulators.scaleControlPort}`,
    );
  }
  if (demo) {
    io.out('Demo staff: cashier S001 PIN 1111, supervisor S002 PIN 2222, manager S003 PIN 3333, admin S004 PIN 9999.');
    io.out('Demo members M0001 and M0002: their cards and app codes are in the README ("The demo store").');
  }
  if (!existsSync(RENDERER_DIST)) io.out('The screens are not built yet: run "npm run build:renderer" for the UI (the API is up).');
  io.out(`Open this address to pair a browser with this till (it carries the pairing token):`);
  io.out(`  ${server.pairingUrl}`);
  io.out(`Customer display (a second screen; it can only show the sale):`);
  io.out(`  ${server.displayUrl}`);
  const stopWatching = followRotation(dataDir, server, log, io);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopWatching();
  await server.close();
  await runtime.close();
  await emulators?.close();
  await log.close();
  io.out('Tillproof host stopped; the ledger is closed.');
  return EXIT.ok;
}

/**
 * Tokens rotated while the host runs (`tillproof pairing rotate`) take effect within about a
 * second: every open screen is told to pair again and the new addresses are printed. An
 * unreadable file keeps the tokens in use (and is refused at the next start, naming it).
 */
function followRotation(dataDir: string, server: RunningServer, log: Pick<Logger, 'info' | 'error'>, io: CommandIo): () => void {
  const path = pairingPath(dataDir);
  const check = () => {
    let next;
    try {
      next = readPairing(dataDir);
    } catch (e) {
      log.error('pairing file unreadable; the tokens in use are kept', { error: errorMessage(e) });
      return;
    }
    if (!next || next.token === server.token) return;
    server.repair(next);
    // Never the tokens themselves in the log: only that they changed.
    log.info('pairing tokens rotated; screens paired before must pair again');
    io.out('The pairing tokens were rotated: screens paired before must pair again. The new addresses:');
    io.out(`  ${server.pairingUrl}`);
    io.out(`  ${server.displayUrl}`);
  };
  watchFile(path, { interval: 1000, persistent: false }, check);
  return () => unwatchFile(path, check);
}

/** `tillproof pairing rotate`: new tokens in the data folder; the host uses them from its next start. */
export function pairingCommand(args: string[], io: CommandIo): number {
  const [action, ...rest] = args;
  if (action !== 'rotate') throw new UsageError(action ? `unknown pairing action "${action}"` : 'say what to do: rotate');
  const { values } = parseArgs({ args: rest, options: { 'data-dir': { type: 'string' } }, strict: true });
  const dataDir = resolve(values['data-dir'] ?? '.tillproof');
  openDataFolder(dataDir);
  const pairing = rotatePairing(dataDir);
  io.out(`New pairing tokens written to ${join(dataDir, 'pairing.json')}.`);
  io.out('A running host takes them within a few seconds (else at its next start): every screen paired before then');
  io.out(`shows "Pair again"; open the new addresses the host prints${pairing.port ? ` (still on port ${pairing.port})` : ''}.`);
  return EXIT.ok;
}

/** The Electron binary, when the electron package and its runtime are installed. */
export function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Where a failed download of the Electron runtime is remembered, in the user's own cache folder. */
export function electronFetchMarker(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tillproof', 'electron-fetch-failed');
}

/** A download is tried once per Electron version: a till without access to the download server does not wait for it on every start. */
export function shouldFetchElectron(marker: string, version: string): boolean {
  try {
    return readFileSync(marker, 'utf8').trim() !== version;
  } catch {
    return true;
  }
}

export function rememberElectronFetchFailed(marker: string, version: string): void {
  try {
    mkdirSync(dirname(marker), { recursive: true, mode: 0o700 });
    writeFileSync(marker, `${version}\n`, { mode: 0o600 });
  } catch {
    // Not remembered: the next start tries again, as before.
  }
}

/** Electron 42+ fetches its runtime on first use, not at install: try that once per version, quietly. */
async function fetchElectronRuntime(io: CommandIo): Promise<string | null> {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const install = join(pkgDir, 'install.js');
    if (!existsSync(install)) return null;
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    const marker = electronFetchMarker();
    if (!shouldFetchElectron(marker, version)) return null;
    io.out('Fetching the Electron runtime (first start only)...');
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [install], { stdio: 'ignore', timeout: 180_000 });
    const binary = r.status === 0 ? electronBinary() : null;
    if (!binary) rememberElectronFetchFailed(marker, version);
    return binary;
  } catch {
    return null;
  }
}

export async function startCommand(args: string[], io: CommandIo): Promise<number> {
  const binary = electronBinary() ?? (process.env.TILLPROOF_NO_ELECTRON ? null : await fetchElectronRuntime(io));
  if (binary) {
    const { spawn, spawnSync } = await import('node:child_process');
    // Electron runs the compiled shell named by package.json "main".
    if (!existsSync(join(ROOT, 'dist', 'app', 'electron', 'main.js')))
      spawnSync('npm', ['run', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
    if (!existsSync(RENDERER_DIST)) spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
    const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit' });
    return await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 0)));
  }
  io.out('The Electron runtime is not installed and could not be downloaded here (no access to its download server).');
  io.out('Starting browser mode instead: open the address below in a browser on this machine.');
  return serveCommand(args, io);
}
