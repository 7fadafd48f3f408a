import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { autoStartPlan, desktopExecQuote } from '../../../electron/auto-start.ts';
import { chooseCustomerScreen, type ScreenInfo } from '../../../electron/customer-display.ts';
import { openLogger } from '../../../host/logger.ts';
import { isRetryableStartError, hostToMainSchema, mainToHostSchema } from '../../../electron/host-protocol.ts';
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

describe('customer display screen', () => {
  const screen = (id: number, internal = false, width = 1920): ScreenInfo => ({
    id,
    internal,
    bounds: { x: id * 2000, y: 0, width, height: 1080 },
  });

  it("is another screen than the cashier's, external first, stable by id", () => {
    expect(chooseCustomerScreen([screen(1)], 1, 'auto')).toBeNull();
    expect(chooseCustomerScreen([screen(1), screen(2)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(5, true), screen(1), screen(3), screen(2)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(1), screen(2, true)], 1, 'auto')?.id).toBe(2);
    expect(chooseCustomerScreen([screen(1), screen(2, false, 0)], 1, 'auto')).toBeNull();
    expect(chooseCustomerScreen([screen(1), screen(2)], 1, 'off')).toBeNull();
  });
});

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

describe('host control messages', () => {
  it('restarts only what a restart can fix', () => {
    for (const code of [
      'config.invalid',
      'config.missing',
      'ledger.missing',
      'ledger.corrupt',
      'ledger.schema-newer',
      'key.permissions',
      'devices.invalid-config',
    ])
      expect(isRetryableStartError(code)).toBe(false);
    for (const code of ['ledger.busy', 'ledger.disk-full', 'ledger.io', 'host.start-failed'])
      expect(isRetryableStartError(code)).toBe(true);
  });

  it('parses both directions strictly', () => {
    expect(mainToHostSchema.safeParse({ type: 'start', dataDir: '/d', configPath: null, demo: true }).success).toBe(true);
    expect(mainToHostSchema.safeParse({ type: 'start', dataDir: '/d', configPath: null, demo: true, extra: 1 }).success).toBe(false);
    expect(mainToHostSchema.safeParse({ type: 'eval', code: '1' }).success).toBe(false);
    expect(hostToMainSchema.safeParse({ type: 'ready', terminalId: 'T', ledgerPath: '/d/ledger.sqlite' }).success).toBe(true);
    expect(hostToMainSchema.safeParse({ type: 'frame', text: 1 }).success).toBe(false);
  });
});

describe('shell log', () => {
  it('writes JSON lines and rotates at the size limit, keeping a few files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tp-log-')), 'logs');
    const log = await openLogger({
      file: { dir, name: 'main', maxBytes: 200, keep: 2 },
      console: false,
      env: {},
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    for (let i = 0; i < 20; i++) {
      log.info('host status', { state: 'running', i });
      // Rotation happens between writes, as it does between a running app's log lines.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(readdirSync(dir)).toHaveLength(3));
    await log.close();
    // main.<n>.log, the highest n being the current file (pino-roll's naming).
    const generation = (file: string) => Number(/^main\.(\d+)\.log$/.exec(file)?.[1]);
    const files = readdirSync(dir).sort((a, b) => generation(a) - generation(b));
    expect(files.map((f) => f.replace(/\.\d+\./, '.N.'))).toEqual(['main.N.log', 'main.N.log', 'main.N.log']);
    const last = files
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'))
      .filter(Boolean)
      .at(-1)!;
    expect(JSON.parse(last)).toEqual({ at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'host status', state: 'running', i: 19 });
  });
});
