import { randomBytes, randomUUID, createHmac } from 'node:crypto';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { twEInvoiceConfig } from '../core/config/fiscal-config.ts';
import type { CashDrawer } from '../core/ports/cash-drawer.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Hmac } from '../core/ports/crypto.ts';
import type { ReceiptPrinter } from '../core/ports/receipt-printer.ts';
import type { DeviceStatus } from '../core/contract/views.ts';
import type { EventName, EventPayload } from '../core/contract/events.ts';
import { createTerminal, type Handlers, type Terminal } from '../core/terminal/create-terminal.ts';
import { SqliteCatalog, SqliteMemberDirectory, SqliteStaffDirectory, rebuildPendingSearchIndexes } from '../db/master-data.ts';
import type { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { nodeAes128Cbc, nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { SqliteInvoiceNumbers } from '../db/invoice-numbers.ts';
import { MemoryDrawer, MemoryPrinter } from '../hardware/virtual/memory-devices.ts';
import { createDevices, type TerminalDevices } from '../hardware/create-devices.ts';
import { openTerminalLedger, SOFTWARE, systemClock } from './terminal-ledger.ts';
import { terminalReport } from '../core/sync/terminal-report.ts';
import { loadDemoData } from './demo-data.ts';
import { settingsPorts } from './settings-adapters.ts';
import { startSyncRunner, type SyncRunner, type SyncRunnerOptions } from './sync-runner.ts';
import type { FileSigner } from '../platform/terminal-key.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { mergeHqConfig, readHqConfigFile } from './hq-config.ts';
import type { Logger } from '../core/ports/logger.ts';
import { processLogger } from '../platform/logger.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { SaleView } from '../core/contract/views.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { createHardwareScans, withoutCoreHardwareScanEvents } from './hardware-scans.ts';
import { withRefusedScansLogged } from './scan-log.ts';
import { feedCustomerDisplay } from './customer-display-feed.ts';
import { TillIntegrity } from './ledger-integrity.ts';

export type EventListener = (event: EventName, payload: unknown) => void;

export interface TerminalRuntime {
  /** The configuration in effect: the local file with what HQ published (changes live after a sync). */
  readonly config: TerminalConfig;
  readonly handlers: Handlers;
  readonly store: SqliteLedgerStore;
  readonly printer: ReceiptPrinter;
  readonly drawer: CashDrawer;
  readonly hardware: TerminalDevices;
  subscribe(listener: EventListener): () => void;
  /** Stops the devices, then closes the ledger. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  dataDir: string;
  config: TerminalConfig;
  /** Load the demo catalog, staff and members into a newly created ledger. */
  demo?: boolean;
  /** The signing key the desktop app decrypted from the OS keychain; by default the plain key file is read. */
  terminalKey?: { pem: string };
  /** How a new till's key file is made; by default a fresh random key (a simulation derives one). */
  createTerminalKey?: (path: string) => FileSigner;
  printer?: ReceiptPrinter;
  /** Other receipt printers to offer when a receipt fails (tests); by default the configured ones after the primary. */
  alternatePrinters?: readonly ReceiptPrinter[];
  drawer?: CashDrawer;
  clock?: Clock;
  newId?: () => string;
  devices?: () => DeviceStatus[];
  /** Devices built elsewhere (tests); by default they come from config.devices. */
  hardware?: TerminalDevices;
  /** HQ to sync with (overrides config.hq.url; e.g. a loopback HQ in development). */
  hqUrl?: string;
  /** Sync pacing and a private CA for HQ (tests, development). */
  sync?: Pick<SyncRunnerOptions, 'ca' | 'idleIntervalMs' | 'masterDataIntervalMs' | 'backoff' | 'requestTimeoutMs'>;
  /** Where the host's diagnostics go; by default this process's console. */
  log?: Logger;
}

const nodeHmac: Hmac = {
  hmac: (algorithm, key, data) => createHmac(algorithm, key).update(data).digest(),
};

/** The local config with what HQ published applied, and the problem when HQ's part does not validate (then ignored). */
function effectiveConfig(local: TerminalConfig, dataDir: string): { config: TerminalConfig; problem: string | null } {
  try {
    const hq = readHqConfigFile(dataDir);
    return hq ? mergeHqConfig(local, hq) : { config: local, problem: null };
  } catch (e) {
    return { config: local, problem: errorMessage(e) };
  }
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The configuration HQ's part left in effect, and the status-bar notice while HQ's part is being ignored. */
interface HqConfigState {
  current: TerminalConfig;
  status: DeviceStatus | null;
  reconfigure: ((next: TerminalConfig) => void) | null;
}

function configProblemStatus(problem: string): DeviceStatus {
  return { device: 'sync', id: 'hq-config', state: 'error', reason: 'config-problem', detail: problem.slice(0, 300) };
}

/** Demo data for a new ledger, then the search indexes a migration asked for. */
function prepareLedger(store: SqliteLedgerStore, loadDemo: boolean, log: Logger): void {
  if (loadDemo) loadDemoData(store);
  // Search indexes a migration asked for (the pinyin/zhuyin index of an older catalog): built
  // once, before the first search; about 3 s per 100,000 products.
  rebuildPendingSearchIndexes(store.database, (p) => {
    if (p.done !== p.total && p.done % 100_000 !== 0) return;
    log.info(`building search index ${p.index}: ${p.done} of ${p.total} products`, { component: 'catalog' });
  });
}

function createEventHub(): { listeners: Set<EventListener>; emit: Emit } {
  const listeners = new Set<EventListener>();
  const emit: Emit = (event, payload) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // A broken listener (a closed socket) must never break a sale.
      }
    }
  };
  return { listeners, emit };
}

