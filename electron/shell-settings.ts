import { parseArgs } from 'node:util';
import type { TerminalConfig } from '../host/config.ts';

// What the desktop shell reads from its command line and from the terminal config.

export interface ShellArgs {
  /** --config FILE: overrides $TILLPROOF_CONFIG and the machine-wide file. */
  config: string | undefined;
  /** --data-dir DIR: overrides $TILLPROOF_DATA_DIR and the per-user default. */
  dataDir: string | undefined;
  /** --demo: run the embedded demo store (its own data directory) when no config file exists. */
  demo: boolean;
  /** --devtools: allow DevTools in a packaged app (support sessions). */
  devTools: boolean;
}

/** Electron's argv carries Chromium switches and, in development, the app path: unknown arguments are ignored. */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' }, devtools: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return {
    config: text(values['config']),
    dataDir: text(values['data-dir']),
    demo: values['demo'] === true,
    devTools: values['devtools'] === true,
  };
}

export interface ShellSettings {
  windowMode: 'window' | 'fullscreen' | 'kiosk';
  customerDisplay: 'auto' | 'off';
  autoStart: boolean;
  /** The generic update feed, or null: no automatic updates. */
  updates: { url: string } | null;
}

/** Defaults when the config is missing or broken: an ordinary window, no auto-start, no updates. */
export function shellSettings(config: TerminalConfig | null): ShellSettings {
  const hq = config?.hq;
  return {
    windowMode: config?.kiosk?.mode ?? 'window',
    customerDisplay: config?.kiosk?.customerDisplay ?? 'auto',
    autoStart: config?.autoStart?.enabled ?? false,
    updates: hq?.updatesUrl && hq.autoUpdate ? { url: hq.updatesUrl } : null,
  };
}

/**
 * Where the ledger and its key live: --data-dir, $TILLPROOF_DATA_DIR, else the user's app data
 * folder. The demo store gets its own folder, so demo sales never mix with a real ledger.
 */
export function dataDirFor(
  args: ShellArgs,
  env: Readonly<Record<string, string | undefined>>,
  userData: string,
  demo: boolean,
  join: (...parts: string[]) => string,
): string {
  return args.dataDir ?? env['TILLPROOF_DATA_DIR'] ?? join(userData, demo ? 'demo-data' : 'data');
}
