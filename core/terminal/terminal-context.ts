// The one context every handler file shares: the terminal's ports, its session, the configuration
// in force, and the steps every domain takes (an entry draft on the right business day, the
// operator check, the owed-receipt check). Built once per terminal by create-terminal.ts.
//
// Configuration has one rule: every value is read from the configuration in force when it is
// needed, so a reconfigure (HQ's tax classes, tiers, roles; receipt texts; denominations) reaches
// the next action. Two exceptions: a sale in progress keeps the pricing rules it started with (the
// Sale holds them), and the store, terminal id and currency never change under a running terminal
// (they are who the ledger belongs to, so reconfigure refuses a change to them; minorDigits follows
// from the currency).
import type { LedgerIntegrity } from '../ports/ledger-integrity.ts';
import type { CashDrawer } from '../ports/cash-drawer.ts';
import type { WeighingScale } from '../ports/scale.ts';
import type { Catalog } from '../ports/catalog.ts';
import type { Clock } from '../ports/clock.ts';
import type { DeviceInventory } from '../ports/device-status.ts';
import type { Hmac } from '../ports/crypto.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import type { MemberDirectory } from '../ports/member-directory.ts';
import type { ReceiptPrinter } from '../ports/receipt-printer.ts';
import type { StaffDirectory, StaffRoster } from '../ports/staff-directory.ts';
import type { StaffMember } from '../auth/staff-member.ts';
import type { Aes128Cbc, LedgerCrypto, Signer } from '../ports/crypto.ts';
import type { InvoiceNumberBook } from '../ports/invoice-numbers.ts';
import type { EntryDraft } from '../ledger/entry.ts';
import type { EntryBody, EntryKind } from '../ledger/bodies.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';
import { HostError } from '../contract/errors.ts';
import type { EventName, EventPayload } from '../contract/events.ts';
import type { DeviceStatus } from '../contract/views.ts';
import type { PricingRules } from '../sales/sale-pricing.ts';
import type { ReceiptContext } from '../receipts/receipt-document.ts';
import { minorDigitsOf } from '../money/currency.ts';
import { defaultDenominations } from '../till/denominations.ts';
import { openBusinessDay } from '../till/business-day.ts';
import { TerminalSession } from './terminal-session.ts';
import { invoiceNumbersStatus } from '../sales/einvoice-numbers.ts';

export interface TerminalDeps {
  config: TerminalConfig;
  store: LedgerStore;
  catalog: Catalog;
  staff: StaffDirectory;
  members: MemberDirectory;
  /** The primary receipt printer: every receipt goes here first. */
  printer: ReceiptPrinter;
  /** Other receipt printers of this till, offered when a receipt fails on one ("Print on ..."). */
  alternatePrinters?: readonly ReceiptPrinter[];
  drawer: CashDrawer;
  /** The till's scale, when one is configured: goods sold by weight are weighed on it (issue #15). */
  scale?: WeighingScale;
  signer: Signer;
  crypto: LedgerCrypto & Hmac;
  clock: Clock;
  newId: () => string;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  devices?: () => DeviceStatus[];
  /** Device counters and the printer's setup, for the settings screen. */
  inventory?: DeviceInventory;
  /** The till's staff list for the settings screen (changed there only when it is not HQ's). */
  roster?: StaffRoster;
  /** The till's check of its own ledger and master data; while it fails, the till neither sells nor takes privileged actions. */
  integrity?: LedgerIntegrity;
  /** The e-invoice ranges and last number issued (fiscal profile tw-einvoice), read from this till's ledger. */
  invoiceNumbers?: InvoiceNumberBook;
  /** The till's CSPRNG: the e-invoice's random code. */
  randomBytes?: (n: number) => Uint8Array;
  /** AES-128-CBC for the e-invoice QR code's verification field. */
  aes?: Aes128Cbc;
}

type SharedPorts =
  | 'store'
  | 'catalog'
  | 'staff'
  | 'members'
  | 'drawer'
  | 'scale'
  | 'signer'
  | 'crypto'
  | 'newId'
  | 'emit'
  | 'inventory'
  | 'roster'
  | 'invoiceNumbers'
  | 'randomBytes'
  | 'aes';