function buildDevices(
  options: RuntimeOptions,
  config: TerminalConfig,
  log: Logger,
): { hardware: TerminalDevices; printer: ReceiptPrinter; alternatePrinters: readonly ReceiptPrinter[]; drawer: CashDrawer } {
  const hardware =
    options.hardware ??
    createDevices(config.devices, { locale: config.store.locale, scanConfig: config.scan, log: log.child({ component: 'devices' }) });
  // With no device configured the embedded default uses memory devices (the emulators are opt-in by config).
  const printer = options.printer ?? hardware.printer ?? new MemoryPrinter();
  const alternatePrinters = options.alternatePrinters ?? (printer === hardware.printer ? hardware.printers.slice(1) : []);
  const drawer = options.drawer ?? hardware.drawer ?? new MemoryDrawer();
  return { hardware, printer, alternatePrinters, drawer };
}

/** A sync changed HQ's tax classes, tiers or roles: switch to them now (the sale in progress keeps its rules). */
function hqConfigApplier(
  options: RuntimeOptions,
  state: HqConfigState,
  context: { config: TerminalConfig; clock: Clock; store: SqliteLedgerStore; configLog: Logger; emit: Emit },
): () => void {
  const { config, clock, store, configLog, emit } = context;
  return () => {
    const next = effectiveConfig(options.config, options.dataDir);
    if (next.problem) {
      configLog.error(next.problem);
      // A notice in the ledger (it reaches HQ) and in the status bar; selling goes on as configured.
      const at = clock.now().toISOString();
      const businessDay = openBusinessDay(clock.now(), config.store, store);
      const body = { device: 'sync:hq-config', code: 'config.invalid', message: next.problem.slice(0, 500) };
      store.write((tx) => tx.append({ kind: 'device-fault', businessDay, startedAt: at, endedAt: at, operatorId: null, body }));
      state.status = configProblemStatus(next.problem);
      emit('device.status', state.status);
      return;
    }
    if (state.status)
      emit('device.status', {
        device: 'sync',
        id: 'hq-config',
        state: 'idle',
        reason: 'config-applied',
        detail: 'configuration from HQ applied',
      });
    state.status = null;
    state.reconfigure?.(next.config);
    state.current = next.config;
  };
}

/**
 * Hardware events become contract events; hardware scans end in the same host methods as the UI's,
 * each with one reported outcome (hardware-scans.ts): items and member cards go to the terminal's scanner entry,
 * the only path on which a member card counts as scanned (the host received the read itself); the customer display follows the sale.
 */
