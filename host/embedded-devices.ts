import { join } from 'node:path';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { devicesConfigSchema } from '../core/config/devices.ts';
import { VirtualPrinter } from '../hardware/emulators/virtual-printer.ts';
import { ScaleEmulator } from '../hardware/emulators/scale-emulator.ts';
import { kanjiEncodingForLocale } from '../hardware/protocols/escpos/cjk.ts';
import { makePrivateFolder, openDataFolder, writePrivateFile } from '../platform/data-folder.ts';

export interface EmbeddedEmulators {
  /** The config with its devices pointed at the emulators. */
  config: TerminalConfig;
  printer: VirtualPrinter;
  receiptsDir: string;
  printerPort: number;
  controlPort: number;
  /** Holds the control token (owner-only): a control connection sends `token <it>` first. */
  controlTokenFile: string;
  /** A Mettler Toledo scale, served on TCP as a serial device server would (issue #15). */
  scale: ScaleEmulator;
  /** The scale's control port (the same token): `weight 1250`, `motion`, `stable`... */
  scaleControlPort: number;
  close(): Promise<void>;
}

/**
 * The embedded default's devices: when a terminal has no device configured, a virtual ESC/POS
 * printer (with a cash drawer and sensor) listens on 127.0.0.1 and the real printer driver
 * talks to it over TCP. Every receipt is rendered to text and PNG in `<data dir>/emulator/`,
 * and the control port takes `paper-out`, `cover-open`, `close-drawer`... for training, from whoever
 * can read the control token in `<data dir>/emulator/control-token` (the till's user only). A
 * virtual Mettler Toledo scale answers on another local port, its platter set on its own control
 * port with the same token.
 */
export async function startEmbeddedEmulators(config: TerminalConfig, dataDir: string): Promise<EmbeddedEmulators | null> {
  if (Object.keys(config.devices).length > 0) return null;
  // The emulator is the first to write in the data folder: it is created owner-only here, or checked.
  openDataFolder(dataDir);
  const emulatorDir = join(dataDir, 'emulator');
  const receiptsDir = join(emulatorDir, 'receipts');
  makePrivateFolder(receiptsDir);
  const printer = new VirtualPrinter({
    outDir: receiptsDir,
    kanjiEncoding: kanjiEncodingForLocale(config.store.locale),
    drawerCloseAfterMs: 4000,
  });
  const printerPort = await printer.listenTcp(0, '127.0.0.1');
  const controlTokenFile = join(emulatorDir, 'control-token');
  writePrivateFile(controlTokenFile, `${printer.controlToken}\n`);
  const controlPort = await printer.listenControl(0, '127.0.0.1');
  const scale = new ScaleEmulator();
  const scalePort = await scale.listenTcp(0, '127.0.0.1');
  const scaleControlPort = await scale.listenControl(0, '127.0.0.1', printer.controlToken);
  const devices = devicesConfigSchema.parse({
    receipt: { type: 'printer', transport: { kind: 'tcp', host: '127.0.0.1', port: printerPort }, paper: { widthMm: 80 } },
    drawer: { type: 'drawer', connection: { kind: 'printer', printer: 'receipt' }, sensor: { polarity: 'high-is-open' } },
    scale: { type: 'scale', transport: { kind: 'tcp', host: '127.0.0.1', port: scalePort } },
  });
  return {
    config: { ...config, devices },
    printer,
    receiptsDir,
    printerPort,
    controlPort,
    controlTokenFile,
    scale,
    scaleControlPort,
    close: async () => {
      await scale.close();
      await printer.close();
    },
  };
}
