import { describe, expect, it } from 'vitest';
import { isManualLookup, memberTotalsKey } from '../../../../core/sales/member.ts';

describe('how a member was verified', () => {
  it('counts manual lookups from before and after issue #12 together', () => {
    expect(isManualLookup('manual')).toBe(true);
    expect(isManualLookup('manual-lookup')).toBe(true);
    expect(isManualLookup('card-scanned')).toBe(false);
    expect(isManualLookup(undefined)).toBe(false);
    expect(memberTotalsKey('manual-lookup')).toBe('member:manual');
    expect(memberTotalsKey('app-code')).toBe('member:app-code');
  });
});
