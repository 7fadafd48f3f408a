// Attaching a member to the sale: by the member app's time-based code (used once), by a card a
// scanner of this till read, or looked up by hand: a card or member number sent by the screen is
// typed as far as the host can know, so it is a manual lookup, approved (or done by someone
// allowed to) and flagged, because that is how tier prices get abused (issue #12).
import type { Member } from './member.ts';
import type { Approval, Params } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { entryBodies, type EntryBody } from '../ledger/bodies.ts';
import type { EntryDraft } from '../ledger/entry.ts';
import { authorize, requirePermission } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { AttachedMember } from './cart.ts';
import { matchMemberCode, parseMemberToken } from './member-token.ts';
import { failVerification, lastUsedStep, noteUsedStep, unlockMemberCodes, type MemberSource } from './member-verification.ts';
import { ensureSale, saleChanged } from './sale-in-progress.ts';
import { followMemberCarrier } from './einvoice-buyer.ts';

interface FoundMember {
  member: Member;
  verification: 'app-code' | 'card-scanned' | 'manual-lookup';
  /** The approval to append with the attach (a manual lookup, or a code while codes are locked). */
  approval?: EntryDraft;
  approverId?: string;
  codeStep?: number;
}

/** How the member was attached: `source` says whether a scanner of this till read it; a scan carries no approval. */
export interface AttachVia {
  source: MemberSource;
  scan: boolean;
}

const FROM_SCREEN: AttachVia = { source: 'screen', scan: false };
const LOCKED = 'the customer and price tier were locked when the total was presented; void the sale to change them';

function activeMember(member: Member | undefined): Member | undefined {
  return member?.active ? member : undefined;
}

function checkCode(ctx: TerminalContext, member: Member, code: string, source: MemberSource): number {
  const { members } = ctx.config();
  const match = matchMemberCode(ctx.crypto, member.tokenSecret, code, ctx.now(), {
    stepSeconds: members.tokenStepSeconds,
    skewSteps: members.tokenSkewSteps,
    expiredLookbackSteps: members.expiredLookbackSteps,
  });
  const { memberId } = member;
  if (match.check === 'expired') {
    failVerification(
      ctx,
      { method: 'app-code', reason: 'expired', memberId, source },
      'member.token-expired',
      'this member code has expired: ask the customer to refresh the app',
    );
  }
  if (match.check === 'invalid' || match.step === undefined) {
    failVerification(
      ctx,
      { method: 'app-code', reason: 'invalid', memberId, source },
      'member.token-invalid',
      'this member code is not valid',
    );
  }
  return match.step;
}

function byToken(ctx: TerminalContext, text: string, approval: Approval | undefined, via: AttachVia): FoundMember | 'already-attached' {
  const { source } = via;
  const token = parseMemberToken(text);
  if (!token)
    failVerification(ctx, { method: 'app-code', reason: 'malformed', source }, 'member.token-invalid', 'this is not a member code');
  const { memberId } = token;
  const unlock = unlockMemberCodes(ctx, memberId, { approval, canApprove: !via.scan });
  const member = activeMember(ctx.members.byId(memberId));
  if (!member)
    failVerification(
      ctx,
      { method: 'app-code', reason: 'not-found', memberId, source },
      'member.not-found',
      'no active member for this code',
    );
  const step = checkCode(ctx, member, token.code, source);
  const onSale = ctx.session.sale?.attachedMember;
  if (onSale?.memberId === memberId && onSale.codeStep === step) return 'already-attached';
  const used = lastUsedStep(ctx, memberId);
  if (used !== undefined && step <= used) {
    failVerification(
      ctx,
      { method: 'app-code', reason: 'replayed', memberId, codeStep: step, source },
      'member.token-used',
      'this member code was already used: ask the customer to show the new code in the app',
    );
  }
  return { member, verification: 'app-code', codeStep: step, ...(unlock ? { approval: unlock } : {}) };
}

/** A lookup by hand (a typed card or member number): approved, or by someone who may look members up. */
function approvedLookup(
  ctx: TerminalContext,
  member: Member,
  approval: Approval | undefined,
  subject: Record<string, unknown>,
): FoundMember {
  const sale = ensureSale(ctx);
  if (sale.status !== 'open') throw new HostError('sale.locked', LOCKED);
  const full = { ...subject, memberId: member.memberId, saleId: sale.saleId };
  const approved = authorize(ctx, 'member.manual', 'look up a member by hand', { approval, subject: full });
  const operatorId = ctx.requireOperator().staffId;
  const byThemself: EntryBody<'approval'> = {
    action: 'member.manual',
    approverId: operatorId,
    requesterId: operatorId,
    method: 'pin',
    reason: 'operator holds member.manual',
    subject: full,
  };
  const entry = approved ?? ctx.draft('approval', byThemself);
  const { approverId } = approved ? entryBodies.approval.parse(approved.body) : byThemself;
  return { member, verification: 'manual-lookup', approval: entry, approverId };
}

