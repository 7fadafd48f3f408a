// When the host process dies unexpectedly, main restarts it after a delay that doubles with
// each crash in a sliding window, and gives up (telling the cashier to call IT) after too many:
// a driver that crashes on every start must not spin the machine.

export interface RestartPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** Longest delay between restarts. */
  maxDelayMs: number;
  /** Crashes allowed within `windowMs` before giving up. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRestarts: 5,
  windowMs: 10 * 60_000,
};

export type RestartDecision = { action: 'restart'; delayMs: number; attempt: number } | { action: 'give-up'; attempt: number };

/** Crash times still inside the window ending at `now`. */
export function recentCrashes(crashTimes: readonly number[], now: number, policy: RestartPolicy): number[] {
  return crashTimes.filter((t) => now - t < policy.windowMs);
}

/** `crashTimes` includes the crash just seen. */
export function nextRestart(crashTimes: readonly number[], now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  const attempt = recentCrashes(crashTimes, now, policy).length;
  if (attempt > policy.maxRestarts) return { action: 'give-up', attempt };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return { action: 'restart', delayMs, attempt };
}
