// Builds a terminal's devices from its `devices` config and runs them as one set. The host
// starts the set, hands the printers and drawer to the selling code, forwards scans to
// `sale.scan` and status, alarms and rejections to the UI. Nothing here throws at the host
// once built: a device that cannot start reports offline and keeps trying.
import type { DeviceStatus } from '../core/contract/views.ts';
import type { ScanConfig } from '../core/catalog/barcode.ts';
import {
  PAPER_DEFAULTS,
  printerIdsOf,
  transportResource,
  type DeviceEncoding,
  type DevicesConfig,
  type DisplayConfig,
  type DrawerConfig,
  type PrinterConfig,
  type ScaleConfig,
  type ScannerConfig,
} from '../core/config/devices.ts';
import type { DrawerAlarm } from '../core/ports/cash-drawer.ts';
import type { ScanEvent, ScanRejection } from '../core/ports/scanner.ts';
import { callListeners, silentLog, subscribe, type DeviceLog, type PosDevice } from './device.ts';
import { errorWithCode } from './error-message.ts';
import { kanjiEncodingForLocale } from './protocols/escpos/cjk.ts';
import { loadLogo } from './printer/logo.ts';
import type { MonoBitmap } from './protocols/escpos/raster.ts';
import { ReceiptPrinterDevice } from './printer/receipt-printer.ts';
import { PrinterDrawerDevice } from './drawer/printer-drawer.ts';
import { SerialDrawerDevice } from './drawer/serial-drawer.ts';
import type { SensedDrawer } from './drawer/sensed-drawer.ts';
import { ScannerDevice } from './scanner/scanner-device.ts';
import { PoleDisplayDevice } from './display/pole-display.ts';
import { ScaleDevice } from './scale/scale-device.ts';
import { createTransport } from './transports/create-transport.ts';
import type { HidOpener } from './transports/hid.ts';

export interface CreateDevicesOptions {
  /** Store locale (config.store.locale): the printer encoding when the printer config names none. */
  locale?: string;
  /** The store's scan rules (config.scan), so scanners refuse what sale.scan would refuse. */
  scanConfig?: ScanConfig;
  /** Where device diagnostics go: the host's logger (default: nowhere). */
  log?: DeviceLog;
  /** Per-scanner HID opener (tests feed recorded reports); default node-hid. */
  hidOpener?: (scannerId: string) => HidOpener | undefined;
  spoolerCommand?: string;
}

export interface TerminalDevices {
  /** The primary receipt printer (flagged `primary`, else the first configured). */
  readonly printer: ReceiptPrinterDevice | null;
  /** Every receipt printer, the primary first: the others are where a failed receipt can go instead. */
  readonly printers: readonly ReceiptPrinterDevice[];
  readonly drawer: SensedDrawer | null;
  readonly scanners: readonly ScannerDevice[];
  readonly display: PoleDisplayDevice | null;
  readonly scale: ScaleDevice | null;
  readonly all: readonly PosDevice[];
  /** Opens, claims and enables every device. Never rejects; failures are logged and shown in status. */
  start(): Promise<void>;
  stop(): Promise<void>;
  statuses(): DeviceStatus[];
  statistics(): Record<string, Readonly<Record<string, number>>>;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onScanRejected(listener: (rejection: ScanRejection) => void): () => void;
  onDrawerChange(listener: (event: { drawerId: string; open: boolean }) => void): () => void;
  onDrawerAlarm(listener: (alarm: DrawerAlarm) => void): () => void;
}

/** The printer's encoding: as configured, else from the store locale (zh-TW Big5, zh-CN GB18030, ja Shift_JIS), else ASCII. */
export function printerEncoding(configured: DeviceEncoding | undefined, locale: string | undefined): DeviceEncoding {
  if (configured) return configured;
  if (!locale) return 'ascii';
  try {
    return kanjiEncodingForLocale(locale);
  } catch {
    return 'ascii';
  }
}

type DeviceParts = Pick<TerminalDevices, 'printers' | 'drawer' | 'scanners' | 'display' | 'scale'>;

export function createDevices(config: DevicesConfig, options: CreateDevicesOptions = {}): TerminalDevices {
  const log = options.log ?? silentLog;
  const printers: ReceiptPrinterDevice[] = [];
  for (const id of printerIdsOf(config)) {
    const device = config[id];
    if (device?.type === 'printer') printers.push(createPrinter(id, device, options, log));
  }
  let drawer: SensedDrawer | null = null;
  let display: PoleDisplayDevice | null = null;
  let scale: ScaleDevice | null = null;
  const scanners: ScannerDevice[] = [];
  for (const [id, device] of Object.entries(config)) {
    if (device.type === 'drawer') drawer = createDrawer(id, device, printers, log);
    else if (device.type === 'scanner') scanners.push(createScanner(id, device, options, log));
    else if (device.type === 'display') display = createDisplay(id, device, log);
    else if (device.type === 'scale') scale = createScale(id, device, log);
  }
  return deviceSet({ printers, drawer, scanners, display, scale }, log);
}

