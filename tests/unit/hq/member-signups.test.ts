import { describe, expect, it } from 'vitest';
import { memberSignupOf } from '../../../hq/member-signups.ts';
import type { JsonValue } from '../../../core/ledger/canonical.ts';

const entry = (kind: string, body: unknown) => ({ kind, seq: 7, operatorId: '101', body: body as JsonValue });

describe('reading a member-created entry at HQ', () => {
  it('takes the member, the contact details, the consent and who recorded it', () => {
    const body = {
      memberId: 'M-1',
      name: '陳小明',
      tier: 'member',
      phone: '0912345678',
      consent: { membership: true, marketing: false },
      consentAt: '2026-11-20T02:00:00.000Z',
    };
    expect(memberSignupOf(entry('member-created', body))).toEqual({
      seq: 7,
      memberId: 'M-1',
      staffId: '101',
      name: '陳小明',
      tier: 'member',
      phone: '0912345678',
      email: null,
      carrier: null,
      consent: { membership: true, marketing: false },
      consentAt: '2026-11-20T02:00:00.000Z',
    });
  });

  it('ignores other kinds and bodies that are not a signup, rather than failing the batch', () => {
    expect(memberSignupOf(entry('sale', { memberId: 'M-1' }))).toBeNull();
    expect(memberSignupOf(entry('member-created', null))).toBeNull();
    expect(memberSignupOf(entry('member-created', [1]))).toBeNull();
    expect(memberSignupOf(entry('member-created', { memberId: 'M-1', name: 'x', tier: 'member' }))).toBeNull();
    expect(memberSignupOf(entry('member-created', { memberId: 1, name: 'x', tier: 'member', consent: {} }))).toBeNull();
  });
});
