// The composition root of the selling terminal: one context, the domain handler files joined into
// the handler map the contract describes, and the locked-till guard in front of it. It composes;
// the rules live in the domain folders. Pure: no Node, no SQLite, no devices (host/ gives it real
// adapters, tests give it real SQLite).
import type { StaffMember } from '../auth/staff-member.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';
import { HostError } from '../contract/errors.ts';
import type { MethodName } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import type { Sale } from '../sales/sale.ts';
import { createSessionHandlers } from '../auth/session-handlers.ts';
import { createCatalogHandlers } from '../catalog/catalog-handlers.ts';
import { createSaleHandlers, scanFromScanner } from '../sales/sale-handlers.ts';
import { createParkHandlers } from '../sales/park-handlers.ts';
import { resumeInterruptedSale } from '../sales/sale-journal.ts';
import { saleChanged } from '../sales/sale-in-progress.ts';
import { createInvoiceBuyerHandlers } from '../sales/einvoice-buyer.ts';
import { createMemberHandlers } from '../sales/member-handlers.ts';
import { createCustomerHandlers } from '../sales/customer-handlers.ts';
import { createSerialHandlers } from '../sales/serial-handlers.ts';
import { createDiscountHandlers } from '../sales/discount-handlers.ts';
import { createSalespersonHandlers } from '../sales/salesperson-handlers.ts';
import { createWeighHandlers } from '../sales/weigh-handlers.ts';
import { createReturnHandlers } from '../sales/return-handlers.ts';
import { createExchangeHandlers } from '../sales/exchange-handlers.ts';
import { createReceiptHandlers } from '../receipts/receipt-handlers.ts';
import { createTillHandlers } from '../till/till-handlers.ts';
import { createCardBatchHandlers } from '../till/card-batch-handlers.ts';
import { createGiftCardHandlers } from '../giftcards/giftcard-handlers.ts';
import { createReportHandlers } from '../till/report-handlers.ts';
import { createLossHandlers } from '../loss/loss-handlers.ts';
import { createSettingsHandlers } from '../settings/settings-handlers.ts';
import type { Handlers } from './handlers.ts';
import { createIntegrityHandlers, guardIntegrity, integrityRefusal } from './integrity-guard.ts';
import { createTerminalContext, type TerminalContext, type TerminalDeps } from './terminal-context.ts';

export type { Handlers } from './handlers.ts';
export type { TerminalDeps } from './terminal-context.ts';

export interface Terminal {
  handlers: Handlers;
  state: { readonly operator: StaffMember | null; readonly sale: Sale | null };
  /**
   * Switches to a new configuration (tax classes, tiers, roles from HQ) for the next sale and the
   * next action; the sale in progress keeps the rules it started with. Refuses a change of store,
   * terminal id or currency.
   */
  reconfigure(next: TerminalConfig): void;
  /**
   * A scan from a scanner the host drives (serial, HID): the one way a member card counts as
   * scanned. Host-side only, never a contract method: the screens cannot claim a scanner read.
   */
  scanFromScanner(scan: { code: string; source: 'hid' | 'serial' }): Promise<SaleView>;
}

/** A locked till answers only these until a PIN or badge unlocks it (session.login). */
const WHILE_LOCKED: ReadonlySet<string> = new Set<MethodName>([
  'session.state',
  'session.login',
  'session.lock',
  // Switching operator at the lock screen: signing out is refused while a sale is open (a manager takes it over instead).
  'session.logout',
  // Only on a till with no staff at all, which has nobody to unlock it.
  'staff.createFirstAdmin',
  'devices.status',
  'ledger.integrity',
]);

type AnyHandler = (params: never) => Promise<unknown>;

/** The handlers behind the lock: every method but those above refuses while the till is locked. */
function guardLocked(handlers: Handlers, isLocked: () => boolean): Handlers {
  const all: Record<string, AnyHandler> = handlers;
  const refuse = () => Promise.reject(new HostError('auth.required', 'the till is locked: unlock it with a PIN or badge'));
  const guarded = Object.entries(all).map(([name, handler]): [string, AnyHandler] => [
    name,
    WHILE_LOCKED.has(name) ? handler : (params) => (isLocked() ? refuse() : handler(params)),
  ]);
  // The same keys with the same handler types: only the lock check is added in front.
  return Object.fromEntries(guarded) as Handlers;
}

