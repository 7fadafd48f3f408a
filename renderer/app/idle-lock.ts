// When the till locks itself: after `timeoutMs` without input. Kept apart from React and the DOM
// so the timing can be tested with fake timers. Input only moves a timestamp (no timer is reset
// per key press); the one timer re-arms itself for whatever is left when it fires.

export interface IdleLockOptions {
  /** Quiet time before locking; 0 or less: never lock. */
  readonly timeoutMs: number;
  /** Locks the till. Called once; the timer then stops. */
  readonly onIdle: () => void;
  /** Whether locking now would lose nothing (no payment typed, no dialog half filled in). */
  readonly canLock: () => boolean;
  /** How soon to look again when something held the lock off (default 1 s). */
  readonly recheckMs?: number;
  readonly now?: () => number;
}

export interface IdleLock {
  /** The cashier did something: the quiet time starts again. */
  activity(): void;
  stop(): void;
}

export function createIdleLock(options: IdleLockOptions): IdleLock {
  const now = options.now ?? (() => Date.now());
  const recheckMs = options.recheckMs ?? 1000;
  let last = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = options.timeoutMs <= 0 || !Number.isFinite(options.timeoutMs);

  const arm = (ms: number) => {
    timer = setTimeout(fire, Math.max(ms, 0));
  };
  function fire(): void {
    timer = undefined;
    if (stopped) return;
    const quiet = now() - last;
    if (quiet < options.timeoutMs) return arm(options.timeoutMs - quiet);
    // Something is mid-way (a payment being typed, a dialog open): wait until it is done.
    if (!options.canLock()) return arm(recheckMs);
    stopped = true;
    options.onIdle();
  }

  if (!stopped) arm(options.timeoutMs);
  return {
    activity() {
      last = now();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
