// electron-builder afterPack hook: before an installer is made, check that the packaged app
// carries the target's N-API prebuild of every native package, unpacked beside app.asar.
// A missing one would show up only on the till ("cannot find module ...node"), so fail here.
// Loaded by electron-builder under Node 24, which runs TypeScript (type stripping).
import { join } from 'node:path';
import { archName, missingPrebuilds, type Platform } from './native-modules.ts';

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string } };
}

export function resourcesDir(context: AfterPackContext): string {
  return context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
    ? join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : join(context.appOutDir, 'resources');
}

export async function afterPack(context: AfterPackContext): Promise<void> {
  const platform = (context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName) as Platform;
  const arch = archName(context.arch);
  if (!arch) throw new Error(`Tillproof ships x64 and arm64 builds only (electron-builder arch ${context.arch})`);
  const unpacked = join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
  const missing = missingPrebuilds(unpacked, platform, arch);
  if (missing.length > 0) {
    throw new Error(
      `native prebuilds missing from ${unpacked} for ${platform}-${arch}: ${missing.join(', ')} (check asarUnpack and files in electron-builder.yml)`,
    );
  }
}

export default afterPack;
