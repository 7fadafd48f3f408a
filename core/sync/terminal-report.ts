import type { DeviceStatus } from '../contract/views.ts';
import type { ReportedDevice, TerminalReport } from '../ports/hq-client.ts';

// What a till tells HQ about itself with each batch (docs/hq.md "What a till reports"): its
// software and the state of its counter devices. Sync and the e-invoice numbers are not devices
// here: HQ already knows how far sync got, and the numbers are HQ's own business.

/** The device kinds a till reports to HQ, in the order the console lists them. */
export const REPORTED_DEVICE_KINDS = ['printer', 'drawer', 'scanner', 'scale', 'display'] as const;

/** The till's devices as HQ is told of them: counter devices only, in a fixed order, state and reason only. */
export function reportedDevices(statuses: readonly DeviceStatus[]): ReportedDevice[] {
  const order = (kind: string) => (REPORTED_DEVICE_KINDS as readonly string[]).indexOf(kind);
  return statuses
    .filter((s) => order(s.device) >= 0)
    .sort((a, b) => order(a.device) - order(b.device) || a.id.localeCompare(b.id))
    .slice(0, 32)
    .map((s) => ({ kind: s.device, id: s.id.slice(0, 64), state: s.state, ...(s.reason ? { reason: s.reason } : {}) }));
}

/** The report without the backlog, which the sync engine adds per batch. */
export function terminalReport(softwareVersion: string, statuses: readonly DeviceStatus[]): Omit<TerminalReport, 'backlog'> {
  return { softwareVersion: softwareVersion.slice(0, 64), devices: reportedDevices(statuses) };
}
