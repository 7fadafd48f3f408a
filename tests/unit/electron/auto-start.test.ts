import { describe, expect, it } from 'vitest';
import { autoStartPlan, desktopExecQuote } from '../../../electron/auto-start.ts';

describe('auto-start at login', () => {
  const facts = { executable: '/opt/Tillproof/tillproof', homeDir: '/home/cashier', xdgConfigHome: undefined };

  it('uses login items on Windows and macOS', () => {
    expect(autoStartPlan(true, { ...facts, platform: 'win32', executable: 'C:\\Program Files\\Tillproof\\Tillproof.exe' })).toEqual({
      kind: 'login-item',
      settings: { openAtLogin: true, path: 'C:\\Program Files\\Tillproof\\Tillproof.exe', args: [] },
    });
    expect(autoStartPlan(false, { ...facts, platform: 'darwin' })).toEqual({ kind: 'login-item', settings: { openAtLogin: false } });
  });

  it('writes (or removes) an XDG autostart entry on Linux', () => {
    const on = autoStartPlan(true, { ...facts, platform: 'linux' });
    expect(on).toMatchObject({ kind: 'xdg-autostart', file: '/home/cashier/.config/autostart/tillproof.desktop' });
    expect(on.kind === 'xdg-autostart' && on.content).toContain('Exec="/opt/Tillproof/tillproof"\n');
    expect(autoStartPlan(false, { ...facts, platform: 'linux', xdgConfigHome: '/cfg/' })).toEqual({
      kind: 'xdg-autostart',
      file: '/cfg/autostart/tillproof.desktop',
      content: null,
    });
  });

  it('quotes the executable as the desktop entry spec asks', () => {
    expect(desktopExecQuote('/home/a b/Tillproof.AppImage')).toBe('"/home/a b/Tillproof.AppImage"');
    expect(desktopExecQuote('/x/"$(rm -rf ~)`\\')).toBe('"/x/\\"\\$(rm -rf ~)\\`\\\\"');
  });
});
