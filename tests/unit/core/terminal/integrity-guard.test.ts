import { describe, expect, it } from 'vitest';
import type { IntegrityView } from '../../../../core/contract/integrity-views.ts';
import { createIntegrityHandlers, guardIntegrity } from '../../../../core/terminal/integrity-guard.ts';
import type { Handlers } from '../../../../core/terminal/handlers.ts';

const ok: IntegrityView = { ok: true, checkedAt: 't', headSeq: 9, fromSeq: 5, problems: [] };
const broken: IntegrityView = {
  ok: false,
  checkedAt: 't',
  headSeq: 9,
  fromSeq: 5,
  problems: [
    { kind: 'master-data', section: 'staff', tables: ['staff'], recordedSeq: 3, message: 'staff (staff) was changed outside the till' },
  ],
};

/** A handler map where every method answers its own name. */
function answering(): Handlers {
  const names = ['session.login', 'sale.scan', 'session.state', 'session.logout', 'devices.status', 'ledger.integrity'];
  return Object.fromEntries(names.map((n) => [n, () => Promise.resolve(n)])) as unknown as Handlers;
}

describe('the integrity guard', () => {
  it('lets everything through while the check is ok, and only the screen, devices and leaving while it is not', async () => {
    let view = ok;
    const handlers = guardIntegrity(answering(), { status: () => view });
    await expect(handlers['sale.scan']({ code: '1', source: 'hid' })).resolves.toBe('sale.scan');
    view = broken;
    await expect(handlers['sale.scan']({ code: '1', source: 'hid' })).rejects.toMatchObject({
      code: 'ledger.integrity-failed',
      message: expect.stringMatching(/staff \(staff\) was changed outside the till/),
    });
    await expect(handlers['session.login']({ method: 'pin', staffId: 'S1', pin: '1111' })).rejects.toMatchObject({
      code: 'ledger.integrity-failed',
    });
    await expect(handlers['session.state']({})).resolves.toBe('session.state');
    await expect(handlers['session.logout']({ reason: 'manual' })).resolves.toBe('session.logout');
    await expect(handlers['devices.status']({})).resolves.toBe('devices.status');
  });

  it('reports the status the screen reads (ok for a terminal built without a check)', async () => {
    await expect(createIntegrityHandlers({ status: () => broken })['ledger.integrity']({})).resolves.toEqual(broken);
    await expect(createIntegrityHandlers(undefined)['ledger.integrity']({})).resolves.toMatchObject({ ok: true, problems: [] });
  });
});
