// A keyboard-wedge scanner "types" a barcode far faster than a person can: every key a few
// milliseconds after the last, then Enter or Tab (or nothing, and a pause). This tells such a
// burst from typing by timing alone, so a scan is recognised wherever the focus happens to be.
// Pure: the caller feeds key names with timestamps and runs a timer for `deadline()`.

export interface WedgeOptions {
  /** Longest gap between two keys of one scan, in ms (scanners: 1-20 ms; people: 60 ms and more). */
  readonly maxKeyGapMs: number;
  /** Quiet time after the last key that ends a scan sent without a terminator, in ms (40-200). */
  readonly endPauseMs: number;
  /** Shortest code taken as a scan; shorter bursts are key rollover from a fast typist. */
  readonly minLength: number;
  /** Keys a scanner sends after the code. */
  readonly terminators: readonly string[];
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxKeyGapMs: 30,
  endPauseMs: 100,
  minLength: 4,
  terminators: ['Enter', 'Tab'],
};

export interface WedgeScan {
  readonly code: string;
  readonly endedBy: 'terminator' | 'pause';
  /** When the first key of the burst arrived (for the scan-to-render measure). */
  readonly startedAt: number;
}

/** Keys that never break a burst: scanners press Shift for capitals. */
const TRANSPARENT = new Set(['Shift', 'CapsLock']);

export interface WedgeDetector {
  /** Feeds one key-down (`KeyboardEvent.key`, no Ctrl/Alt/Meta). Returns a scan this key completes, if any. */
  key(key: string, at: number): WedgeScan | null;
  /** Called when no key came until `at`: returns a scan ended by a pause, if any. */
  idle(at: number): WedgeScan | null;
  /** When `idle` should next be called, or null when no scan is waiting for its pause. */
  deadline(): number | null;
  /** True while the keys so far look like the start of a scan (two or more fast keys). */
  inBurst(): boolean;
  reset(): void;
}

export function createWedgeDetector(options: Partial<WedgeOptions> = {}): WedgeDetector {
  const o: WedgeOptions = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  let chars: string[] = [];
  let firstAt = 0;
  let lastAt = 0;

  const reset = () => {
    chars = [];
  };
  const qualifies = () => chars.length >= o.minLength;
  const take = (endedBy: WedgeScan['endedBy']): WedgeScan => {
    const scan = { code: chars.join(''), endedBy, startedAt: firstAt };
    reset();
    return scan;
  };

  return {
    key(key, at) {
      if (TRANSPARENT.has(key)) return null;
      const gap = at - lastAt;
      if (o.terminators.includes(key)) {
        // The terminator follows the code as fast as its characters did (a late timer may not have run yet).
        const scan = chars.length > 0 && qualifies() && gap <= o.endPauseMs ? take('terminator') : null;
        reset();
        return scan;
      }
      if ([...key].length !== 1) {
        // Arrows, Backspace, function keys: a person is at the keyboard.
        const scan = qualifies() && gap > o.maxKeyGapMs ? take('pause') : null;
        reset();
        return scan;
      }
      let ended: WedgeScan | null = null;
      // Once a burst is long enough to be a scan, a little jitter (a busy USB hub) does not end it;
      // only a real pause does.
      const continues = gap <= o.maxKeyGapMs || (qualifies() && gap < o.endPauseMs);
      if (chars.length > 0 && !continues) {
        // Too slow to belong to the burst: the burst is over, and this key starts a new one.
        ended = qualifies() ? take('pause') : null;
        reset();
      }
      if (chars.length === 0) firstAt = at;
      chars.push(key);
      lastAt = at;
      return ended;
    },
    idle(at) {
      // Only a burst long enough to be a scan ends on a pause. A shorter one is left for the next
      // key to judge by its own timestamp (the timer runs on the page's clock, not the keyboard's).
      if (chars.length === 0 || !qualifies()) return null;
      return at - lastAt >= o.endPauseMs ? take('pause') : null;
    },
    deadline() {
      return chars.length > 0 && qualifies() ? lastAt + o.endPauseMs : null;
    },
    inBurst() {
      return chars.length >= 2;
    },
    reset,
  };
}