function createPrinter(id: string, device: PrinterConfig, options: CreateDevicesOptions, log: DeviceLog): ReceiptPrinterDevice {
  let logo: MonoBitmap | null = null;
  if (device.logo) {
    try {
      logo = loadLogo(device.logo.file, PAPER_DEFAULTS[device.paper.widthMm].dots);
    } catch (e) {
      log.error(`printer ${id}: logo ${device.logo.file} not printed: ${errorWithCode(e)}`);
    }
  }
  return new ReceiptPrinterDevice({
    id,
    config: device,
    encoding: printerEncoding(device.encoding, options.locale),
    transport: createTransport(device.transport, { ...(options.spoolerCommand ? { spoolerCommand: options.spoolerCommand } : {}) }),
    resource: transportResource(device.transport),
    logo,
    log,
  });
}

function createDrawer(id: string, device: DrawerConfig, printers: readonly ReceiptPrinterDevice[], log: DeviceLog): SensedDrawer {
  if (device.connection.kind !== 'printer') {
    const transport = device.connection.transport;
    return new SerialDrawerDevice({
      id,
      config: device,
      transport: createTransport(transport),
      resource: transportResource(transport),
      log,
    });
  }
  const name = device.connection.printer;
  // The drawer cable is in this printer's DK port: it kicks and reads the sensor through it.
  const through = printers.find((p) => p.id === name);
  if (!through) throw new Error(`drawer ${id}: printer ${name} is not configured`);
  return new PrinterDrawerDevice({ id, config: device, printer: through, log });
}

function createScanner(id: string, device: ScannerConfig, options: CreateDevicesOptions, log: DeviceLog): ScannerDevice {
  const hidOpener = options.hidOpener?.(id);
  return new ScannerDevice({
    id,
    config: device,
    transport: createTransport(device.transport, hidOpener ? { hidOpener } : {}),
    resource: transportResource(device.transport),
    ...(options.scanConfig ? { scanConfig: options.scanConfig } : {}),
    log,
  });
}

function createDisplay(id: string, device: DisplayConfig, log: DeviceLog): PoleDisplayDevice {
  return new PoleDisplayDevice({
    id,
    config: device,
    transport: createTransport(device.transport),
    resource: transportResource(device.transport),
    log,
  });
}

function createScale(id: string, device: ScaleConfig, log: DeviceLog): ScaleDevice {
  return new ScaleDevice({
    id,
    config: device,
    transport: createTransport(device.transport),
    resource: transportResource(device.transport),
    log,
  });
}

/** The devices run as one set: started in order, stopped in reverse, their events joined. */
function deviceSet({ printers, drawer, scanners, display, scale }: DeviceParts, log: DeviceLog): TerminalDevices {
  // Printers start first (a drawer reads its printer's status) and stop last.
  const all: PosDevice[] = [
    ...printers,
    ...(drawer ? [drawer] : []),
    ...scanners,
    ...(display ? [display] : []),
    ...(scale ? [scale] : []),
  ];
  const statusListeners = new Set<(status: DeviceStatus) => void>();
  for (const d of all) d.onStatus((s) => callListeners(statusListeners, s, log, 'device status'));

  const fanOut =
    <T>(attach: (listener: (value: T) => void) => Array<() => void>) =>
    (listener: (value: T) => void): (() => void) => {
      const offs = attach(listener);
      return () => {
        for (const off of offs) off();
      };
    };

  return {
    printer: printers[0] ?? null,
    printers,
    drawer,
    scanners,
    display,
    scale,
    all,
    async start() {
      for (const d of all) {
        try {
          await d.start();
        } catch (e) {
          log.error(`${d.kind} ${d.id} did not start: ${errorWithCode(e)}`);
        }
      }
    },
    async stop() {
      for (const d of [...all].reverse()) {
        try {
          await d.stop();
        } catch (e) {
          log.error(`${d.kind} ${d.id} did not stop cleanly: ${errorWithCode(e)}`);
        }
      }
    },
    statuses: () => all.map((d) => d.status()),
    statistics: () => Object.fromEntries(all.map((d) => [d.id, d.statistics()])),
    onStatus: (listener) => subscribe(statusListeners, listener),
    onScan: fanOut<ScanEvent>((l) => scanners.map((s) => s.onScan(l))),
    onScanRejected: fanOut<ScanRejection>((l) => scanners.map((s) => s.onRejected(l))),
    onDrawerChange: fanOut<{ drawerId: string; open: boolean }>((l) => (drawer ? [drawer.onDrawerChange(l)] : [])),
    onDrawerAlarm: fanOut<DrawerAlarm>((l) => (drawer ? [drawer.onAlarm(l)] : [])),
  };
}
