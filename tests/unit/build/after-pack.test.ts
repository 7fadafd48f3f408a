import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterPack, resourcesDir } from '../../../build/after-pack.ts';
import { archName, missingPrebuilds, requiredPrebuilds } from '../../../build/native-modules.ts';

describe('afterPack hook', () => {
  function packagedApp(platform: 'linux' | 'darwin' | 'win32', arch: 'x64' | 'arm64', withPrebuilds: boolean) {
    const appOutDir = mkdtempSync(join(tmpdir(), 'tp-pack-'));
    const context = {
      appOutDir,
      electronPlatformName: platform,
      arch: arch === 'x64' ? 1 : 3,
      packager: { appInfo: { productFilename: 'Tillproof' } },
    };
    const nodeModules = join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
    if (withPrebuilds) {
      for (const l of requiredPrebuilds(platform, arch)) {
        const path = join(nodeModules, l.package, l.path);
        if (path.endsWith('.node')) {
          mkdirSync(join(path, '..'), { recursive: true });
          writeFileSync(path, '');
        } else {
          mkdirSync(path, { recursive: true });
          writeFileSync(join(path, 'binding.node'), '');
        }
      }
    }
    return { context, nodeModules };
  }

  it('passes when the target prebuilds are unpacked', async () => {
    for (const [platform, arch] of [
      ['linux', 'x64'],
      ['linux', 'arm64'],
      ['win32', 'x64'],
      ['darwin', 'arm64'],
    ] as const) {
      const { context } = packagedApp(platform, arch, true);
      await expect(afterPack(context)).resolves.toBeUndefined();
    }
  });

  it('fails the build, naming what is missing, when they are not', async () => {
    const { context, nodeModules } = packagedApp('linux', 'x64', false);
    expect(missingPrebuilds(nodeModules, 'linux', 'x64')).toEqual([
      'better-sqlite3/prebuilds/linux-x64.node',
      '@serialport/bindings-cpp/prebuilds/linux-x64',
      'node-hid/prebuilds/HID_hidraw-linux-x64',
    ]);
    await expect(afterPack(context)).rejects.toThrow(/native prebuilds missing .*better-sqlite3\/prebuilds\/linux-x64\.node/);
    await expect(afterPack({ ...context, arch: 0 })).rejects.toThrow(/x64 and arm64/);
  });

  it("finds the macOS app's resources inside the bundle", () => {
    expect(
      resourcesDir({ appOutDir: '/out', electronPlatformName: 'darwin', arch: 3, packager: { appInfo: { productFilename: 'Tillproof' } } }),
    ).toBe(join('/out', 'Tillproof.app', 'Contents', 'Resources'));
    expect(archName(1)).toBe('x64');
    expect(archName(4)).toBeNull();
  });
});
