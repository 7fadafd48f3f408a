import { call } from '../api.ts';
import type { StaffRole } from '../api.ts';

// The console's calls for the Tiers and rules page (hq/console-rules.ts). HQ checks the role and
// every value; these only carry the request.

export interface MemberTierView {
  tier: string;
  name: string;
  priceTier: string;
}

export interface ApprovalLimitsForm {
  discountPercent: string;
  discountAmount: string;
  freeReprints: string;
  overShortThreshold: string;
}

export interface LossRuleField {
  /** "rule.threshold". */
  path: string;
  kind: 'money' | 'number' | 'boolean' | 'text';
  value: string | boolean;
}

export interface RulesView {
  memberTiers: MemberTierView[];
  priceTiers: string[];
  roles: Record<StaffRole, string[]>;
  permissions: string[];
  approvalLimits: ApprovalLimitsForm & { published: boolean };
  lossRules: LossRuleField[];
  lossRulesPublished: boolean;
  currency: string;
  version: number;
  mayChange: boolean;
}

export interface RulesChange {
  version: number | null;
}

export const rulesApi = {
  rules: () => call<RulesView>('GET', '/rules'),
  setMemberTier: (csrf: string, body: MemberTierView) => call<RulesChange>('POST', '/member-tiers', { body, csrf }),
  setRole: (csrf: string, role: StaffRole, permissions: string[]) =>
    call<RulesChange>('POST', `/roles/${encodeURIComponent(role)}`, { body: { permissions }, csrf }),
  setApprovalLimits: (csrf: string, body: ApprovalLimitsForm) => call<RulesChange>('POST', '/approval-limits', { body, csrf }),
  setLossRules: (csrf: string, values: Record<string, string | boolean>) =>
    call<RulesChange>('POST', '/loss-rules', { body: { values }, csrf }),
};
