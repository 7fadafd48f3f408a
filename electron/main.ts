// The desktop shell's main process: lifecycle and wiring only, no business rules.
//   one instance per machine -> security rules -> config -> host process (supervised)
//   -> windows (cashier + customer display) -> IPC relay -> auto-start -> updates
// Quitting waits for the host to close the ledger. A crash or a forced quit loses no committed
// sale: the ledger commits with WAL and synchronous=FULL before a call returns (docs/it.md).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, Menu, safeStorage, session } from 'electron';
import { findConfigFile, loadConfigFile, type TerminalConfig } from '../host/config.ts';
import { openLogger, processLogger, type Logger } from '../host/logger.ts';
import { terminalKeyPath } from '../host/terminal-key-file.ts';
import { autoStartPlan } from './auto-start.ts';
import { HostRelay } from './host-relay.ts';
import { HostSupervisor } from './host-supervisor.ts';
import { mayReceive } from './ipc-calls.ts';
import { IPC } from './ipc-channels.ts';
import { registerShellIpc } from './ipc-main.ts';
import type { SafeStorageLike } from './secret-store.ts';
import { prepareTerminalKey } from './terminal-key-vault.ts';
import type { TerminalKeySource } from './host-protocol.ts';
import { hardenAllWebContents, hardenSession, registerSchemeBeforeReady, serveRenderer } from './security/harden.ts';
import { dataDirFor, parseShellArgs, shellSettings } from './shell-settings.ts';
import { systemTimers } from './timers.ts';
import { activityFromState } from './update-gate.ts';
import { quitAndInstall, startUpdates } from './updater.ts';
import { utilityHostLauncher } from './utility-launcher.ts';
import { TillWindows } from './windows.ts';
import { errorMessage } from '../core/shared/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseShellArgs(process.argv.slice(1));

// One name in dev and packaged builds: it names the user data and log folders (docs/it.md).
app.setName('Tillproof');
// Before 'ready': the app:// scheme and sandboxing for every renderer.
registerSchemeBeforeReady();

function applyAutoStart(enabled: boolean, log: Logger): void {
  const plan = autoStartPlan(enabled, {
    platform: process.platform,
    executable: process.env['APPIMAGE'] ?? process.execPath,
    homeDir: app.getPath('home'),
    xdgConfigHome: process.env['XDG_CONFIG_HOME'],
  });
  try {
    if (plan.kind === 'login-item') app.setLoginItemSettings(plan.settings);
    else if (plan.content !== null) {
      mkdirSync(dirname(plan.file), { recursive: true });
      writeFileSync(plan.file, plan.content, { mode: 0o644 });
    } else rmSync(plan.file, { force: true });
  } catch (e) {
    log.warn('could not set auto-start', { enabled, error: errorMessage(e) });
  }
}

/** The terminal config, or null when there is none or it has mistakes (logged; the host reports them on screen). */
function readShellConfig(log: Logger): { location: ReturnType<typeof findConfigFile>; config: TerminalConfig | null } {
  const location = findConfigFile({ flag: args.config });
  let config: TerminalConfig | null = null;
  if (location) {
    try {
      config = loadConfigFile(location.path);
    } catch (e) {
      log.error('the config file has mistakes', { path: location.path, error: errorMessage(e) });
    }
  }
  return { location, config };
}

/**
 * The terminal's signing key, decrypted before each host start. `createdByHost` is true when the
 * host created the key on this start (it moves into the keychain once the host runs).
 */
function terminalKeyHandover(keyPath: string, log: Logger): { prepare(): Promise<TerminalKeySource>; createdByHost(): boolean } {
  let keyCreatedByHost = false;
  return {
    prepare: async () => {
      const prepared = await prepareTerminalKey({ path: keyPath, safe: safeStorage satisfies SafeStorageLike });
      const context = { path: keyPath, protection: prepared.event, detail: prepared.detail ?? null };
      if (prepared.event === 'plain' || prepared.event === 'refused') log.warn('terminal key not protected by the OS keychain', context);
      else log.info('terminal key', context);
      keyCreatedByHost = prepared.event === 'none';
      return prepared.source;
    },
    createdByHost: () => keyCreatedByHost,
  };
}

/** Shared by the graceful quit and the update install: both stop the host before the app goes. */
interface QuitState {
  quitting: boolean;
  stopped: boolean;
}

/** Updates install only while the till is idle, after the host closed the ledger. */
function startUpdatesWhenIdle(feedUrl: string, relay: HostRelay, supervisor: HostSupervisor, quit: QuitState, log: Logger): void {
  startUpdates({
    feedUrl,
    log,
    gate: {
      probe: async () => {
        const state = await relay.callAsShell('session.state', {});
        return state.ok ? activityFromState(state.result) : null;
      },
      holdCalls: () => relay.pause(),
      releaseCalls: () => relay.resume(),
      whenIdle: () => relay.whenIdle(),
      install: async () => {
        quit.quitting = true;
        await supervisor.stop();
        quit.stopped = true;
        log.info('installing the update; the ledger is closed');
        quitAndInstall();
      },
    },
  });
}

