// Session methods: who is signed in at the till, signing in (which also unlocks a locked till),
// locking it for every screen, and signing out.
import { twEInvoiceConfig } from '../config/fiscal-config.ts';
import type { StaffMember } from './staff-member.ts';
import type { OperatorView } from '../contract/views.ts';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../config/terminal-config.ts';
import { receiptView } from '../receipts/receipt-obligation.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { authenticate } from './authenticate.ts';
import { holdsPermission, permissionsOf, requirePermission } from './authorize.ts';
import { HostError } from '../contract/errors.ts';
import { productView } from '../catalog/catalog-handlers.ts';
import { isFirstStart } from '../settings/first-admin.ts';
import { businessDayOf } from '../till/business-day.ts';

export type SessionMethod = 'session.state' | 'session.login' | 'session.lock' | 'session.logout';

function operatorView(ctx: TerminalContext, m: StaffMember): OperatorView {
  return { staffId: m.staffId, name: m.name, role: m.role, permissions: permissionsOf(ctx, m) };
}

/**
 * Another operator signing in over an open sale: only at a locked till, and only someone who may
 * end a sale ('sale.cancel', a supervisor or manager) takes it over, to finish or cancel it. The
 * same operator unlocking carries on with their sale; anyone else is told to let them.
 */
function takeoverOf(ctx: TerminalContext, member: StaffMember): { from: string; saleId: string } | undefined {
  const { session } = ctx;
  const sale = session.sale;
  if (!sale || !session.operator) return undefined;
  if (!session.locked || !holdsPermission(ctx, member, 'sale.cancel')) {
    throw new HostError(
      'sale.takeover-denied',
      `a sale is open: ${session.operator.name} unlocks the till to finish it, or a manager takes it over at the lock screen`,
    );
  }
  return { from: session.operator.staffId, saleId: sale.saleId };
}

export function createSessionHandlers(ctx: TerminalContext): HandlersOf<SessionMethod> {
  const { store, session } = ctx;
  return {
    async 'session.state'() {
      const open = store.openObligations()[0];
      const config = ctx.config();
      return {
        terminal: {
          terminalId: config.terminal.terminalId,
          storeId: config.store.storeId,
          storeName: config.store.name,
          currency: config.store.currency,
          minorDigits: ctx.minorDigits,
          locale: config.store.locale,
          timeZone: config.store.timeZone,
          receiptWidth: config.receipt.width,
          idleLockSeconds: config.session?.idleLockSeconds ?? DEFAULT_IDLE_LOCK_SECONDS,
          departments: config.departments,
          defaultTier: config.pricing.defaultTier,
          tierNames: config.pricing.tierNames,
          quickKeys: config.quickKeys.flatMap((k) => {
            const product = ctx.catalog.byId(k.productId);
            return product ? [{ label: k.label ?? {}, product: productView(ctx, product) }] : [];
          }),
          einvoice: twEInvoiceConfig(config.fiscal) !== null,
        },
        operator: session.operator ? operatorView(ctx, session.operator) : null,
        locked: session.locked,
        training: session.training,
        sale: session.sale ? session.sale.view() : null,
        obligation: open ? receiptView(ctx, open.receiptNo) : null,
        devices: ctx.devices(),
        businessDay: ctx.day(),
        clockDay: businessDayOf(ctx.now(), config.store.timeZone, config.store.rolloverHour),
        firstStart: isFirstStart(ctx),
      };
    },

    async 'session.login'(p) {
      const member = authenticate(ctx, p);
      if (p.training) requirePermission(ctx, 'training', 'use training mode', member);
      const previous = session.operator;
      const switching = previous !== null && previous.staffId !== member.staffId;
      const takeover = switching ? takeoverOf(ctx, member) : undefined;
      // A sale taken over stays what it was, training or real.
      const training = takeover ? session.training : (p.training ?? false);
      store.write((tx) => {
        // The operator switched away from is signed out in the ledger, under their own name.
        if (switching) tx.append(ctx.draft('logout', { reason: 'switch' }));
        const login = ctx.draft('login', { method: p.method, role: member.role, ...(takeover ? { takeover } : {}) });
        tx.append({ ...login, operatorId: member.staffId });
      });
      session.signIn(member, training);
      ctx.emit('session.changed', { operatorId: member.staffId });
      return operatorView(ctx, member);
    },

    async 'session.lock'() {
      const operator = ctx.requireOperator();
      session.locked = true;
      ctx.emit('session.changed', { operatorId: operator.staffId });
      return { ok: true };
    },

    async 'session.logout'(p) {
      ctx.requireOperator();
      ctx.requireNoSale('finish or cancel the sale in progress before logging out');
      store.write((tx) => tx.append(ctx.draft('logout', { reason: p.reason })));
      session.signOut();
      ctx.emit('session.changed', { operatorId: null });
      return { ok: true };
    },
  };
}
