// Attaching a member to the sale: by the member app's time-based code, by card, or looked up by
// hand (always recorded, approved or done by someone allowed to: it is how tier prices get abused).
import type { Member } from './member.ts';
import type { Params } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { approvalRef, authorize } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { checkMemberCode, parseMemberToken } from './member-token.ts';
import { ensureSale, saleChanged } from './sale-in-progress.ts';

interface FoundMember {
  member: Member;
  verification: 'token' | 'card' | 'manual';
  approvalSeq?: number;
}

function byToken(ctx: TerminalContext, text: string): FoundMember {
  const token = parseMemberToken(text);
  if (!token) throw new HostError('member.token-invalid', 'this is not a member code');
  const member = ctx.members.byId(token.memberId);
  if (!member || !member.active) throw new HostError('member.not-found', 'no active member for this code');
  const { members } = ctx.config();
  const check = checkMemberCode(ctx.crypto, member.tokenSecret, token.code, ctx.now(), {
    stepSeconds: members.tokenStepSeconds,
    skewSteps: members.tokenSkewSteps,
    expiredLookbackSteps: members.expiredLookbackSteps,
  });
  if (check === 'expired') throw new HostError('member.token-expired', 'this member code has expired: ask the customer to refresh the app');
  if (check === 'invalid') throw new HostError('member.token-invalid', 'this member code is not valid');
  return { member, verification: 'token' };
}

function byHand(ctx: TerminalContext, p: Extract<Params<'sale.attachMember'>, { method: 'manual' }>): FoundMember {
  const member = ctx.members.byId(p.memberId);
  if (!member || !member.active) throw new HostError('member.not-found', `no active member ${p.memberId}`);
  const sale = ensureSale(ctx);
  if (sale.status !== 'open') {
    throw new HostError(
      'sale.locked',
      'the customer and price tier were locked when the total was presented; void the sale to change them',
    );
  }
  const subject = { memberId: member.memberId, saleId: sale.saleId };
  const approval = authorize(ctx, 'member.manual', 'look up a member by hand', { approval: p.approval, subject });
  const operatorId = ctx.requireOperator().staffId;
  const byThemself: EntryBody<'approval'> = {
    action: 'member.manual',
    approverId: operatorId,
    requesterId: operatorId,
    method: 'pin',
    reason: 'operator holds member.manual',
    subject,
  };
  const entry = approval ?? ctx.draft('approval', byThemself);
  return { member, verification: 'manual', approvalSeq: ctx.store.write((tx) => tx.append(entry).seq) };
}

function findMember(ctx: TerminalContext, p: Params<'sale.attachMember'>): FoundMember {
  if (p.method === 'token') return byToken(ctx, p.token);
  if (p.method === 'manual') return byHand(ctx, p);
  const member = ctx.members.byCard(p.card);
  if (!member || !member.active) throw new HostError('member.not-found', 'no active member for this card');
  return { member, verification: 'card' };
}

/** Attaches a member (and their tier's prices) to the sale in progress, starting one if need be. */
export function attachMember(ctx: TerminalContext, p: Params<'sale.attachMember'>): SaleView {
  ctx.requireOperator();
  const { member, verification, approvalSeq } = findMember(ctx, p);
  const s = ensureSale(ctx);
  const tierName = ctx.config().pricing.memberTiers[member.tier]?.name;
  const { memberId, name, tier } = member;
  s.attachMember({ memberId, name, tier, ...(tierName ? { tierName } : {}), verification, ...approvalRef(approvalSeq) });
  if (approvalSeq) s.noteApproval(approvalSeq);
  return saleChanged(ctx, s);
}

export function createMemberHandlers(ctx: TerminalContext): HandlersOf<'sale.attachMember'> {
  return {
    async 'sale.attachMember'(p) {
      return attachMember(ctx, p);
    },
  };
}