/** Tells the screens and the pending-sale journal the sale as it is again; the reply carries the failure either way. */
function putBack(ctx: TerminalContext, sale: Sale | null): void {
  try {
    if (sale) saleChanged(ctx, sale);
    else saleChanged(ctx);
  } catch {
    // Only the screens' copy or the journal is behind; the next change rewrites both.
  }
}

type KeepSale = <T>(step: () => Promise<T>) => Promise<T>;

/**
 * A step that fails before it wrote anything leaves the sale as it was before the step: a fault
 * half-way through (a product the sale cannot price, a port that throws) must never leave a sale
 * that every later call, cancel and sign-out included, fails on.
 */
function saleKeeper(ctx: TerminalContext): KeepSale {
  let started = 0;
  return async (step) => {
    const { session, store } = ctx;
    const call = ++started;
    const sale = session.sale;
    const before = sale?.snapshot();
    const seq = store.head().seq;
    try {
      return await step();
    } catch (e) {
      // Once something reached the ledger the step's changes stand (the sale entry, an approval);
      // a call that ran meanwhile (while a printer was awaited) may have changed the sale on purpose.
      const untouched = store.head().seq === seq && started === call;
      if (untouched && sale && before && session.sale === sale) {
        sale.restore(before);
        putBack(ctx, sale);
      } else if (untouched && !sale && session.sale) {
        // A sale this step opened and did not finish opening: there is none.
        session.sale = null;
        putBack(ctx, null);
      }
      throw e;
    }
  };
}

function keepSaleOnFailure(handlers: Handlers, keep: KeepSale): Handlers {
  const all: Record<string, AnyHandler> = handlers;
  const guarded = Object.entries(all).map(([name, handler]): [string, AnyHandler] => [name, (params) => keep(() => handler(params))]);
  return Object.fromEntries(guarded) as Handlers;
}

/** The selling terminal: one per till, holding the operator session and the sale in progress. */
export function createTerminal(deps: TerminalDeps): Terminal {
  const { ctx, reconfigure } = createTerminalContext(deps);
  const { session } = ctx;
  const handlers = {
    ...createSessionHandlers(ctx),
    ...createCatalogHandlers(ctx),
    ...createSaleHandlers(ctx),
    ...createParkHandlers(ctx),
    ...createMemberHandlers(ctx),
    ...createInvoiceBuyerHandlers(ctx),
    ...createCustomerHandlers(ctx),
    ...createSerialHandlers(ctx),
    ...createDiscountHandlers(ctx),
    ...createSalespersonHandlers(ctx),
    ...createWeighHandlers(ctx),
    ...createReturnHandlers(ctx),
    ...createExchangeHandlers(ctx),
    ...createReceiptHandlers(ctx),
    ...createTillHandlers(ctx),
    ...createCardBatchHandlers(ctx),
    ...createGiftCardHandlers(ctx),
    ...createReportHandlers(ctx),
    ...createLossHandlers(ctx),
    ...createSettingsHandlers(ctx),
    ...createIntegrityHandlers(deps.integrity),
  } satisfies Handlers;
  const keep = saleKeeper(ctx);
  // A sale the till was ringing up when it stopped (killed, crashed, power lost) comes back first.
  resumeInterruptedSale(ctx);

  return {
    handlers: guardLocked(guardIntegrity(keepSaleOnFailure(handlers, keep), deps.integrity), () => session.locked),
    state: {
      get operator() {
        return session.operator;
      },
      get sale() {
        return session.sale;
      },
    },
    // The scanner's own entry passes the same guards as the screens' methods.
    scanFromScanner(scan) {
      if (session.locked) return Promise.reject(new HostError('auth.required', 'the till is locked: unlock it with a PIN or badge'));
      const broken = integrityRefusal(deps.integrity);
      if (broken) return Promise.reject(broken);
      return keep(() => scanFromScanner(ctx, scan));
    },
    reconfigure(next) {
      reconfigure(next);
      // Screens re-read the operator's permissions.
      if (session.operator) ctx.emit('session.changed', { operatorId: session.operator.staffId });
    },
  };
}
