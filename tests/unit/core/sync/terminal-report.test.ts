import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../../core/contract/views.ts';
import { reportedDevices, terminalReport } from '../../../../core/sync/terminal-report.ts';

const status = (
  device: DeviceStatus['device'],
  id: string,
  state: DeviceStatus['state'],
  extra: Partial<DeviceStatus> = {},
): DeviceStatus => ({
  device,
  id,
  state,
  ...extra,
});

describe('reportedDevices', () => {
  it('reports the counter devices in a fixed order with their state and reason, and leaves sync and e-invoice out', () => {
    const devices = reportedDevices([
      status('sync', 'hq', 'idle'),
      status('scanner', 'scanner-1', 'idle', { detail: 'listening on /dev/ttyS1' }),
      status('printer', 'printer-2', 'idle'),
      status('printer', 'printer-1', 'error', { reason: 'paper-out', detail: 'no paper' }),
      status('einvoice', 'numbers', 'error', { reason: 'numbers-low' }),
      status('drawer', 'drawer-1', 'closed', { openSeconds: 0 }),
    ]);
    expect(devices).toEqual([
      { kind: 'printer', id: 'printer-1', state: 'error', reason: 'paper-out' },
      { kind: 'printer', id: 'printer-2', state: 'idle' },
      { kind: 'drawer', id: 'drawer-1', state: 'closed' },
      { kind: 'scanner', id: 'scanner-1', state: 'idle' },
    ]);
  });

  it('keeps what HQ accepts: ids and versions cut to 64 characters', () => {
    const report = terminalReport('v'.repeat(80), [status('display', 'd'.repeat(70), 'offline')]);
    expect(report.softwareVersion).toHaveLength(64);
    expect(report.devices[0]?.id).toHaveLength(64);
  });
});
