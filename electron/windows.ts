import { BrowserWindow, screen, type Display } from 'electron';
import { appEntryUrl, type WindowRole } from './app-protocol.ts';
import { chooseCustomerScreen, type ScreenInfo } from './customer-display.ts';
import type { Logger } from '../host/logger.ts';
import { secureWebPreferences } from './security/rules.ts';
import type { ShellSettings } from './shell-settings.ts';

// The cashier's window and the customer display. The display opens on a second screen when one
// is attached (and closes when it goes), with the same app on its #display route; it never
// takes focus from the cashier. The role of each window's webContents is what the IPC sender
// check and the event fan-out use.

export interface TillWindowsOptions {
  preload: string;
  settings: ShellSettings;
  devTools: boolean;
  log: Logger;
  /** The cashier closed the main window: the app quits (gracefully). */
  onMainClosed(): void;
}

function screenInfo(d: Display): ScreenInfo {
  return { id: d.id, bounds: d.bounds, internal: d.internal };
}

export class TillWindows {
  private readonly options: TillWindowsOptions;
  private main: BrowserWindow | null = null;
  private display: BrowserWindow | null = null;
  private readonly roles = new Map<number, WindowRole>();

  constructor(options: TillWindowsOptions) {
    this.options = options;
  }

  /** webContents id -> role, for checkIpcSender. */
  trusted(): ReadonlyMap<number, WindowRole> {
    return this.roles;
  }

  openMain(): void {
    const { settings, preload, devTools } = this.options;
    const win = new BrowserWindow({
      width: 1280,
      height: 800,
      show: false,
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      title: 'Tillproof',
      kiosk: settings.windowMode === 'kiosk',
      fullscreen: settings.windowMode !== 'window',
      webPreferences: secureWebPreferences(preload, { devTools }),
    });
    this.track(win, 'main');
    win.once('ready-to-show', () => {
      if (settings.windowMode === 'window') win.maximize();
      win.show();
    });
    win.on('closed', () => {
      this.main = null;
      this.display?.close();
      this.options.onMainClosed();
    });
    void win.loadURL(appEntryUrl('main'));
    this.main = win;
    this.placeCustomerDisplay();
    screen.on('display-added', () => this.placeCustomerDisplay());
    screen.on('display-removed', () => this.placeCustomerDisplay());
    screen.on('display-metrics-changed', () => this.placeCustomerDisplay());
  }

  /** Brings the cashier's window forward (a second start of the app lands here). */
  focusMain(): void {
    if (!this.main) return;
    if (this.main.isMinimized()) this.main.restore();
    this.main.focus();
  }

  private track(win: BrowserWindow, role: WindowRole): void {
    const id = win.webContents.id;
    this.roles.set(id, role);
    win.on('closed', () => this.roles.delete(id));
  }

  private placeCustomerDisplay(): void {
    if (!this.main) return;
    const cashier = screen.getDisplayMatching(this.main.getBounds());
    const target = chooseCustomerScreen(screen.getAllDisplays().map(screenInfo), cashier.id, this.options.settings.customerDisplay);
    if (!target) {
      this.display?.close();
      return;
    }
    if (this.display) {
      this.display.setBounds(target.bounds);
      return;
    }
    const win = new BrowserWindow({
      ...target.bounds,
      show: false,
      frame: false,
      fullscreen: true,
      focusable: false,
      skipTaskbar: true,
      backgroundColor: '#000000',
      title: 'Tillproof customer display',
      webPreferences: secureWebPreferences(this.options.preload, { devTools: this.options.devTools }),
    });
    this.track(win, 'display');
    win.once('ready-to-show', () => win.showInactive());
    win.on('closed', () => {
      this.display = null;
    });
    void win.loadURL(appEntryUrl('display'));
    this.display = win;
    this.options.log.info('customer display opened', { screen: target.id });
  }

  /** Sends to every window of ours whose role `accepts`. */
  broadcast(channel: string, accepts: (role: WindowRole) => boolean, ...args: unknown[]): void {
    for (const win of [this.main, this.display]) {
      if (!win || win.isDestroyed()) continue;
      const role = this.roles.get(win.webContents.id);
      if (role && accepts(role)) win.webContents.send(channel, ...args);
    }
  }

  closeAll(): void {
    this.display?.destroy();
    this.main?.destroy();
  }
}
