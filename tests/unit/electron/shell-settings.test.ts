import { describe, expect, it } from 'vitest';
import { posix } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { dataDirFor, parseShellArgs, shellSettings } from '../../../electron/shell-settings.ts';

describe('shell command line', () => {
  it('reads its options among Chromium switches and the app path', () => {
    expect(
      parseShellArgs([
        '/opt/Tillproof',
        '--no-sandbox-NOT',
        '--config',
        '/etc/t.json',
        '--data-dir=/var/t',
        '--demo',
        '--devtools',
        '--enable-features=X',
      ]),
    ).toEqual({ config: '/etc/t.json', dataDir: '/var/t', demo: true, devTools: true });
    expect(parseShellArgs([])).toEqual({ config: undefined, dataDir: undefined, demo: false, devTools: false });
    expect(parseShellArgs(['--config='])).toMatchObject({ config: undefined });
  });

  it('keeps demo data apart from a real ledger', () => {
    const args = parseShellArgs([]);
    expect(dataDirFor(args, {}, '/home/c/.config/Tillproof', false, posix.join)).toBe('/home/c/.config/Tillproof/data');
    expect(dataDirFor(args, {}, '/home/c/.config/Tillproof', true, posix.join)).toBe('/home/c/.config/Tillproof/demo-data');
    expect(dataDirFor(args, { TILLPROOF_DATA_DIR: '/srv/till' }, '/u', false, posix.join)).toBe('/srv/till');
    expect(dataDirFor(parseShellArgs(['--data-dir', '/x']), { TILLPROOF_DATA_DIR: '/srv/till' }, '/u', false, posix.join)).toBe('/x');
  });
});

describe('shell settings from the config', () => {
  it('defaults to a window, the customer display when present, no auto-start and no updates', () => {
    expect(shellSettings(null)).toEqual({ windowMode: 'window', customerDisplay: 'auto', autoStart: false, updates: null });
    expect(shellSettings(parseConfig(DEMO_CONFIG, 'demo'))).toEqual({
      windowMode: 'window',
      customerDisplay: 'auto',
      autoStart: false,
      updates: null,
    });
  });

  it('reads kiosk, auto-start and the update feed', () => {
    const config = parseConfig(
      {
        ...DEMO_CONFIG,
        kiosk: { mode: 'kiosk' },
        autoStart: { enabled: true },
        hq: { url: 'https://hq.example.com', updatesUrl: 'https://updates.example.com/tp' },
      },
      't',
    );
    expect(shellSettings(config)).toEqual({
      windowMode: 'kiosk',
      customerDisplay: 'auto',
      autoStart: true,
      updates: { url: 'https://updates.example.com/tp' },
    });
    const off = parseConfig(
      { ...DEMO_CONFIG, hq: { url: 'https://hq.example.com', updatesUrl: 'https://updates.example.com/tp', autoUpdate: false } },
      't',
    );
    expect(shellSettings(off).updates).toBeNull();
  });
});