export interface TerminalContext extends Pick<TerminalDeps, SharedPorts> {
  /** The primary receipt printer. */
  readonly printer: ReceiptPrinter;
  /** Every receipt printer of the till, the primary first. */
  readonly printers: readonly ReceiptPrinter[];
  readonly session: TerminalSession;
  /** Decimal places of the store's currency (which never changes under a running terminal). */
  readonly minorDigits: number;
  /** The configuration in force now. */
  config(): TerminalConfig;
  /** Pricing rules for a sale started now. */
  pricingRules(): PricingRules;
  /** Store, receipt header and footer, width: what every printed receipt carries. */
  receiptContext(): ReceiptContext;
  /** The notes and coins a count may use. */
  denominations(): number[];
  devices(): DeviceStatus[];
  now(): Date;
  /** The business day for a new entry at `at`: after an early Z, the next one. */
  day(at?: Date): string;
  /** An entry for the signed-in operator, ending now. */
  draft<K extends EntryKind>(kind: K, body: EntryBody<K>, startedAt?: string): EntryDraft;
  /** The signed-in operator; throws auth.required. */
  requireOperator(): StaffMember;
  /** Throws sale.obligation-open while a receipt is still owed to a customer; `when` ends the message. */
  requireNoObligation(when?: string): void;
  /** Throws sale.locked while a sale is in progress. */
  requireNoSale(message?: string): void;
}

function pricingRulesOf(c: TerminalConfig): PricingRules {
  return {
    currency: c.store.currency,
    tax: c.tax,
    cashRounding: c.cashRounding,
    defaultTier: c.pricing.defaultTier,
    roundingMode: c.pricing.roundingMode,
    memberPriceTiers: Object.fromEntries(Object.entries(c.pricing.memberTiers).map(([tier, m]) => [tier, m.priceTier])),
  };
}

function receiptContextOf(c: TerminalConfig, minorDigits: number): ReceiptContext {
  return {
    storeName: c.store.name,
    address: c.store.address,
    ...(c.store.taxNumber ? { taxNumber: c.store.taxNumber } : {}),
    terminalId: c.terminal.terminalId,
    timeZone: c.store.timeZone,
    locale: c.store.locale,
    width: c.receipt.width,
    minorDigits,
    header: c.receipt.header,
    footer: c.receipt.footer,
  };
}

/** Store, terminal and currency are who the ledger belongs to: a running terminal never changes them. */
function assertSameOwner(current: TerminalConfig, next: TerminalConfig): void {
  const { store, terminal } = next;
  if (
    store.storeId !== current.store.storeId ||
    terminal.terminalId !== current.terminal.terminalId ||
    store.currency !== current.store.currency
  ) {
    throw new Error('a running terminal cannot change its store, terminal id or currency');
  }
}

export function createTerminalContext(deps: TerminalDeps): { ctx: TerminalContext; reconfigure(next: TerminalConfig): void } {
  const { store, printer } = deps;
  let config = deps.config;
  const session = new TerminalSession();
  const minorDigits = minorDigitsOf(config.store.currency, { TWD: 0 });
  const now = () => deps.clock.now();
  const day = (at = now()) => openBusinessDay(at, config.store, store);

  const ctx: TerminalContext = {
    store,
    catalog: deps.catalog,
    staff: deps.staff,
    members: deps.members,
    drawer: deps.drawer,
    ...(deps.scale ? { scale: deps.scale } : {}),
    signer: deps.signer,
    crypto: deps.crypto,
    newId: deps.newId,
    emit: deps.emit,
    inventory: deps.inventory,
    roster: deps.roster,
    invoiceNumbers: deps.invoiceNumbers,
    randomBytes: deps.randomBytes,
    aes: deps.aes,
    printer,
    printers: [printer, ...(deps.alternatePrinters ?? []).filter((p) => p.id !== printer.id)],
    session,
    minorDigits,
    config: () => config,
    pricingRules: () => pricingRulesOf(config),
    receiptContext: () => receiptContextOf(config, minorDigits),
    denominations: () => (config.till.denominations.length ? config.till.denominations : defaultDenominations(config.store.currency)),
    devices: () => {
      const numbers = invoiceNumbersStatus(ctx);
      return [...(deps.devices?.() ?? []), ...(numbers ? [numbers] : [])];
    },
    now,
    day,
    draft(kind, body, startedAt) {
      const at = now();
      const endedAt = at.toISOString();
      return { kind, businessDay: day(at), startedAt: startedAt ?? endedAt, endedAt, operatorId: session.operator?.staffId ?? null, body };
    },
    requireOperator() {
      if (!session.operator) throw new HostError('auth.required', 'log in first');
      return session.operator;
    },
    requireNoObligation(when = 'first') {
      const open = store.openObligations()[0];
      if (open) {
        const message = `receipt ${open.receiptNo} has not been given to the customer yet: print it or issue it electronically ${when}`;
        throw new HostError('sale.obligation-open', message, { receiptNo: open.receiptNo });
      }
    },
    requireNoSale(message = 'finish or cancel the sale in progress first') {
      if (session.sale) throw new HostError('sale.locked', message);
    },
  };

  return {
    ctx,
    reconfigure(next) {
      assertSameOwner(config, next);
      config = next;
    },
  };
}
