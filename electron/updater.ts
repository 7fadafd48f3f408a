import electronUpdater from 'electron-updater';
import type { Logger } from '../host/logger.ts';
import { tryInstallUpdate, type UpdateGateSteps } from './update-gate.ts';
import { errorMessage } from '../core/shared/errors.ts';

// Automatic updates from a self-hosted generic feed (config hq.updatesUrl; none without it).
// electron-updater downloads in the background and honours the feed's stagingPercentage
// (staged rollout, docs/it.md). Installing goes through the update gate: never during a sale
// or while a receipt is owed; it is retried every few minutes until the till is idle.

const { autoUpdater } = electronUpdater;

export interface UpdaterOptions {
  feedUrl: string;
  gate: UpdateGateSteps;
  log: Logger;
  checkEveryMs?: number;
  retryInstallEveryMs?: number;
}

export function startUpdates(options: UpdaterOptions): () => void {
  const { log } = options;
  autoUpdater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.logger = {
    info: (m: unknown) => log.info('updater', { m: String(m) }),
    warn: (m: unknown) => log.warn('updater', { m: String(m) }),
    error: (m: unknown) => log.error('updater', { m: String(m) }),
  };

  let installTimer: ReturnType<typeof setInterval> | null = null;
  let installing = false;
  const attempt = async () => {
    if (installing) return;
    installing = true;
    try {
      const decision = await tryInstallUpdate(options.gate);
      if (!decision.install) log.info('update waits for an idle till', { reason: decision.reason });
    } catch (e) {
      log.error('installing the update failed', { error: errorMessage(e) });
    } finally {
      installing = false;
    }
  };

  autoUpdater.on('error', (e) => log.warn('update check failed', { error: e.message }));
  autoUpdater.on('update-downloaded', (info) => {
    log.info('update downloaded', { version: info.version });
    void attempt();
    installTimer ??= setInterval(() => void attempt(), options.retryInstallEveryMs ?? 2 * 60_000);
  });

  const check = () => {
    autoUpdater.checkForUpdates().catch((e: unknown) => log.warn('update check failed', { error: errorMessage(e) }));
  };
  check();
  const checkTimer = setInterval(check, options.checkEveryMs ?? 4 * 60 * 60_000);
  return () => {
    clearInterval(checkTimer);
    if (installTimer) clearInterval(installTimer);
  };
}

/** Quits and runs the downloaded installer silently, then starts the new version. */
export function quitAndInstall(): void {
  autoUpdater.quitAndInstall(true, true);
}
