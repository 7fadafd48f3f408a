import type {
  DeviceStatus,
  EventPayload,
  OperatorView,
  ReceiptView,
  SaleView,
  StateView,
  TillproofBridge,
} from '../../core/contract/index.ts';
import type { ConnectionState } from '../bridge/connect-bridge.ts';
import { scanAnswered } from '../scan/scan-timing.ts';

// What the screens show, kept in one place and fed by host events and call results. The host
// owns every figure; this only remembers the latest view of each thing.

export interface TillSnapshot {
  readonly connection: ConnectionState;
  /** session.state has answered at least once. */
  readonly loaded: boolean;
  readonly terminal: StateView['terminal'] | null;
  readonly operator: OperatorView | null;
  readonly training: boolean;
  readonly sale: SaleView | null;
  /** The receipt on screen: an open obligation, or the one just issued until the cashier moves on. */
  readonly receipt: ReceiptView | null;
  readonly devices: readonly DeviceStatus[];
  readonly businessDay: string;
  /** The business day by the clock; businessDay is later after an early Z. */
  readonly clockDay: string;
  /** No staff yet and no HQ: the sign-in screen offers to create the first administrator. */
  readonly firstStart: boolean;
  readonly alarm: EventPayload<'drawer.alarm'> | null;
  /** The screen is locked (the operator stays signed in; their PIN unlocks it). */
  readonly locked: boolean;
  readonly lastReceiptNo: number | null;
  /** Whether a drawer session (counted float) is open; null until known. */
  readonly drawerOpen: boolean | null;
  /** Electron only: the host process when it is not simply running (restarting, failed...). */
  readonly host: { readonly state: string; readonly messageKey: string } | null;
}

const INITIAL: TillSnapshot = {
  connection: 'connecting',
  loaded: false,
  terminal: null,
  operator: null,
  training: false,
  sale: null,
  receipt: null,
  devices: [],
  businessDay: '',
  clockDay: '',
  firstStart: false,
  alarm: null,
  locked: false,
  lastReceiptNo: null,
  drawerOpen: null,
  host: null,
};

export function isDischarged(r: ReceiptView): boolean {
  return r.status === 'printed' || r.status === 'electronic';
}

function upsertDevice(list: readonly DeviceStatus[], d: DeviceStatus): DeviceStatus[] {
  const i = list.findIndex((x) => x.device === d.device && x.id === d.id);
  if (i < 0) return [...list, d];
  const next = [...list];
  next[i] = d;
  return next;
}

export class TillStore {
  private snapshot: TillSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private readonly bridge: TillproofBridge;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(bridge: TillproofBridge) {
    this.bridge = bridge;
    this.unsubscribers.push(
      bridge.on('sale.changed', (sale) => {
        scanAnswered();
        this.set({ sale });
      }),
      bridge.on('receipt.changed', (r) => this.receiptChanged(r)),
      bridge.on('device.status', (d) => this.set({ devices: upsertDevice(this.snapshot.devices, d) })),
      bridge.on('drawer.alarm', (a) => this.set({ alarm: a.open ? a : null })),
      bridge.on('session.changed', (s) => {
        if (s.operatorId === null) this.set({ operator: null, locked: false, sale: null });
        // Also for the same operator: a badge on a serial or HID scanner unlocks the till in the host.
        else void this.refresh();
      }),
    );
  }

  get = (): TillSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<TillSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  setConnection(connection: ConnectionState): void {
    if (connection === 'lost' || connection === 'unpaired') {
      // What the screen showed may be gone (the host restarted): nothing of it stays up, and
      // everything is fetched again from the host once it answers (a restarted host is signed out).
      this.set({ ...INITIAL, connection, devices: this.snapshot.devices });
      return;
    }
    this.set({ connection });
    if (connection === 'open') void this.refresh();
  }

  /** Reloads everything from the host (after connecting, login, or a restart of the host). */
  async refresh(): Promise<StateView | null> {
    let state: StateView;
    try {
      state = await this.bridge['session.state']({});
    } catch {
      return null;
    }
    const current = this.snapshot.receipt;
    // An open obligation comes first; a receipt already discharged stays until the cashier moves on.
    const receipt = state.obligation ?? (current && isDischarged(current) ? current : null);
    this.set({
      loaded: true,
      terminal: state.terminal,
      operator: state.operator,
      training: state.training,
      sale: state.sale,
      receipt,
      devices: state.devices.length > 0 ? state.devices : this.snapshot.devices,
      businessDay: state.businessDay,
      clockDay: state.clockDay,
      firstStart: state.firstStart,
      locked: state.operator ? state.locked : false,
      lastReceiptNo: receipt?.receiptNo ?? this.snapshot.lastReceiptNo,
    });
    if (state.operator) void this.refreshTill();
    return state;
  }

  /** Asks whether the drawer has an open session (cash needs one). */
  async refreshTill(): Promise<void> {
    if (!this.snapshot.operator) return;
    try {
      const till = await this.bridge['till.status']({});
      this.set({ drawerOpen: till.session !== null });
    } catch {
      // Unknown: the sale screen simply does not warn.
    }
  }

  async refreshDevices(): Promise<void> {
    try {
      const devices = await this.bridge['devices.status']({});
      if (devices.length > 0) this.set({ devices });
    } catch {
      // The status bar keeps what it knew; the next poll or event updates it.
    }
  }

  setOperator(operator: OperatorView | null, training = false): void {
    this.set({ operator, training: operator ? training : false, locked: false });
  }

  setSale(sale: SaleView | null): void {
    this.set({ sale });
  }

  /** A receipt from a call result (sale.complete, receipt.print, receipt.electronic, return.complete). */
  showReceipt(receipt: ReceiptView): void {
    this.set({ receipt, lastReceiptNo: receipt.receiptNo });
  }

  private receiptChanged(r: ReceiptView): void {
    const current = this.snapshot.receipt;
    if (current && current.receiptNo !== r.receiptNo && !isDischarged(current)) return;
    this.set({ receipt: r, lastReceiptNo: r.receiptNo });
  }

  /** Closes a discharged receipt; an open obligation cannot be dismissed. */
  dismissReceipt(): boolean {
    const r = this.snapshot.receipt;
    if (r && !isDischarged(r)) return false;
    if (r) this.set({ receipt: null });
    return true;
  }

  /** The desktop shell reported the host's state; a new generation means a fresh host to read. */
  setHostStatus(status: { state: string; messageKey: string; generation: number }): void {
    const fresh = status.generation !== this.hostGeneration;
    this.hostGeneration = status.generation;
    this.set({ host: status.state === 'running' ? null : { state: status.state, messageKey: status.messageKey } });
    if (status.state === 'running' && fresh) void this.refresh();
  }

  private hostGeneration = -1;

  /** Locks in the host (every screen of this till), then here. */
  lock(): void {
    if (!this.snapshot.operator) return;
    this.set({ locked: true });
    void this.bridge['session.lock']({}).catch(() => undefined);
  }

  unlock(): void {
    this.set({ locked: false });
  }

  dispose(): void {
    for (const u of this.unsubscribers) u();
    this.listeners.clear();
  }
}
