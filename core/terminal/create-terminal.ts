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
import { createMemberHandlers } from '../sales/member-handlers.ts';
import { createDiscountHandlers } from '../sales/discount-handlers.ts';
import { createReturnHandlers } from '../sales/return-handlers.ts';
import { createReceiptHandlers } from '../receipts/receipt-handlers.ts';
import { createTillHandlers } from '../till/till-handlers.ts';
import { createReportHandlers } from '../till/report-handlers.ts';
import { createSettingsHandlers } from '../settings/settings-handlers.ts';
import type { Handlers } from './handlers.ts';
import { createTerminalContext, type TerminalDeps } from './terminal-context.ts';

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
const WHILE_LOCKED: ReadonlySet<string> = new Set<MethodName>(['session.state', 'session.login', 'session.lock', 'devices.status']);

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

/** The selling terminal: one per till, holding the operator session and the sale in progress. */
export function createTerminal(deps: TerminalDeps): Terminal {
  const { ctx, reconfigure } = createTerminalContext(deps);
  const { session } = ctx;
  const handlers = {
    ...createSessionHandlers(ctx),
    ...createCatalogHandlers(ctx),
    ...createSaleHandlers(ctx),
    ...createMemberHandlers(ctx),
    ...createDiscountHandlers(ctx),
    ...createReturnHandlers(ctx),
    ...createReceiptHandlers(ctx),
    ...createTillHandlers(ctx),
    ...createReportHandlers(ctx),
    ...createSettingsHandlers(ctx),
  } satisfies Handlers;

  return {
    handlers: guardLocked(handlers, () => session.locked),
    state: {
      get operator() {
        return session.operator;
      },
      get sale() {
        return session.sale;
      },
    },
    scanFromScanner(scan) {
      if (session.locked) return Promise.reject(new HostError('auth.required', 'the till is locked: unlock it with a PIN or badge'));
      return scanFromScanner(ctx, scan);
    },
    reconfigure(next) {
      reconfigure(next);
      // Screens re-read the operator's permissions.
      if (session.operator) ctx.emit('session.changed', { operatorId: session.operator.staffId });
    },
  };
}
