// The Customers screen's methods (issue #15): find a member by phone or name, see their card, sign
// a customer up. Finding a member attaches nothing: a member found here reaches a sale only through
// sale.attachMember's manual lookup (approved and flagged), because a member looked up without the
// member present is how tier prices get borrowed. Searches are masked and limited per operator.
import type { Params } from '../contract/methods.ts';
import type { MemberCard, MemberFound } from '../contract/customer-views.ts';
import { HostError } from '../contract/errors.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { holdsPermission, requirePermission } from '../auth/authorize.ts';
import { checkBuyerId } from '../fiscal/tw-einvoice/carriers.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { MemberCreatedHere } from './member.ts';
import { maskEmail, maskName, maskPhone, normalizeEmail, normalizePhone } from './member-contact.ts';

/** Purchases a member card lists. */
const CARD_PURCHASES = 5;
const MEMBER_ID = /^[A-Za-z0-9._-]{1,64}$/;

function tierNameOf(ctx: TerminalContext, tier: string): { tierName?: string } {
  const name = ctx.config().pricing.memberTiers[tier]?.name;
  return name ? { tierName: name } : {};
}

function invalid(message: string, field: string): never {
  throw new HostError('payload.invalid', message, { field });
}

/** Searches per operator in the configured window: refuses one over the limit. */
class SearchAllowance {
  private readonly recent = new Map<string, number[]>();

  take(ctx: TerminalContext, staffId: string): void {
    const { maxSearches, windowMinutes } = ctx.config().members.search;
    const now = ctx.now().getTime();
    const since = now - windowMinutes * 60_000;
    const kept = (this.recent.get(staffId) ?? []).filter((t) => t > since && t <= now);
    if (kept.length >= maxSearches) {
      this.recent.set(staffId, kept);
      throw new HostError('member.search-limit', `${maxSearches} member searches in ${windowMinutes} minutes: ask a manager`, {
        maxSearches,
        windowMinutes,
      });
    }
    kept.push(now);
    this.recent.set(staffId, kept);
  }
}

function foundHere(ctx: TerminalContext, m: MemberCreatedHere): MemberFound {
  return {
    memberId: m.memberId,
    name: maskName(m.name),
    phone: m.phone ? maskPhone(m.phone) : null,
    tier: m.tier,
    ...tierNameOf(ctx, m.tier),
    source: 'this-till',
  };
}

function searchMembers(
  ctx: TerminalContext,
  allowance: SearchAllowance,
  p: Params<'member.search'>,
): { members: MemberFound[]; more: boolean } {
  const operator = requirePermission(ctx, 'member.search', 'search members');
  const phone = 'phone' in p ? normalizePhone(p.phone) : undefined;
  if (phone === null) invalid('a mobile number is 10 digits starting 09', 'phone');
  allowance.take(ctx, operator.staffId);
  const limit = ctx.config().members.search.maxResults;
  const found = new Map<string, MemberFound>();
  // One more than shown tells the screen to ask for a narrower search. HQ's master data publishes
  // no phone numbers to tills: a phone finds members who joined here.
  const here = ctx.store.membersCreatedHere(phone ? { phone } : { name: 'name' in p ? p.name : '' }, limit + 1);
  if ('name' in p) {
    for (const m of ctx.members.searchByName(p.name, limit + 1))
      found.set(m.memberId, {
        memberId: m.memberId,
        name: maskName(m.name),
        phone: null,
        tier: m.tier,
        ...tierNameOf(ctx, m.tier),
        source: 'hq',
      });
  }
  for (const m of here) {
    // A member HQ has since deactivated is no longer found, here either.
    if (ctx.members.byId(m.memberId)?.active === false) continue;
    const known = found.get(m.memberId);
    // Joined here and since published by HQ: the master data's record, with the phone the till took.
    found.set(m.memberId, known ? { ...known, phone: m.phone ? maskPhone(m.phone) : null } : foundHere(ctx, m));
  }
  const all = [...found.values()];
  return { members: all.slice(0, limit), more: all.length > limit };
}

function memberCard(ctx: TerminalContext, memberId: string): MemberCard {
  const operator = requirePermission(ctx, 'member.search', 'see a member');
  const full = holdsPermission(ctx, operator, 'member.contact');
  const master = ctx.members.byId(memberId);
  const here = ctx.store.memberCreatedHere(memberId);
  if (master?.active === false) throw new HostError('member.not-found', `no member ${memberId}`);
  const known = master ?? here;
  if (!known) throw new HostError('member.not-found', `no member ${memberId}`);
  const { name, tier } = known;
  const phone = here?.phone ?? null;
  const email = master?.email ?? here?.email ?? null;
  const carrier = here?.carrier ?? null;
  return {
    memberId,
    name: full ? name : maskName(name),
    tier,
    ...tierNameOf(ctx, tier),
    source: master ? 'hq' : 'this-till',
    contactShown: full,
    phone: phone && !full ? maskPhone(phone) : phone,
    email: email && !full ? maskEmail(email) : email,
    carrier: carrier && !full ? `${carrier.slice(0, 2)}*****` : carrier,
    purchases: ctx.store
      .memberPurchases(memberId, CARD_PURCHASES)
      .map((r) => ({ receiptNo: r.receiptNo, at: r.endedAt, total: r.total, status: r.status })),
    currency: ctx.config().store.currency,
  };
}

function createMember(ctx: TerminalContext, p: Params<'member.create'>): MemberCard {
  requirePermission(ctx, 'member.create', 'sign a customer up as a member');
  if (ctx.session.training)
    throw new HostError('training.not-real', 'training mode cannot sign up a real member: sign in without training');
  const phone = p.phone ? normalizePhone(p.phone) : undefined;
  if (phone === null) invalid('a mobile number is 10 digits starting 09', 'phone');
  const email = p.email ? normalizeEmail(p.email) : undefined;
  if (email === null) invalid('this is not an e-mail address', 'email');
  if (!phone && !email) invalid('a member needs a mobile number or an e-mail address', 'phone');
  let carrier: string | undefined;
  if (p.carrier) {
    const check = checkBuyerId('mobile-barcode', p.carrier.toUpperCase());
    if (!check.ok) invalid(check.message, 'carrier');
    carrier = check.value;
  }
  if (phone && ctx.store.membersCreatedHere({ phone }, 1).length > 0)
    throw new HostError('member.exists', 'a member with this mobile number already joined here: search for them');
  const memberId = `M-${ctx.newId()}`;
  if (!MEMBER_ID.test(memberId)) throw new HostError('internal', `member id ${memberId} is not a member id`);
  const body: EntryBody<'member-created'> = {
    memberId,
    name: p.name,
    tier: ctx.config().members.newMemberTier,
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(carrier ? { carrier } : {}),
    consent: p.consent,
    consentAt: ctx.now().toISOString(),
  };
  ctx.store.write((tx) => tx.append(ctx.draft('member-created', body)));
  return memberCard(ctx, memberId);
}

export function createCustomerHandlers(ctx: TerminalContext): HandlersOf<'member.search' | 'member.view' | 'member.create'> {
  const allowance = new SearchAllowance();
  return {
    async 'member.search'(p) {
      return searchMembers(ctx, allowance, p);
    },
    async 'member.view'(p) {
      // Opening cards by guessed member numbers is searching too: it counts against the same allowance.
      allowance.take(ctx, requirePermission(ctx, 'member.search', 'see a member').staffId);
      return memberCard(ctx, p.memberId);
    },
    async 'member.create'(p) {
      return createMember(ctx, p);
    },
  };
}
