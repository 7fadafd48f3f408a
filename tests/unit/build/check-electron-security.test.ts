// Electronegativity over electron/: the check `npm run check:electron-security` runs. It must
// pass on our sources and must catch a window that turns Node on.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkElectronSecurity, loadJustifications, reviewFindings, scan, type Finding } from '../../../build/check-electron-security.ts';

const electronDir = join(import.meta.dirname, '../../../electron');
const finding = (check: string, file: string): Finding => ({ check, file, line: 1, severity: 'HIGH', confidence: 'FIRM', description: '' });

describe('electronegativity review', () => {
  it('separates justified, unjustified and stale', () => {
    const justifications = {
      excludedChecks: {},
      justified: [
        { check: 'SANDBOX_JS_CHECK', file: 'windows.ts', count: 2, reason: 'r' },
        { check: 'OLD', file: 'gone.ts', count: 1, reason: 'r' },
      ],
    };
    const r = reviewFindings(
      [
        finding('SANDBOX_JS_CHECK', 'windows.ts'),
        finding('SANDBOX_JS_CHECK', 'other.ts'),
        finding('NODE_INTEGRATION_JS_CHECK', 'windows.ts'),
        finding('SANDBOX_JS_CHECK', 'windows.ts'),
        finding('SANDBOX_JS_CHECK', 'windows.ts'),
      ],
      justifications,
    );
    expect(r.unjustified.map((f) => `${f.check}@${f.file}`)).toEqual([
      'SANDBOX_JS_CHECK@other.ts',
      'NODE_INTEGRATION_JS_CHECK@windows.ts',
      'SANDBOX_JS_CHECK@windows.ts',
    ]);
    expect(r.stale.map((s) => s.check)).toEqual(['OLD']);
  });

  it('every justification gives a reason', () => {
    const j = loadJustifications();
    for (const entry of j.justified) expect(entry.reason.length).toBeGreaterThan(40);
    for (const reason of Object.values(j.excludedChecks)) expect(reason.length).toBeGreaterThan(40);
  });

  it('catches an insecure window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-eng-'));
    writeFileSync(
      join(dir, 'bad.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        "const url: string = 'https://example.com';",
        'export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });',
        'void w.loadURL(url);',
        '',
      ].join('\n'),
    );
    const { findings, parseErrors } = await scan(dir, loadJustifications());
    expect(parseErrors).toEqual([]);
    const unjustified = reviewFindings(findings, loadJustifications()).unjustified.map((f) => f.check);
    expect(unjustified).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  });

  it('every window in electron/ takes secureWebPreferences() (the justifications above rely on it)', () => {
    const sources = readdirSync(electronDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    let windows = 0;
    for (const file of sources) {
      const text = readFileSync(join(electronDir, file), 'utf8');
      for (const m of text.matchAll(/new BrowserWindow\(\{/g)) {
        windows++;
        const block = text.slice(m.index, text.indexOf('});', m.index));
        expect(block, file).toMatch(/webPreferences: secureWebPreferences\(/);
      }
      expect(text, file).not.toMatch(/webPreferences: \{/);
    }
    expect(windows).toBe(2);
  });

  it('passes on electron/ with every finding justified and every file parsed', async () => {
    const lines: string[] = [];
    expect(await checkElectronSecurity((l) => lines.push(l))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/UNJUSTIFIED|could not parse|no longer found/);
  });
});