/**
 * The app's lifecycle: a second start focuses the cashier's window, closing every window quits,
 * a crashed window reloads, and quitting waits for the host to close the ledger.
 */
function watchAppLifecycle(windows: TillWindows, supervisor: HostSupervisor, quit: QuitState, log: Logger): void {
  app.on('second-instance', () => windows.focusMain());
  app.on('window-all-closed', () => app.quit());
  app.on('render-process-gone', (_event, contents, details) => {
    log.error('a window crashed', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason !== 'clean-exit' && !quit.quitting) contents.reload();
  });

  // Graceful quit: the host finishes the calls in flight and closes the ledger first.
  app.on('before-quit', (event) => {
    if (quit.stopped) return;
    event.preventDefault();
    if (quit.quitting) return;
    quit.quitting = true;
    void supervisor.stop().finally(() => {
      quit.stopped = true;
      log.info('stopped; the ledger is closed');
      app.quit();
    });
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => app.quit());
}

async function run(): Promise<void> {
  await app.whenReady();
  // The shell's and the host process's logs in the OS log folder; on the console too in development.
  const logs = app.getPath('logs');
  const echo = app.isPackaged ? false : 'pretty';
  const log = await openLogger({ file: { dir: logs, name: 'main' }, console: echo });
  const hostLog = await openLogger({ file: { dir: logs, name: 'host' }, console: echo });
  const devTools = !app.isPackaged || args.devTools;
  log.info('starting', { version: app.getVersion(), packaged: app.isPackaged });

  // The config decides the windows and auto-start here; the host loads it again and reports
  // any mistake to the cashier's screen (a broken config shows as "call IT", not a blank app).
  const { location, config } = readShellConfig(log);
  // Without a config file, development runs the demo store; an installed till waits for IT.
  const demo = !location && (args.demo || !app.isPackaged);
  const settings = shellSettings(config);
  const dataDir = dataDirFor(args, process.env, app.getPath('userData'), demo, join);
  log.info('terminal', { config: location ?? null, demo, dataDir, settings });

  hardenAllWebContents(log);
  hardenSession(session.defaultSession, { devTools }, log);
  serveRenderer(join(app.getAppPath(), 'renderer', 'dist'), log);
  // No menu on an installed till (no reload, no DevTools shortcut) unless started with --devtools.
  if (app.isPackaged && !args.devTools) Menu.setApplicationMenu(null);

  // The terminal's signing key is kept encrypted with the OS keychain; main alone has safeStorage,
  // so it decrypts the key before each host start and hands it over in 'start' (never argv, env
  // or a log). HQ needs no other secret: the terminal signs its requests with this key.
  const key = terminalKeyHandover(terminalKeyPath(dataDir), log);
  const terminalKey = key.prepare;
  const quit: QuitState = { quitting: false, stopped: false };
  const windows = new TillWindows({ preload: join(here, 'preload.cjs'), settings, devTools, log, onMainClosed: () => app.quit() });
  const relay = new HostRelay({
    timers: systemTimers,
    log,
    onEvent: (event, payload) => windows.broadcast(IPC.event, (role) => mayReceive(role, event), event, payload),
  });
  const supervisor = new HostSupervisor({
    launcher: utilityHostLauncher(join(here, 'host-process.js'), (_stream, text) => hostLog.line(text.trimEnd())),
    startMessage: async () => ({ type: 'start', dataDir, configPath: location?.path ?? null, demo, terminalKey: await terminalKey() }),
    relay,
    timers: systemTimers,
    log,
    onStatus: (status) => {
      log.info('host status', { ...status });
      // A key the host just created on first start moves into the keychain now (the host holds it in memory).
      if (status.state === 'running' && key.createdByHost()) void terminalKey();
      windows.broadcast(IPC.hostStatusChanged, () => true, status);
    },
  });
  registerShellIpc(ipcMain, {
    windows: () => windows.trusted(),
    relay,
    hostStatus: () => supervisor.status(),
    retryHost: () => supervisor.retry(),
    log,
  });

  if (app.isPackaged) applyAutoStart(settings.autoStart, log);
  supervisor.start();
  windows.openMain();

  watchAppLifecycle(windows, supervisor, quit, log);

  if (settings.updates && app.isPackaged) startUpdatesWhenIdle(settings.updates.url, relay, supervisor, quit, log);
}

if (!app.requestSingleInstanceLock()) {
  // Another Tillproof runs on this machine (it gets focus): two would share one ledger.
  app.quit();
} else {
  run().catch((e: unknown) => {
    processLogger().error('Tillproof could not start', { error: e });
    app.exit(1);
  });
}
