import type { DeviceStatus } from '../../core/contract/index.ts';

// One chip per kind of device in the status bar. With several devices of a kind (two printers)
// the chip shows the worst state, so a fault is never hidden behind a healthy twin.

export const DEVICE_KINDS = ['printer', 'drawer', 'scanner', 'display', 'sync'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export type ChipState = DeviceStatus['state'] | 'unknown';

const SEVERITY: Record<ChipState, number> = { idle: 0, busy: 1, closed: 2, unknown: 3, offline: 4, error: 5 };

export interface DeviceChip {
  readonly kind: DeviceKind;
  readonly state: ChipState;
  readonly devices: readonly DeviceStatus[];
}

export function deviceChips(devices: readonly DeviceStatus[]): DeviceChip[] {
  return DEVICE_KINDS.map((kind) => {
    const mine = devices.filter((d) => d.device === kind);
    const state = mine.reduce<ChipState>((worst, d) => (SEVERITY[d.state] > SEVERITY[worst] || worst === 'unknown' ? d.state : worst), 'unknown');
    return { kind, state: mine.length === 0 ? 'unknown' : state, devices: mine };
  });
}

/** Flags a device raised (paper low, cover open...), true ones only. */
export function raisedFlags(d: DeviceStatus): string[] {
  return Object.entries(d.flags ?? {})
    .filter(([, v]) => v)
    .map(([k]) => k);
}
