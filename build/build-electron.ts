// npm run build:electron: the desktop shell as plain JavaScript, without the Electron binary.
//   main + host process: tsc (tsconfig.electron.json) rewrites .ts imports to .js and keeps the
//     module graph, so native packages and import.meta.url paths work as under Node;
//   preload: Vite bundles it into one CommonJS file, as a sandboxed preload may require
//     nothing but 'electron';
//   runtime files next to the code (db/migrations/*.sql, host/demo/*) are copied alongside;
//   <out>/package.json: "type": "module" and the version host/terminal-ledger.ts reads.
// Usage: node build/build-electron.ts [--out DIR]   (default dist/app)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT = join(ROOT, 'dist', 'app');
/** The folders the host's module graph reaches; their non-TypeScript files are runtime data. */
const ASSET_FOLDERS = ['core', 'db', 'hardware', 'platform', 'host'];
const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.md']);

function assetsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...assetsUnder(path));
    else if (entry.isFile() && !SOURCE_EXTENSIONS.has(extname(entry.name))) found.push(path);
  }
  return found;
}

export async function buildElectron(out: string = DEFAULT_OUT, say: (line: string) => void = console.log): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.electron.json'), '--outDir', out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  say('main and host process: compiled');

  let copied = 0;
  for (const folder of ASSET_FOLDERS) {
    for (const file of assetsUnder(join(ROOT, folder))) {
      const target = join(out, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
      copied++;
    }
  }
  say(`runtime files: ${copied} copied`);

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ name: `${pkg.name}-app`, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
  );

  const { build } = await import('vite');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      outDir: join(out, 'electron'),
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      target: 'es2023',
      lib: { entry: join(ROOT, 'electron', 'preload.ts'), formats: ['cjs'], fileName: () => 'preload.cjs' },
      rolldownOptions: { external: ['electron'] },
    },
  });
  say('preload: bundled');

  for (const file of ['electron/main.js', 'electron/host-process.js', 'electron/preload.cjs', 'package.json']) {
    if (!existsSync(join(out, file))) throw new Error(`the build did not produce ${file}`);
  }
  say(`built into ${relative(ROOT, out) || out}`);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  await buildElectron(values.out ? resolve(values.out) : DEFAULT_OUT);
}
