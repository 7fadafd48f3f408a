import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../core/contract/index.ts';
import { ContractCallError } from '../../../../core/contract/client.ts';
import {
  ApprovalCancelled,
  approvalDeniedKey,
  approvalRequestOf,
  runWithApproval,
  withApproval,
} from '../../../../renderer/approval/approval-retry.ts';
import { translate } from '../../../../renderer/i18n/i18n.ts';
import { toCallFailure, type CallFailure } from '../../../../renderer/bridge/call-failure.ts';

const required = {
  code: 'approval.required',
  messageKey: 'error.approval.required',
  message: 'a discount above the limit needs a manager',
  details: { permission: 'sale.discount.large', action: 'a discount above the limit' },
};
const denied = {
  code: 'approval.denied',
  messageKey: 'error.approval.denied',
  message: 'wrong PIN',
  details: { permission: 'sale.discount.large' },
};
const manager: Approval = { method: 'pin', staffId: 'S003', pin: '3333' };

/** A fake host method: refuses until given the manager's approval. */
function hostMethod(accept: (a: Approval | undefined) => 'ok' | 'required' | 'denied' | 'other') {
  const calls: Array<Approval | undefined> = [];
  return {
    calls,
    call: async (a: Approval | undefined) => {
      calls.push(a);
      const r = accept(a);
      if (r === 'ok') return 'done';
      if (r === 'required') throw required;
      if (r === 'denied') throw new ContractCallError(denied as never);
      throw { code: 'sale.locked', messageKey: 'error.sale.locked', message: 'locked' };
    },
  };
}

describe('approval retry', () => {
  it('does not ask when the operator may act alone', async () => {
    const m = hostMethod(() => 'ok');
    const asked: unknown[] = [];
    await expect(runWithApproval(m.call, async (r) => (asked.push(r), manager))).resolves.toBe('done');
    expect(asked).toEqual([]);
    expect(m.calls).toEqual([undefined]);
  });

  it('asks once with what is being approved, then retries the same call with the approval', async () => {
    const m = hostMethod((a) => (a ? 'ok' : 'required'));
    const asked: Array<{ permission: string; action: string }> = [];
    await expect(runWithApproval(m.call, async (r, previous) => (asked.push(r), expect(previous).toBeNull(), manager))).resolves.toBe(
      'done',
    );
    expect(asked).toEqual([{ permission: 'sale.discount.large', action: 'a discount above the limit' }]);
    expect(m.calls).toEqual([undefined, manager]);
  });

  it('asks again after a refused approval, showing why', async () => {
    const wrong: Approval = { method: 'pin', staffId: 'S003', pin: '0000' };
    const m = hostMethod((a) => (!a ? 'required' : a === wrong ? 'denied' : 'ok'));
    const previous: Array<CallFailure | null> = [];
    let n = 0;
    await expect(runWithApproval(m.call, async (_r, p) => (previous.push(p), n++ === 0 ? wrong : manager))).resolves.toBe('done');
    expect(previous.map((p) => p?.code ?? null)).toEqual([null, 'approval.denied']);
    expect(m.calls).toEqual([undefined, wrong, manager]);
  });

  it('stops when the manager cancels', async () => {
    const m = hostMethod((a) => (a ? 'ok' : 'required'));
    await expect(runWithApproval(m.call, async () => null)).rejects.toBeInstanceOf(ApprovalCancelled);
    expect(m.calls).toEqual([undefined]);
  });

  it('passes other failures through as CallFailure, before and after approval', async () => {
    await expect(runWithApproval(hostMethod(() => 'other').call, async () => manager)).rejects.toMatchObject({ code: 'sale.locked' });
    await expect(runWithApproval(hostMethod((a) => (a ? 'other' : 'required')).call, async () => manager)).rejects.toMatchObject({
      code: 'sale.locked',
      messageKey: 'error.sale.locked',
    });
  });

  it('gives up after too many refusals', async () => {
    const m = hostMethod((a) => (a ? 'denied' : 'required'));
    await expect(runWithApproval(m.call, async () => manager, 3)).rejects.toMatchObject({ code: 'approval.denied' });
    expect(m.calls).toHaveLength(4);
  });

  it('adds the approval to the params only when there is one', () => {
    expect(withApproval({ reason: 'x' }, undefined)).toEqual({ reason: 'x' });
    expect(withApproval({ reason: 'x' }, manager)).toEqual({ reason: 'x', approval: manager });
  });

  it('reads request details defensively', () => {
    expect(approvalRequestOf(toCallFailure(required))).toEqual({ permission: 'sale.discount.large', action: 'a discount above the limit' });
    expect(approvalRequestOf(toCallFailure({ code: 'approval.required', messageKey: 'error.approval.required', message: '' }))).toEqual({
      permission: '',
      action: '',
    });
  });

  it('turns anything thrown into a CallFailure the screens can explain', () => {
    expect(toCallFailure(new Error('boom'))).toMatchObject({ code: 'internal', messageKey: 'error.internal', message: 'boom' });
    expect(toCallFailure({ code: 'not-a-code' })).toMatchObject({ code: 'internal' });
    expect(toCallFailure({ code: 'internal', messageKey: 'error.connection-lost', message: 'lost' })).toMatchObject({
      code: 'internal',
      messageKey: 'error.connection-lost',
      details: {},
    });
    expect(
      toCallFailure(
        new ContractCallError({
          code: 'scan.unknown-product',
          messageKey: 'error.scan.unknown-product',
          message: 'no product',
          details: { code: '123' },
        }),
      ),
    ).toEqual({ code: 'scan.unknown-product', messageKey: 'error.scan.unknown-product', message: 'no product', details: { code: '123' } });
  });
});

describe('a refused approval', () => {
  it('says why in each language: wrong PIN, locked out, not allowed, or the same person who counted', () => {
    for (const locale of ['en', 'zh-TW', 'zh-CN'] as const) {
      const said = (reason: string) => {
        const key = approvalDeniedKey(reason);
        if (!key) throw new Error(`no message for ${reason}`);
        return translate(locale, key);
      };
      expect(new Set(['bad-credentials', 'locked-out', 'not-allowed', 'same-person'].map(said)).size).toBe(4);
    }
    expect(translate('en', approvalDeniedKey('same-person')!)).toMatch(/someone other than the cashier who counted/);
    expect(approvalDeniedKey('something-else')).toBeNull();
  });
});
