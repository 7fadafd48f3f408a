// Who served the customer (issue #14): the salespersons of the sale in progress, chosen from the
// till's staff by number or badge, distinct from the cashier who rings the sale up. The sale entry
// records them with their shares; commission is computed from that (commission.ts).
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import { requirePermission } from '../auth/authorize.ts';
import { allocate } from '../money/allocate.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { SaleSalesperson } from './cart.ts';
import { requireSale, saleChanged } from './sale-in-progress.ts';

export type SalespersonMethod = 'sale.setSalespersons' | 'sale.salespersonChoices';

type Wanted = Params<'sale.setSalespersons'>['salespersons'];

/** The staff named, each a known and active member of this till's staff, with their shares (equal when none given). */
export function resolveSalespersons(ctx: Pick<TerminalContext, 'staff'>, wanted: Wanted): SaleSalesperson[] {
  const people = wanted.map((w) => {
    const member = 'badge' in w ? ctx.staff.byBadge(w.badge) : ctx.staff.byId(w.staffId);
    const named = 'badge' in w ? 'the badge scanned' : `staff number ${w.staffId}`;
    if (!member) throw new HostError('staff.not-found', `${named} is not on this till's staff: a salesperson must be known staff`);
    if (!member.active) throw new HostError('staff.not-found', `${member.name} (${member.staffId}) is no longer active staff`);
    return member;
  });
  if (new Set(people.map((p) => p.staffId)).size !== people.length) {
    throw new HostError('payload.invalid', 'a salesperson is named once on a sale');
  }
  // Equal shares: 10,000 bp by largest remainder, the earlier named getting the odd basis point.
  const shares = wanted.every((w) => w.shareBp !== undefined)
    ? wanted.map((w) => w.shareBp!)
    : allocate(
        10_000,
        wanted.map(() => 1),
      );
  return people.map((p, i) => ({ staffId: p.staffId, name: p.name, shareBp: shares[i]! }));
}

export function createSalespersonHandlers(ctx: TerminalContext): HandlersOf<SalespersonMethod> {
  return {
    async 'sale.setSalespersons'(p) {
      const s = requireSale(ctx);
      requirePermission(ctx, 'sale.sell', 'choose the salesperson');
      s.setSalespersons(resolveSalespersons(ctx, p.salespersons));
      return saleChanged(ctx, s);
    },

    async 'sale.salespersonChoices'() {
      requirePermission(ctx, 'sale.sell', 'choose the salesperson');
      const roster = ctx.roster?.list() ?? [];
      return roster.filter((m) => m.active).map((m) => ({ staffId: m.staffId, name: m.name }));
    },
  };
}