function wireHardware(
  hardware: TerminalDevices,
  terminal: Pick<Terminal, 'handlers' | 'scanFromScanner'>,
  parts: { emit: Emit; listeners: Set<EventListener>; staff: SqliteStaffDirectory; config: () => TerminalConfig; log: Logger },
): (() => void)[] {
  const { emit, listeners, config, log } = parts;
  const display = hardware.display
    ? feedCustomerDisplay(
        hardware.display,
        () => ({ locale: config().store.locale, minorDigits: minorDigitsOf(config().store.currency, { TWD: 0 }) }),
        log.child({ component: 'display' }),
      )
    : null;
  const scans = createHardwareScans({
    handlers: terminal.handlers,
    scanFromScanner: (scan) => terminal.scanFromScanner(scan),
    staff: parts.staff,
    scanConfig: () => config().scan,
    emit,
    log: log.child({ component: 'scanner' }),
    ...(display ? { onRefusedAtPayment: (sale: SaleView) => display.notAdded(sale) } : {}),
  });
  const toDisplay: EventListener = (event, payload) => display?.event(event, payload);
  listeners.add(toDisplay);
  return [
    () => listeners.delete(toDisplay),
    hardware.onStatus((s) => emit('device.status', s)),
    hardware.onDrawerAlarm(({ open, openSeconds }) => emit('drawer.alarm', { open, openSeconds })),
    hardware.onScan((scan) => void scans.scan(scan)),
    hardware.onScanRejected((r) => void scans.rejected(r)),
  ];
}

/** The ledger flows up to HQ in its own loop when an HQ is configured; selling never waits for it. */
function startHqSync(
  options: RuntimeOptions,
  hqUrl: string | undefined,
  context: {
    config: TerminalConfig;
    store: SqliteLedgerStore;
    signer: FileSigner;
    clock: Clock;
    log: Logger;
    emit: Emit;
    onHqConfig: () => void;
    /** The counter devices' states, reported to HQ with each batch. */
    devices: () => DeviceStatus[];
  },
): SyncRunner | null {
  const { config, store, signer, clock, log, emit, onHqConfig, devices } = context;
  return hqUrl
    ? startSyncRunner({
        ...options.sync,
        dataDir: options.dataDir,
        store,
        signer,
        hqUrl,
        timeZone: config.store.timeZone,
        rolloverHour: config.store.rolloverHour,
        clock,
        onStatus: (status) => emit('device.status', status),
        onHqConfig,
        report: () => terminalReport(SOFTWARE, devices()),
        einvoiceRanges: twEInvoiceConfig(config.fiscal) !== null,
        log: log.child({ component: 'sync' }),
      })
    : null;
}

/** The running terminal; close() stops the listeners, sync and devices, then closes the ledger. */
function runtimeHandle(parts: {
  hqConfig: HqConfigState;
  handlers: Handlers;
  store: SqliteLedgerStore;
  printer: ReceiptPrinter;
  drawer: CashDrawer;
  hardware: TerminalDevices;
  listeners: Set<EventListener>;
  unsubscribe: readonly (() => void)[];
  sync: SyncRunner | null;
  integrity: TillIntegrity;
}): TerminalRuntime {
  const { hqConfig, handlers, store, printer, drawer, hardware, listeners, unsubscribe, sync, integrity } = parts;
  return {
    get config() {
      return hqConfig.current;
    },
    handlers,
    store,
    printer,
    drawer,
    hardware,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      for (const u of unsubscribe) u();
      await sync?.stop();
      await hardware.stop();
      // This session's entries are checked now and the checkpoint moves to the head, so the next start walks only what comes after.
      integrity.recheck();
      store.close();
    },
  };
}

/** The configuration to start with: the local file with what HQ published, or the local file alone (and a notice) when HQ's part does not validate. */
function initialConfig(options: RuntimeOptions, log: Logger): { config: TerminalConfig; configLog: Logger; hqConfig: HqConfigState } {
  // What HQ published (tax classes, tiers, roles) overrides the local file.
  const initial = effectiveConfig(options.config, options.dataDir);
  const configLog = log.child({ component: 'config' });
  if (initial.problem) configLog.error(initial.problem);
  const config = initial.config;
  // Shown in the status bar while HQ's configuration is being ignored.
  const hqConfig: HqConfigState = {
    current: config,
    status: initial.problem ? configProblemStatus(initial.problem) : null,
    reconfigure: null,
  };
  return { config, configLog, hqConfig };
}

