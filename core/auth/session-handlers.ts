// Session methods: who is signed in at the till, signing in (which also unlocks a locked till),
// locking it for every screen, and signing out.
import type { StaffMember } from './staff-member.ts';
import type { OperatorView } from '../contract/views.ts';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../config/terminal-config.ts';
import { receiptView } from '../receipts/receipt-obligation.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { authenticate } from './authenticate.ts';
import { permissionsOf, requirePermission } from './authorize.ts';

export type SessionMethod = 'session.state' | 'session.login' | 'session.lock' | 'session.logout';

function operatorView(ctx: TerminalContext, m: StaffMember): OperatorView {
  return { staffId: m.staffId, name: m.name, role: m.role, permissions: permissionsOf(ctx, m) };
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
        },
        operator: session.operator ? operatorView(ctx, session.operator) : null,
        locked: session.locked,
        training: session.training,
        sale: session.sale ? session.sale.view() : null,
        obligation: open ? receiptView(ctx, open.receiptNo) : null,
        devices: ctx.devices(),
        businessDay: ctx.day(),
      };
    },

    async 'session.login'(p) {
      const member = authenticate(ctx, p);
      if (p.training) requirePermission(ctx, 'training', 'use training mode', member);
      // The same operator signing in again (unlocking) carries on with their sale; no one else takes it over.
      if (session.operator && session.operator.staffId !== member.staffId) {
        ctx.requireNoSale('finish or cancel the sale in progress before another operator logs in');
      }
      session.signIn(member, p.training ?? false);
      store.write((tx) => tx.append(ctx.draft('login', { method: p.method, role: member.role })));
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
