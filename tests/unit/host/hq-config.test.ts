// What HQ published, merged over the local config: approval limits and loss-prevention thresholds
// (published from the HQ console) replace the local ones; something that does not validate leaves
// the local config whole.
import { describe, expect, it } from 'vitest';
import { terminalConfigSchema } from '../../../core/config/terminal-config.ts';
import { discountLimits } from '../../../core/sales/discount-limit.ts';
import { DEFAULT_LOSS_RULES, lossRulesSchema } from '../../../core/loss/loss-scan.ts';
import { mergeHqConfig } from '../../../host/hq-config.ts';
import { TEST_CONFIG } from '../../helpers/host.ts';

const local = terminalConfigSchema.parse({ ...TEST_CONFIG, approvals: { discountPercentBp: 500, discountAmount: 300, freeReprints: 2 } });

describe('mergeHqConfig', () => {
  it('applies the chain’s approval limits over the local ones, the older key names included', () => {
    const limits = { scope: 'chain', discountPercent: 12.5, discountAmountMajor: 800, freeReprints: 0, overShortThreshold: 250 };
    const { config, problem } = mergeHqConfig(local, { approvals: { chain: limits } });
    expect(problem).toBeNull();
    expect(config.approvals.freeReprints).toBe(0);
    expect(config.till.overShortThreshold).toBe(250);
    expect(discountLimits(config.approvals, 'TWD', 0)).toEqual({ percentBp: 1250, amount: 800 });
    // Nothing published: the local limits stay.
    expect(mergeHqConfig(local, {}).config.approvals).toEqual(local.approvals);
  });

  it('applies the published loss-prevention thresholds, which the till’s scan then uses', () => {
    const rules = lossRulesSchema.parse({ memberVelocity: { maxSalesPerDay: 7 }, seedPattern: { highValue: 50_000 } });
    const { config, problem } = mergeHqConfig(local, { lossRules: { chain: { scope: 'chain', rules } } });
    expect(problem).toBeNull();
    expect(config.lossRules?.memberVelocity.maxSalesPerDay).toBe(7);
    expect(config.lossRules?.seedPattern.highValue).toBe(50_000);
    expect(config.lossRules?.quickRefund).toEqual(DEFAULT_LOSS_RULES.quickRefund);
  });

  it('a published threshold out of range leaves the whole local config, with the reason', () => {
    const bad = { ...DEFAULT_LOSS_RULES, quickRefund: { ...DEFAULT_LOSS_RULES.quickRefund, withinMinutes: 5000 } };
    const { config, problem } = mergeHqConfig(local, {
      lossRules: { chain: { scope: 'chain', rules: bad } },
      approvals: { chain: { scope: 'chain', discountPercent: 50, discountAmountMajor: 1, freeReprints: 1, overShortThreshold: 1 } },
    });
    expect(problem).toContain('lossRules.quickRefund.withinMinutes');
    expect(config).toBe(local);
  });
});
