// Start at login (config `autoStart.enabled`). Windows and macOS: app.setLoginItemSettings.
// Linux has no login-item API in Electron: an XDG autostart entry in the user's
// ~/.config/autostart does the same for every desktop that follows the spec.

export type AutoStartPlan =
  | { kind: 'login-item'; settings: { openAtLogin: boolean; path?: string; args?: string[] } }
  | { kind: 'xdg-autostart'; file: string; content: string | null };

export interface AutoStartFacts {
  platform: string;
  /** The executable to start: process.execPath, or $APPIMAGE for an AppImage (its execPath is a temporary mount). */
  executable: string;
  homeDir: string;
  xdgConfigHome: string | undefined;
}

/** Quotes a path for the Exec key of a desktop entry (Desktop Entry Specification, "The Exec key"). */
export function desktopExecQuote(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autoStartPlan(enabled: boolean, facts: AutoStartFacts): AutoStartPlan {
  if (facts.platform !== 'linux') {
    return {
      kind: 'login-item',
      settings: facts.platform === 'win32' ? { openAtLogin: enabled, path: facts.executable, args: [] } : { openAtLogin: enabled },
    };
  }
  const dir = `${(facts.xdgConfigHome || `${facts.homeDir}/.config`).replace(/\/+$/, '')}/autostart`;
  const content = enabled
    ? [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Tillproof',
        'Comment=Point of sale',
        `Exec=${desktopExecQuote(facts.executable)}`,
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n')
    : null;
  return { kind: 'xdg-autostart', file: `${dir}/tillproof.desktop`, content };
}
