// The pure parts of the Tiers and rules page's routes: loss-prevention thresholds as form fields
// and back (money in the currency, ranges checked, a refusal naming its field), and approval
// limits read from the form's text.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOSS_RULES } from '../../../core/loss/loss-scan.ts';
import { approvalLimitsFromForm, approvalLimitsView, lossRuleFields, lossRulesFromForm } from '../../../hq/console-rules.ts';
import { HqError } from '../../../hq/errors.ts';

function refusal(run: () => unknown): { message: string; field: unknown } {
  try {
    run();
  } catch (e) {
    if (e instanceof HqError) return { message: e.message, field: e.details?.field };
    throw e;
  }
  throw new Error('not refused');
}

describe('loss-prevention thresholds in the form', () => {
  it('lists each threshold with its kind; amounts in the currency', () => {
    const fields = lossRuleFields(DEFAULT_LOSS_RULES, 2);
    expect(fields).toContainEqual({ path: 'seedPattern.highValue', kind: 'money', value: '100.00' });
    expect(fields).toContainEqual({ path: 'memberVelocity.maxSalesPerDay', kind: 'number', value: '3' });
    expect(fields).toContainEqual({ path: 'quickRefund.cashOnly', kind: 'boolean', value: true });
    expect(fields).toContainEqual({ path: 'seedPattern.defaultPriceTier', kind: 'text', value: 'retail' });
    expect(fields.some((f) => f.path === 'staffExceptions.ignore')).toBe(false);
  });

  it('applies changed values over the current rules, keeping the rest', () => {
    const rules = lossRulesFromForm(
      DEFAULT_LOSS_RULES,
      { 'seedPattern.highValue': '250.50', 'memberVelocity.maxSalesPerDay': '5', 'quickRefund.cashOnly': false },
      2,
    );
    expect(rules.seedPattern.highValue).toBe(25_050);
    expect(rules.memberVelocity.maxSalesPerDay).toBe(5);
    expect(rules.quickRefund).toEqual({ ...DEFAULT_LOSS_RULES.quickRefund, cashOnly: false });
    expect(rules.staffExceptions).toEqual(DEFAULT_LOSS_RULES.staffExceptions);
  });

  it('refuses a bad value naming its field', () => {
    expect(refusal(() => lossRulesFromForm(DEFAULT_LOSS_RULES, { 'quickRefund.withinMinutes': '2000' }, 0))).toMatchObject({
      field: 'quickRefund.withinMinutes',
    });
    expect(refusal(() => lossRulesFromForm(DEFAULT_LOSS_RULES, { 'memberVelocity.maxSalesPerDay': 'three' }, 0))).toEqual({
      message: 'memberVelocity.maxSalesPerDay: "three" is not a number',
      field: 'memberVelocity.maxSalesPerDay',
    });
    expect(refusal(() => lossRulesFromForm(DEFAULT_LOSS_RULES, { 'seedPattern.highValue': '1.5' }, 0)).field).toBe('seedPattern.highValue');
    expect(refusal(() => lossRulesFromForm(DEFAULT_LOSS_RULES, { 'seedPattern.nothing': '1' }, 0)).field).toBe('seedPattern.nothing');
    expect(refusal(() => lossRulesFromForm(DEFAULT_LOSS_RULES, { 'quickRefund.cashOnly': 'yes' }, 0)).field).toBe('quickRefund.cashOnly');
  });
});

describe('approval limits in the form', () => {
  it('shows the tills’ defaults until something is published, and reads the form back', () => {
    expect(approvalLimitsView(null, 'TWD', 0)).toEqual({
      discountPercent: '10',
      discountAmount: '500',
      freeReprints: '1',
      overShortThreshold: '100',
      published: false,
    });
    const record = approvalLimitsFromForm(
      { discountPercent: '12.5', discountAmount: '20.50', freeReprints: '2', overShortThreshold: '3.00' },
      2,
    );
    expect(record).toEqual({ scope: 'chain', discountPercent: 12.5, discountAmountMajor: 20.5, freeReprints: 2, overShortThreshold: 300 });
    expect(approvalLimitsView(record, 'USD', 2)).toMatchObject({ discountAmount: '20.50', overShortThreshold: '3.00', published: true });
  });

  it('refuses a value out of range or not a number, naming the field', () => {
    const form = { discountPercent: '10', discountAmount: '500', freeReprints: '1', overShortThreshold: '100' };
    expect(refusal(() => approvalLimitsFromForm({ ...form, discountPercent: '120' }, 0))).toEqual({
      message: 'discountPercent: a percentage from 0 to 100',
      field: 'discountPercent',
    });
    expect(refusal(() => approvalLimitsFromForm({ ...form, freeReprints: '1.5' }, 0)).field).toBe('freeReprints');
    expect(refusal(() => approvalLimitsFromForm({ ...form, discountAmount: '-5' }, 0)).field).toBe('discountAmount');
    expect(refusal(() => approvalLimitsFromForm({ ...form, discountAmount: '10000000000' }, 0)).field).toBe('discountAmount');
    expect(refusal(() => approvalLimitsFromForm({ ...form, extra: '1' }, 0)).message).toContain('(form)');
  });
});
