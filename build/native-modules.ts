import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The native packages of the host and where each keeps its N-API prebuild for a target. N-API
// binaries load in Electron as in Node, so nothing is rebuilt (npmRebuild: false); the
// packages ship prebuilds for every platform, and electron-builder.yml unpacks them from the
// asar (a .node file cannot be loaded from inside an archive). Used by the config test and by
// the afterPack hook, which checks the packaged app before an installer is made.

export type Platform = 'win32' | 'linux' | 'darwin';
export type Arch = 'x64' | 'arm64';

export interface PrebuildLocation {
  package: string;
  /** Path under node_modules/<package>/ : a .node file, or a folder that must hold one. */
  path: string;
}

export const NATIVE_PACKAGES = ['better-sqlite3', '@serialport/bindings-cpp', 'node-hid'] as const;

export function requiredPrebuilds(platform: Platform, arch: Arch): PrebuildLocation[] {
  const locations: PrebuildLocation[] = [
    { package: 'better-sqlite3', path: `prebuilds/${platform}-${arch}.node` },
    { package: '@serialport/bindings-cpp', path: platform === 'darwin' ? 'prebuilds/darwin-x64+arm64' : `prebuilds/${platform}-${arch}` },
    // node-hid loads the hidraw build on Linux (nodehid.js), libusb's elsewhere.
    { package: 'node-hid', path: platform === 'linux' ? `prebuilds/HID_hidraw-linux-${arch}` : `prebuilds/HID-${platform}-${arch}` },
  ];
  return locations;
}

/** The .node files found at a location under `nodeModules`; empty when missing. */
export function prebuildFiles(nodeModules: string, location: PrebuildLocation): string[] {
  const path = join(nodeModules, location.package, location.path);
  if (!existsSync(path)) return [];
  if (path.endsWith('.node')) return [join('node_modules', location.package, location.path)];
  return readdirSync(path)
    .filter((f) => f.endsWith('.node'))
    .map((f) => join('node_modules', location.package, location.path, f));
}

/** Locations without a .node file for the target, as "package/path". */
export function missingPrebuilds(nodeModules: string, platform: Platform, arch: Arch): string[] {
  return requiredPrebuilds(platform, arch)
    .filter((l) => prebuildFiles(nodeModules, l).length === 0)
    .map((l) => `${l.package}/${l.path}`);
}

/** electron-builder's Arch enum (builder-util): ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
export function archName(arch: number): Arch | null {
  return arch === 1 ? 'x64' : arch === 3 ? 'arm64' : null;
}