function byHand(ctx: TerminalContext, p: Extract<Params<'sale.attachMember'>, { method: 'manual' }>): FoundMember {
  const member = activeMember(ctx.members.byId(p.memberId));
  if (!member) {
    const failure = { method: 'member-number', reason: 'not-found', memberId: p.memberId.slice(0, 64), source: 'screen' } as const;
    failVerification(ctx, failure, 'member.not-found', `no active member ${p.memberId}`);
  }
  return approvedLookup(ctx, member, p.approval, { by: 'member-number' });
}

function byTypedCard(ctx: TerminalContext, p: Extract<Params<'sale.attachMember'>, { method: 'card' }>): FoundMember {
  const member = activeMember(ctx.members.byCard(p.card));
  if (!member)
    failVerification(
      ctx,
      { method: 'card-typed', reason: 'not-found', source: 'screen' },
      'member.not-found',
      'no active member for this card',
    );
  return approvedLookup(ctx, member, p.approval, { by: 'card-number', card: p.card });
}

function attach(ctx: TerminalContext, found: FoundMember): SaleView {
  const { member, verification, approval, approverId, codeStep } = found;
  const s = ensureSale(ctx);
  const tierName = ctx.config().pricing.memberTiers[member.tier]?.name;
  const { memberId, name, tier } = member;
  const attached: AttachedMember = {
    memberId,
    name,
    tier,
    ...(tierName ? { tierName } : {}),
    verification,
    ...(approverId ? { approverId } : {}),
    ...(codeStep !== undefined ? { codeStep } : {}),
  };
  if (s.status !== 'open') throw new HostError('sale.locked', LOCKED);
  const approvalSeq = approval ? ctx.store.write((tx) => tx.append(approval).seq) : undefined;
  s.attachMember({ ...attached, ...(approvalSeq ? { approvalSeq } : {}) });
  followMemberCarrier(ctx, s);
  if (approvalSeq) s.noteApproval(approvalSeq);
  if (codeStep !== undefined) noteUsedStep(ctx, memberId, codeStep);
  return saleChanged(ctx, s);
}

/** Attaches a member (and their tier's prices) to the sale in progress, starting one if need be. */
export function attachMember(ctx: TerminalContext, p: Params<'sale.attachMember'>, via: AttachVia = FROM_SCREEN): SaleView {
  ctx.requireOperator();
  if (p.method === 'token') {
    const found = byToken(ctx, p.token, p.approval, via);
    return found === 'already-attached' ? saleChanged(ctx, ensureSale(ctx)) : attach(ctx, found);
  }
  return attach(ctx, p.method === 'manual' ? byHand(ctx, p) : byTypedCard(ctx, p));
}

/**
 * A code a scanner of this till read (the host received it, no screen claimed it): a member card
 * attaches its member as card-scanned. Null when the code is no member card.
 */
export function attachScannedCard(ctx: TerminalContext, code: string): SaleView | null {
  ctx.requireOperator();
  const member = ctx.members.byCard(code);
  if (!member) return null;
  if (!member.active) {
    failVerification(
      ctx,
      { method: 'card-scanned', reason: 'not-found', memberId: member.memberId, source: 'scanner' },
      'member.not-found',
      'this member card is no longer active',
    );
  }
  return attach(ctx, { member, verification: 'card-scanned' });
}

/** Takes the member off the sale in progress; whoever may sell may do it (prices only go up). */
function detachMember(ctx: TerminalContext): SaleView {
  requirePermission(ctx, 'sale.sell', 'take the member off the sale');
  const s = ctx.session.sale;
  if (!s?.attachedMember) throw new HostError('member.none', 'there is no member on this sale');
  s.detachMember();
  followMemberCarrier(ctx, s);
  return saleChanged(ctx, s);
}

export function createMemberHandlers(ctx: TerminalContext): HandlersOf<'sale.attachMember' | 'sale.detachMember'> {
  return {
    async 'sale.attachMember'(p) {
      return attachMember(ctx, p);
    },
    async 'sale.detachMember'() {
      return detachMember(ctx);
    },
  };
}
