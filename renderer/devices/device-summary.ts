import type { DeviceStatus, SyncProgress } from '../../core/contract/index.ts';
import { hasMessage, type MessageKey, type MessageParams } from '../i18n/i18n.ts';
import { DEVICE_KINDS, type DeviceKind } from '../../core/shared/enums.ts';

// One chip per kind of device in the status bar. With several devices of a kind (two printers)
// the chip shows the worst state, so a fault is never hidden behind a healthy twin.

export type ChipState = DeviceStatus['state'] | 'unknown';

const SEVERITY: Record<ChipState, number> = { idle: 0, busy: 1, closed: 2, unknown: 3, offline: 4, error: 5 };

export interface DeviceChip {
  readonly kind: DeviceKind;
  readonly state: ChipState;
  readonly devices: readonly DeviceStatus[];
}

/** Kinds shown only on a till that reports them (the e-invoice numbers, with the Taiwan fiscal profile only). */
const ONLY_WHEN_REPORTED: ReadonlySet<DeviceKind> = new Set(['einvoice', 'scale']);

export function deviceChips(devices: readonly DeviceStatus[]): DeviceChip[] {
  const kinds = DEVICE_KINDS.filter((kind) => !ONLY_WHEN_REPORTED.has(kind) || devices.some((d) => d.device === kind));
  return kinds.map((kind) => {
    const mine = devices.filter((d) => d.device === kind);
    const state = mine.reduce<ChipState>(
      (worst, d) => (SEVERITY[d.state] > SEVERITY[worst] || worst === 'unknown' ? d.state : worst),
      'unknown',
    );
    return { kind, state: mine.length === 0 ? 'unknown' : state, devices: mine };
  });
}

/** Flags a device raised (paper low, cover open...), true ones only. */
export function raisedFlags(d: DeviceStatus): string[] {
  return Object.entries(d.flags ?? {})
    .filter(([, v]) => v)
    .map(([k]) => k);
}

/** A message key and its parameters: words the status bar shows in the UI language. */
export interface Wording {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/** The device whose state the chip shows (the worst one); with equals, the one that has the most to say. */
export function leadDevice(chip: DeviceChip): DeviceStatus | null {
  const worst = chip.devices.filter((d) => d.state === chip.state);
  return worst.find((d) => d.sync) ?? worst.find((d) => d.reason) ?? worst[0] ?? null;
}

/** Why the device is in its state, in words; null without a reason code (the English detail is then the fallback). */
export function reasonWording(d: DeviceStatus): Wording | null {
  if (!d.reason) return null;
  if (d.reason === 'left-open' && d.openSeconds !== undefined)
    return { key: 'device.reason.left-open-for', params: { seconds: d.openSeconds } };
  return { key: `device.reason.${d.reason}` };
}

/** How the status bar formats numbers, shares and times in the UI language and the store's zone. */
export interface StatusFormat {
  count(n: number): string;
  /** 0..1 as a percentage, rounded down (99.9 % is not done). */
  percent(share: number): string;
  time(iso: string): string;
}

/** The sync chip's words in the bar: catch-up progress or backlog, then the last sync. */
export function syncWording(p: SyncProgress, f: StatusFormat): Wording[] {
  const words: Wording[] = [];
  if (p.progress !== null)
    words.push({ key: 'device.sync.progress', params: { percent: f.percent(p.progress), count: f.count(p.pending) } });
  else if (p.pending > 0) words.push({ key: 'device.sync.pending', params: { count: f.count(p.pending) } });
  else words.push({ key: 'device.sync.upToDate' });
  words.push(p.lastSyncAt ? { key: 'device.sync.last', params: { time: f.time(p.lastSyncAt) } } : { key: 'device.sync.never' });
  return words;
}

/** The last sync failure and the next try, for the tooltip. */
export function syncProblemWording(p: SyncProgress, f: StatusFormat): Wording[] {
  if (!p.lastError) return [];
  const key = `device.syncError.${p.lastError}`;
  return [
    { key: hasMessage(key) ? key : 'device.syncError.other' },
    ...(p.retryAt ? [{ key: 'device.sync.retry' as const, params: { time: f.time(p.retryAt) } }] : []),
  ];
}
