// npm run build:electron without the Electron binary, then what Electron would load: the
// bundled preload evaluated the way a sandboxed renderer runs it (only 'electron' can be
// required), every relative import of the compiled JS resolving, and the compiled host process
// serving the contract under plain Node.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { METHOD_NAMES } from '../../../core/contract/index.ts';
import { buildElectron } from '../../../build/build-electron.ts';
import { harness, stopHarnesses } from './host-harness.ts';

const root = join(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'tp-build-'));
const out = join(base, 'app');
// Packages resolve as in the packaged app: node_modules beside the built code.
symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'), 'junction');

beforeAll(async () => {
  await buildElectron(out, () => undefined);
}, 120_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(stopHarnesses);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
}

describe('npm run build:electron', () => {
  it('writes main, host process, preload and the package.json the host reads its version from', () => {
    for (const f of [
      'electron/main.js',
      'electron/host-process.js',
      'electron/preload.cjs',
      'db/migrations/0001-ledger.sql',
      'host/demo/catalog.csv',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { type: string; version: string };
    expect(pkg.type).toBe('module');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('compiles every relative import to a .js file that exists, and nothing imports electron but the shell', () => {
    const files = jsFiles(out);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bfrom\s+["'](\.{1,2}\/[^"']+)["']|import\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
        const spec = (m[1] ?? m[2])!;
        expect(spec, `${file}: ${spec}`).toMatch(/\.js$/);
        expect(existsSync(resolve(dirname(file), spec)), `${file}: ${spec}`).toBe(true);
      }
      if (/from ["']electron["']/.test(text)) expect(file).toContain(join(out, 'electron'));
    }
    expect(readFileSync(join(out, 'electron', 'host-process.js'), 'utf8')).not.toMatch(/from ["']electron["']/);
    const check = spawnSync(process.execPath, ['--check', join(out, 'electron', 'main.js')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
  });

  it('bundles a preload that requires nothing but electron and exposes the contract and the shell bridge', async () => {
    const source = readFileSync(join(out, 'electron', 'preload.cjs'), 'utf8');
    expect([...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(source).not.toMatch(/\bzod\b/);
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: false, error: { code: 'sale.none-open', messageKey: 'error.sale.none-open', message: 'no sale' } };
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    // As Electron runs a sandboxed preload: a function of require, process, Buffer, global, ... exports, module.
    const module = { exports: {} };
    const wrapped = runInNewContext(
      `(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {${source}\n})`,
      {},
    ) as (...args: unknown[]) => void;
    wrapped(sandboxRequire, {}, undefined, {}, undefined, undefined, module.exports, module);
    expect([...exposed.keys()]).toEqual(['tillproof', 'tillproofShell']);
    const bridge = exposed.get('tillproof')!;
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    expect(Object.keys(exposed.get('tillproofShell')!).sort()).toEqual(['hostStatus', 'onHostStatus', 'retryHost']);
    const failure = await (bridge['sale.complete'] as (p: unknown) => Promise<unknown>)({}).catch((e: unknown) => e);
    expect(failure).toEqual({ code: 'sale.none-open', messageKey: 'error.sale.none-open', message: 'no sale' });
    expect(invoked).toEqual([['tillproof:call', 'sale.complete', {}]]);
  });

  it('the compiled host process serves the contract under plain Node', async () => {
    const h = harness({ entry: join(out, 'electron', 'host-process.js') });
    h.supervisor.start();
    await h.waitFor('running');
    const state = (await h.call('session.state')) as { terminal: { terminalId: string } };
    expect(state.terminal.terminalId).toBe('DEMO-01');
  });
});
