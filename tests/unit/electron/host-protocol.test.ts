import { describe, expect, it } from 'vitest';
import { isRetryableStartError, hostToMainSchema, mainToHostSchema } from '../../../electron/host-protocol.ts';

describe('host control messages', () => {
  it('restarts only what a restart can fix', () => {
    for (const code of [
      'config.invalid',
      'config.missing',
      'ledger.missing',
      'ledger.corrupt',
      'ledger.schema-newer',
      'key.permissions',
      'devices.invalid-config',
    ])
      expect(isRetryableStartError(code)).toBe(false);
    for (const code of ['ledger.busy', 'ledger.disk-full', 'ledger.io', 'host.start-failed'])
      expect(isRetryableStartError(code)).toBe(true);
  });

  it('parses both directions strictly', () => {
    expect(mainToHostSchema.safeParse({ type: 'start', dataDir: '/d', configPath: null, demo: true }).success).toBe(true);
    expect(mainToHostSchema.safeParse({ type: 'start', dataDir: '/d', configPath: null, demo: true, extra: 1 }).success).toBe(false);
    expect(mainToHostSchema.safeParse({ type: 'eval', code: '1' }).success).toBe(false);
    expect(hostToMainSchema.safeParse({ type: 'ready', terminalId: 'T', ledgerPath: '/d/ledger.sqlite' }).success).toBe(true);
    expect(hostToMainSchema.safeParse({ type: 'frame', text: 1 }).success).toBe(false);
  });
});
