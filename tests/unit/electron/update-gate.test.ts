import { describe, expect, it } from 'vitest';
import {
  activityFromState,
  tryInstallUpdate,
  updateGateDecision,
  type TillActivity,
  type UpdateGateSteps,
} from '../../../electron/update-gate.ts';

describe('update gate decision', () => {
  it.each<[TillActivity | null, ReturnType<typeof updateGateDecision>]>([
    [{ saleOpen: false, obligationOpen: false }, { install: true }],
    [
      { saleOpen: true, obligationOpen: false },
      { install: false, reason: 'sale-open' },
    ],
    [
      { saleOpen: false, obligationOpen: true },
      { install: false, reason: 'obligation-open' },
    ],
    [
      { saleOpen: true, obligationOpen: true },
      { install: false, reason: 'sale-open' },
    ],
    [null, { install: false, reason: 'till-unknown' }],
  ])('%j -> %j', (activity, decision) => {
    expect(updateGateDecision(activity)).toEqual(decision);
  });

  it('reads the activity from session.state', () => {
    expect(activityFromState({ sale: null, obligation: null, operator: null })).toEqual({ saleOpen: false, obligationOpen: false });
    expect(activityFromState({ sale: { saleId: 's' }, obligation: null })).toEqual({ saleOpen: true, obligationOpen: false });
    expect(activityFromState({ sale: null, obligation: { receiptNo: 4 } })).toEqual({ saleOpen: false, obligationOpen: true });
    expect(activityFromState(null)).toBeNull();
    expect(activityFromState({ operator: null })).toBeNull();
  });
});

/** The till, the relay and the installer as the gate sees them, scripted and recorded. */
function steps(answers: Array<TillActivity | null>, options: { installFails?: boolean } = {}) {
  const log: string[] = [];
  const s: UpdateGateSteps = {
    probe: async () => {
      log.push('probe');
      return answers.shift() ?? null;
    },
    holdCalls: () => log.push('hold'),
    releaseCalls: () => log.push('release'),
    whenIdle: async () => {
      log.push('idle');
    },
    install: async () => {
      log.push('install');
      if (options.installFails) throw new Error('installer missing');
    },
  };
  return { s, log };
}

const idle = { saleOpen: false, obligationOpen: false };

describe('installing an update', () => {
  it('installs when the till is idle before and after holding the calls', async () => {
    const { s, log } = steps([idle, idle]);
    expect(await tryInstallUpdate(s)).toEqual({ install: true });
    expect(log).toEqual(['probe', 'hold', 'idle', 'probe', 'install']);
  });

  it('waits during a sale without holding anything', async () => {
    const { s, log } = steps([{ saleOpen: true, obligationOpen: false }]);
    expect(await tryInstallUpdate(s)).toEqual({ install: false, reason: 'sale-open' });
    expect(log).toEqual(['probe']);
  });

  it('waits while a receipt is owed', async () => {
    const { s, log } = steps([{ saleOpen: false, obligationOpen: true }]);
    expect(await tryInstallUpdate(s)).toEqual({ install: false, reason: 'obligation-open' });
    expect(log).toEqual(['probe']);
  });

  it('backs off when a sale started between the two looks, and lets the cashier carry on', async () => {
    const { s, log } = steps([idle, { saleOpen: true, obligationOpen: false }]);
    expect(await tryInstallUpdate(s)).toEqual({ install: false, reason: 'sale-open' });
    expect(log).toEqual(['probe', 'hold', 'idle', 'probe', 'release']);
  });

  it('waits when the host cannot say (restarting)', async () => {
    const { s, log } = steps([null]);
    expect(await tryInstallUpdate(s)).toEqual({ install: false, reason: 'till-unknown' });
    expect(log).toEqual(['probe']);
  });

  it('releases the calls when installing fails', async () => {
    const { s, log } = steps([idle, idle], { installFails: true });
    await expect(tryInstallUpdate(s)).rejects.toThrow('installer missing');
    expect(log).toEqual(['probe', 'hold', 'idle', 'probe', 'install', 'release']);
  });
});
