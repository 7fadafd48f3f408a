// Retry delays after a failed attempt: terminal sync, HQ's e-receipt mail. Many terminals of a
// chain lose the same HQ at the same moment (a WAN outage, an HQ restart): without jitter they
// would all come back in step. `random = () => 1` gives the plain exponential step.

export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  baseMs: number;
  /** Ceiling of the delay, however many attempts failed. */
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, factor: 2 };

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential up to the ceiling,
 * with "equal jitter": half of it fixed, half random. Never below half the exponential step,
 * so a flapping link is not retried in a tight loop, and spread enough to desynchronise.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const step = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.min(n - 1, 64));
  const half = step / 2;
  return Math.round(half + random() * half);
}