/** The selling terminal on this till's ledger, master data and devices; its device list adds sync and HQ configuration notices. */
function createSellingTerminal(
  options: RuntimeOptions,
  parts: {
    config: TerminalConfig;
    store: SqliteLedgerStore;
    staff: SqliteStaffDirectory;
    devices: ReturnType<typeof buildDevices>;
    signer: FileSigner;
    clock: Clock;
    emit: Emit;
    log: Logger;
    sync: SyncRunner | null;
    hqConfig: HqConfigState;
    hqUrl: string | undefined;
    integrity: TillIntegrity;
  },
): Terminal {
  const { config, store, devices, sync, hqConfig, hqUrl } = parts;
  const { hardware, printer } = devices;
  const db = store.database;
  return createTerminal({
    config,
    store,
    catalog: new SqliteCatalog(db),
    staff: parts.staff,
    members: new SqliteMemberDirectory(db),
    printer,
    alternatePrinters: devices.alternatePrinters,
    drawer: devices.drawer,
    ...(hardware.scale ? { scale: hardware.scale } : {}),
    signer: parts.signer,
    crypto: { ...nodeLedgerCrypto, ...nodeHmac },
    invoiceNumbers: new SqliteInvoiceNumbers(db),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    aes: nodeAes128Cbc,
    clock: parts.clock,
    newId: options.newId ?? randomUUID,
    // Refused wedge and typed scans reach the log too; hardware scans report their own outcome (hardware-scans.ts).
    emit: withoutCoreHardwareScanEvents(withRefusedScansLogged(parts.emit, parts.log.child({ component: 'scanner' }))),
    devices: () => [
      ...(options.devices ?? (() => hardware.statuses()))(),
      ...(sync ? [sync.status()] : []),
      ...(hqConfig.status ? [hqConfig.status] : []),
    ],
    ...settingsPorts({ db, dataDir: options.dataDir, hqUrl, hardware, printer }),
    integrity: parts.integrity,
  });
}

/** Opens the terminal: ledger, master data, devices and the selling terminal, wired together. */
export function startTerminal(options: RuntimeOptions): TerminalRuntime {
  const log = options.log ?? processLogger();
  const { config, configLog, hqConfig } = initialConfig(options, log);
  const clock = options.clock ?? systemClock;
  const { store, signer, created } = openTerminalLedger(
    options.dataDir,
    {
      terminalId: config.terminal.terminalId,
      storeId: config.store.storeId,
      timeZone: config.store.timeZone,
      rolloverHour: config.store.rolloverHour,
    },
    clock,
    options.terminalKey,
    options.createTerminalKey,
  );
  try {
    prepareLedger(store, created && options.demo === true, log);
    // The till checks its own ledger before it sells on it (a broken one gets the blocking screen).
    const integrity = new TillIntegrity({
      store,
      signer,
      dataDir: options.dataDir,
      terminalId: config.terminal.terminalId,
      clock,
      log: log.child({ component: 'ledger' }),
      timeZone: config.store.timeZone,
      rolloverHour: config.store.rolloverHour,
    });
    const { listeners, emit } = createEventHub();
    const { hardware, printer, alternatePrinters, drawer } = buildDevices(options, config, log);
    const db = store.database;
    const hqUrl = options.hqUrl ?? config.hq?.url;
    const applyHqConfig = hqConfigApplier(options, hqConfig, { config, clock, store, configLog, emit });
    const sync = startHqSync(options, hqUrl, {
      config,
      store,
      signer,
      clock,
      log,
      emit,
      devices: () => (options.devices ?? (() => hardware.statuses()))(),
      onHqConfig: () => {
        applyHqConfig();
        // The HQ configuration file is master data the chain commits: check it as written.
        integrity.recheck();
      },
    });
    const staff = new SqliteStaffDirectory(db);
    const terminal = createSellingTerminal(options, {
      config,
      store,
      staff,
      devices: { hardware, printer, alternatePrinters, drawer },
      signer,
      clock,
      emit,
      log,
      sync,
      hqConfig,
      hqUrl,
      integrity,
    });
    const { handlers } = terminal;
    hqConfig.reconfigure = terminal.reconfigure;
    const unsubscribe = wireHardware(hardware, terminal, { emit, listeners, staff, config: () => hqConfig.current, log });
    void hardware.start();
    return runtimeHandle({ hqConfig, handlers, store, printer, drawer, hardware, listeners, unsubscribe, sync, integrity });
  } catch (e) {
    store.close();
    throw e;
  }
}
