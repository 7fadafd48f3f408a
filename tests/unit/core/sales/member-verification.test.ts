// The checks between a cashier and a member's price, on a real SQLite ledger: failures written
// and counted, member codes locked at the limit, and a code's step remembered once used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTerminalContext } from '../../../../core/terminal/terminal-context.ts';
import { failVerification, lastUsedStep, noteUsedStep, unlockMemberCodes } from '../../../../core/sales/member-verification.ts';
import { loginAs, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { terminalConfigSchema } from '../../../../core/config/terminal-config.ts';
import { TEST_CONFIG } from '../../../helpers/host.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../../hardware/virtual/memory-devices.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { createHmac } from 'node:crypto';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
});
afterEach(() => host.close());

function context() {
  const { ctx } = createTerminalContext({
    config: terminalConfigSchema.parse({ ...TEST_CONFIG, members: { codeLockout: { maxFailures: 2, windowMinutes: 5 } } }),
    store: host.store,
    catalog: {
      byGtin: () => undefined,
      bySku: () => undefined,
      byId: () => undefined,
      byItemCode: () => undefined,
      search: () => [],
      version: () => 'x',
    },
    staff: { byId: () => undefined, verifyPin: () => undefined, byBadge: () => undefined },
    members: { byId: () => undefined, byCard: () => undefined, searchByName: () => [] },
    printer: new MemoryPrinter('p'),
    drawer: new MemoryDrawer('d'),
    signer: { keyId: 'k', publicKey: new Uint8Array(), sign: () => new Uint8Array() } as never,
    crypto: { ...nodeLedgerCrypto, hmac: (alg, key, data) => createHmac(alg, key).update(data).digest() },
    clock: host.clock,
    newId: () => 'id',
    emit: () => undefined,
  });
  ctx.session.signIn({ staffId: '101', name: 'Amy', role: 'cashier', active: true }, false);
  return ctx;
}

describe('member verification', () => {
  it('writes each failure with its counts and locks member codes at the limit', () => {
    const ctx = context();
    const fail = () =>
      failVerification(ctx, { method: 'app-code', reason: 'invalid', memberId: 'M-1', source: 'screen' }, 'member.token-invalid', 'no');
    expect(fail).toThrow(expect.objectContaining({ code: 'member.token-invalid' }));
    expect(unlockMemberCodes(ctx, 'M-1', { approval: undefined, canApprove: true })).toBeNull();
    expect(fail).toThrow(expect.objectContaining({ code: 'member.token-invalid' }));
    const last = [...host.store.entries()].at(-1)!;
    expect(last).toMatchObject({ kind: 'member-verification-failed', body: { tillFailures: 2, memberFailures: 2, lockedOut: true } });
    expect(() => unlockMemberCodes(ctx, 'M-2', { approval: undefined, canApprove: true })).toThrow(
      expect.objectContaining({ code: 'approval.required' }),
    );
    expect(() => unlockMemberCodes(ctx, 'M-2', { approval: undefined, canApprove: false })).toThrow(
      expect.objectContaining({ code: 'member.codes-locked' }),
    );
    host.clock.advance(5 * 60_000 + 1);
    expect(unlockMemberCodes(ctx, 'M-2', { approval: undefined, canApprove: false })).toBeNull();
  });

  it('remembers the newest step used per member in this run', () => {
    const ctx = context();
    expect(lastUsedStep(ctx, 'M-1')).toBeUndefined();
    noteUsedStep(ctx, 'M-1', 10);
    noteUsedStep(ctx, 'M-1', 8);
    expect(lastUsedStep(ctx, 'M-1')).toBe(10);
    expect(lastUsedStep(ctx, 'M-2')).toBeUndefined();
  });
});
