import { randomUUID, createHmac } from 'node:crypto';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import type { CashDrawer, Clock, Hmac, ReceiptPrinter } from '../core/ports.ts';
import type { DeviceStatus } from '../core/contract/views.ts';
import type { EventName, EventPayload } from '../core/contract/events.ts';
import { createHost, type Handlers } from '../core/host.ts';
import { SqliteCatalog, SqliteMemberDirectory, SqliteStaffDirectory } from '../db/master-data.ts';
import type { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { MemoryDrawer, MemoryPrinter } from '../hardware/virtual/memory-devices.ts';
import { openTerminalLedger, systemClock } from './terminal-ledger.ts';
import { loadDemoData } from './demo-data.ts';

export type EventListener = (event: EventName, payload: unknown) => void;

export interface TerminalRuntime {
  readonly config: TerminalConfig;
  readonly handlers: Handlers;
  readonly store: SqliteLedgerStore;
  readonly printer: ReceiptPrinter;
  readonly drawer: CashDrawer;
  subscribe(listener: EventListener): () => void;
  close(): void;
}

export interface RuntimeOptions {
  dataDir: string;
  config: TerminalConfig;
  /** Load the demo catalog, staff and members into a newly created ledger. */
  demo?: boolean;
  printer?: ReceiptPrinter;
  drawer?: CashDrawer;
  clock?: Clock;
  newId?: () => string;
  devices?: () => DeviceStatus[];
}

const nodeHmac: Hmac = {
  hmac: (algorithm, key, data) => createHmac(algorithm, key).update(data).digest(),
};

/** Opens the terminal: ledger, master data, devices and the selling host, wired together. */
export function startTerminal(options: RuntimeOptions): TerminalRuntime {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const { store, signer, created } = openTerminalLedger(
    options.dataDir,
    { terminalId: config.terminal.terminalId, storeId: config.store.storeId, timeZone: config.store.timeZone, rolloverHour: config.store.rolloverHour },
    clock,
  );
  try {
    if (created && options.demo) loadDemoData(store);
    const listeners = new Set<EventListener>();
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch {
          // A broken listener (a closed socket) must never break a sale.
        }
      }
    };
    const printer = options.printer ?? new MemoryPrinter();
    const drawer = options.drawer ?? new MemoryDrawer();
    const db = store.database;
    const { handlers } = createHost({
      config,
      store,
      catalog: new SqliteCatalog(db),
      staff: new SqliteStaffDirectory(db),
      members: new SqliteMemberDirectory(db),
      printer,
      drawer,
      signer,
      crypto: { ...nodeLedgerCrypto, ...nodeHmac },
      clock,
      newId: options.newId ?? randomUUID,
      emit,
      ...(options.devices ? { devices: options.devices } : {}),
    });
    return {
      config,
      handlers,
      store,
      printer,
      drawer,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        listeners.clear();
        store.close();
      },
    };
  } catch (e) {
    store.close();
    throw e;
  }
}
