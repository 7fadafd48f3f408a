// What core needs from the outside world. db/, hardware/ and platform/ implement these;
// host/ wires them together. Tests pass real adapters or small in-memory ones.
import type { EntryDraft, LedgerEntry } from './ledger/entry.ts';
import type { ReceiptDocument } from './contract/views.ts';

export type { LedgerCrypto, Signer } from './ledger/crypto.ts';

export interface LedgerHead {
  terminalId: string;
  seq: number;
  hash: string;
  activeKeyId: string;
}

/** Inside one durable transaction. Everything here is synchronous: no await may split it. */
export interface LedgerTx {
  /** Validates, chains, signs, inserts and projects one entry. Throws and rolls back on any error. */
  append(draft: EntryDraft): LedgerEntry;
  /** The next gap-free receipt number (sales and returns share one sequence). */
  nextReceiptNo(): number;
  head(): LedgerHead;
}

export interface OpenObligation {
  receiptNo: number;
  documentId: string;
  kind: 'sale' | 'return';
  openedSeq: number;
  failures: number;
}

/** A receipt number's read model. */
export interface ReceiptRecord {
  receiptNo: number;
  seq: number;
  kind: 'sale' | 'return';
  documentId: string;
  businessDay: string;
  operatorId: string | null;
  endedAt: string;
  total: number;
  status: 'completed' | 'post-voided';
  returnedTotal: number;
  copies: number;
  printFailures: number;
  dischargedSeq: number | null;
  channel: 'printed' | 'electronic' | null;
  training: boolean;
}

export interface DayTotal {
  amount: number;
  count: number;
}

export interface DrawerSessionRecord {
  sessionId: string;
  businessDay: string;
  openedSeq: number;
  operatorId: string | null;
  float: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  paidOuts: number;
  pickups: number;
  otherOut: number;
  closedSeq: number | null;
  counted: number | null;
  expected: number | null;
  overShort: number | null;
  cosignSeq: number | null;
}

export interface BusinessDayRecord {
  businessDay: string;
  firstSeq: number;
  lastSeq: number;
  zSeq: number | null;
  zNo: number | null;
}

export interface LedgerStore {
  readonly terminalId: string;
  receipt(receiptNo: number): ReceiptRecord | undefined;
  /** Quantity (thousandths) already returned per line of a sale's receipt. */
  returnedQuantities(originalReceiptNo: number): Map<number, number>;
  /** The return entries recorded against a sale's receipt, in seq order (what each refunded). */
  returnsAgainst(originalReceiptNo: number): LedgerEntry[];
  dayTotals(businessDay: string): Record<string, DayTotal>;
  businessDay(businessDay: string): BusinessDayRecord | undefined;
  /** Days with entries and no Z report yet, oldest first. */
  unsealedDays(): BusinessDayRecord[];
  drawerSessions(filter: { businessDay?: string; open?: boolean }): DrawerSessionRecord[];
  /** The most recent Z report entry, if any. */
  lastZReport(): LedgerEntry | undefined;
  /** Z report entries with business days in [from, to], in order. */
  zReports(from: string, to: string): LedgerEntry[];
  head(): LedgerHead;
  /** Runs `fn` in one durable transaction (WAL, synchronous=FULL); commits only if it returns. */
  write<T>(fn: (tx: LedgerTx) => T): T;
  /** Entries in seq order, streamed. */
  entries(range?: { from?: number; to?: number }): IterableIterator<LedgerEntry>;
  entry(seq: number): LedgerEntry | undefined;
  openObligations(): OpenObligation[];
  isDaySealed(businessDay: string): boolean;
  close(): void;
}

export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------
// Master data (catalog, staff, members): published by HQ or imported locally, read here.

export type Unit = 'each' | 'kg';

export interface Product {
  productId: string;
  sku: string;
  /** Name in the catalog's primary language; `names` may add 'en', 'zh-TW', 'zh-CN'. */
  name: string;
  names: Record<string, string>;
  department: string;
  taxClass: string;
  unit: Unit;
  /** Unit price per tier in minor units ('retail' always present); per kg for unit 'kg'. */
  prices: Record<string, number>;
  barcodes: string[];
  active: boolean;
}

export interface CatalogSearchHit {
  product: Product;
  /** How it matched, best first: exact barcode/SKU, name prefix, name substring, name sound (pinyin/zhuyin). */
  match: 'code' | 'prefix' | 'substring' | 'phonetic';
}

export interface Catalog {
  /** Lookup by a normalised GTIN-14 (see core/catalog/barcode.ts). */
  byGtin(gtin14: string): Product | undefined;
  bySku(sku: string): Product | undefined;
  byId(productId: string): Product | undefined;
  /** Item-code lookup for variable-measure (GS1 prefix 20-29) barcodes. */
  byItemCode(itemCode: string): Product | undefined;
  /** Name (any language), SKU or barcode; case- and width-insensitive; CJK substrings work. */
  search(query: string, limit: number): CatalogSearchHit[];
  /** Opaque version of the catalog content, changes whenever it changes. */
  version(): string;
}

export type Role = 'cashier' | 'supervisor' | 'manager' | 'admin';

export interface StaffMember {
  staffId: string;
  name: string;
  role: Role;
  active: boolean;
}

export interface StaffDirectory {
  byId(staffId: string): StaffMember | undefined;
  /** The staff member if the PIN is right; undefined otherwise. Constant-time compare of a slow hash. */
  verifyPin(staffId: string, pin: string): StaffMember | undefined;
  byBadge(badge: string): StaffMember | undefined;
}

/** A staff member as the settings screen lists them: whether a PIN or badge is set, never its value. */
export interface StaffListing extends StaffMember {
  hasPin: boolean;
  hasBadge: boolean;
}

