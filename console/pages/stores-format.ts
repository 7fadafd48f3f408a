// How the Stores page words what a till reported and when: the age of a report in whole minutes,
// and when it is old enough to say so (a till that stopped syncing keeps its last report at HQ).

/** A report older than this is shown as stale: a till syncing normally reports every few seconds. */
export const STALE_AFTER_MINUTES = 15;

/** Whole minutes from `iso` to `nowMs` (0 for a time a little ahead of this browser's clock). */
export function minutesAgo(iso: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 60_000));
}

export function isStale(minutes: number): boolean {
  return minutes >= STALE_AFTER_MINUTES;
}

/** A device state's badge: fine, needs a look, or out of service. */
export function deviceTone(state: string): 'ok' | 'warn' | 'alert' {
  if (state === 'idle' || state === 'busy' || state === 'closed') return 'ok';
  if (state === 'error' || state === 'offline') return 'alert';
  return 'warn';
}