/** One staff member as written by a manager at the till; `pin` omitted keeps the stored PIN. */
export interface StaffChange {
  staffId: string;
  name: string;
  role: Role;
  active: boolean;
  pin?: string;
}

/**
 * The till's own staff list, for the settings screen. `save` writes the master data tables
 * inside the ledger's write transaction (same database), so the change and its config-change
 * entry commit together or not at all; it hashes the PIN the way login checks it.
 */
export interface StaffRoster {
  /** 'hq': staff come from HQ and are read-only at the till; 'local': a manager keeps them here. */
  readonly managedBy: 'local' | 'hq';
  list(): StaffListing[];
  /** Call inside LedgerStore.write. Returns the staff section's new version and digest (no PIN in either). */
  save(change: StaffChange): { version: number; digest: string };
}

export interface Member {
  memberId: string;
  name: string;
  tier: string;
  /** Shared secret for the member app's time-based codes (base32, RFC 6238). */
  tokenSecret: string;
  cardNumbers: string[];
  email: string | null;
  active: boolean;
}

export interface MemberDirectory {
  byId(memberId: string): Member | undefined;
  byCard(cardNumber: string): Member | undefined;
}

// ---------------------------------------------------------------------------------------
// Devices, as the selling code needs them. hardware/ implements these.

/** Why a print failed, as the printer reported it. */
export type PrintFailureReason = 'paper-out' | 'cover-open' | 'offline' | 'timeout' | 'error';

export type PrintOutcome = { ok: true } | { ok: false; reason: PrintFailureReason; detail?: string };

export interface ReceiptPrinter {
  readonly id: string;
  /** Prints the document; resolves ok only when the bytes were written and the printer then reported no error. */
  print(document: ReceiptDocument): Promise<PrintOutcome>;
}

export type DrawerOutcome = { ok: true } | { ok: false; reason: 'offline' | 'error'; detail?: string };

export interface CashDrawer {
  readonly id: string;
  open(): Promise<DrawerOutcome>;
}

/** What the settings screen shows about devices beyond their status (hardware/ knows it). */
export interface DeviceInventory {
  /** Counters per device id since the till started (receiptsPrinted, paperOuts, goodOpens...). */
  statistics(): Record<string, Readonly<Record<string, number>>>;
  /** The receipt printer's resolved text encoding (code page) and paper, when it is a configured device. */
  printerSetup(): { encoding: string; paperMm: number; columns: number } | null;
}

/** Keyed hashes for member codes (RFC 4226/6238). */
export interface Hmac {
  hmac(algorithm: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array): Uint8Array;
}

// ---------------------------------------------------------------------------------------
// Device status, scanners, drawer sensors and customer displays. hardware/ implements these;
// host/ forwards their events to the UI ('device.status', 'scan.received', 'drawer.alarm').
import type { DeviceStatus } from './contract/views.ts';

/** A device that reports its state (closed | idle | busy | error | offline) as it changes. */
export interface DeviceStatusSource {
  readonly id: string;
  status(): DeviceStatus;
  /** Called on every change of state, detail or flags; returns the unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** Counters since the device was created, e.g. receiptsPrinted, paperOuts, goodOpens, failedOpens. */
  statistics(): Readonly<Record<string, number>>;
}

/** A printer that also reports status (paper, cover, online) while idle. */
export interface MonitoredReceiptPrinter extends ReceiptPrinter, DeviceStatusSource {}

export type ScanSource = 'serial' | 'hid';

/** A scan read by a hardware scanner; the host passes `code` and `source` to `sale.scan` as they are. */
export interface ScanEvent {
  code: string;
  source: ScanSource;
  deviceId: string;
}

/** A read the scanner source refused (noise, a partial read, bad framing, an invalid barcode). */
export interface ScanRejection {
  source: ScanSource;
  deviceId: string;
  /** 'scan.noise' | 'scan.partial' | 'scan.overlong' | 'scan.framing' | 'scan.malformed-report', or a BarcodeErrorCode. */
  reason: string;
  detail: string;
}

/** A serial or HID scanner. Keyboard-wedge scanners are detected in the UI, not here. */
export interface ScannerSource extends DeviceStatusSource {
  onScan(listener: (scan: ScanEvent) => void): () => void;
  onRejected(listener: (rejection: ScanRejection) => void): () => void;
}

/** The drawer has been open longer than allowed (open: true), or closed again after that (open: false). */
export interface DrawerAlarm {
  drawerId: string;
  open: boolean;
  openSeconds: number;
}

/** A cash drawer with a sensor: open/closed changes and the left-open alarm. */
export interface MonitoredCashDrawer extends CashDrawer, DeviceStatusSource {
  /** true open, false closed, null unknown (no sensor, or the drawer cannot be reached). */
  isOpen(): boolean | null;
  onDrawerChange(listener: (event: { drawerId: string; open: boolean }) => void): () => void;
  onAlarm(listener: (alarm: DrawerAlarm) => void): () => void;
}

/** What a customer display shows; amounts arrive formatted by the host (currency, digits). */
export interface CustomerDisplayContent {
  /**
   * The last item: its name and amount ("2 x 35.00" or "70.00"). `latinName` (the catalog's
   * 'en' name) is shown on displays that have no CJK characters.
   */
  item?: { name: string; amount: string; latinName?: string };
  /** The running total or the change due. */
  total?: { label: string; amount: string };
  /** A free message instead (welcome, closed lane); at most two lines. */
  message?: readonly string[];
}

export type DisplayOutcome = { ok: true } | { ok: false; reason: 'offline' | 'error'; detail?: string };

export interface CustomerDisplay extends DeviceStatusSource {
  show(content: CustomerDisplayContent): Promise<DisplayOutcome>;
  clear(): Promise<DisplayOutcome>;
}
