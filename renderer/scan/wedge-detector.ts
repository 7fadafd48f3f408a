// A keyboard-wedge scanner "types" a barcode far faster than a person can: every key a few
// milliseconds after the last, then Enter or Tab (or nothing, and a pause). This tells such a
// burst from typing by timing alone, so a scan is recognised wherever the focus happens to be.
//
// A scanner or USB hub that stalls for 100 ms or more inside a code splits it: the head ends on
// the pause, the tail comes as a burst of its own and may be a valid code of another item. So
// each scan says how long after the keys before it (a scan ended by a pause, keys typed by hand,
// nothing a terminator closed) it began. A split is told by cadence: the head of a split scan
// came at scanner speed (two or more keys in a burst), a key typed by a person stands alone
// (people type 35-150 ms apart). A burst that begins within the split guard after a fast head
// follows a break and may be a tail (`afterBreak`), and the screens refuse it; one that follows a
// key typed by hand is a scan of its own, and that key is no part of it, however soon before it
// came. Key times are the keyboard's own: a key stamped before the one before it (a clock
// the page had to guess) never joins it. Pure: the caller feeds key names with timestamps and
// runs a timer for `deadline()`.

export interface WedgeOptions {
  /** Longest gap between two keys of one scan, in ms (scanners: 1-20 ms; people: 60 ms and more). */
  readonly maxKeyGapMs: number;
  /** Quiet time after the last key that ends a scan sent without a terminator, in ms (40-200). */
  readonly endPauseMs: number;
  /** Shortest code taken as a scan; shorter bursts are key rollover from a fast typist. */
  readonly minLength: number;
  /** Keys a scanner sends after the code. */
  readonly terminators: readonly string[];
  /** A burst starting between endPauseMs and this long after an unterminated burst may be the tail of a split scan, in ms. */
  readonly splitGuardMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxKeyGapMs: 30,
  endPauseMs: 100,
  minLength: 4,
  terminators: ['Enter', 'Tab'],
  splitGuardMs: 500,
};

export interface WedgeScan {
  readonly code: string;
  readonly endedBy: 'terminator' | 'pause';
  /** When the first key of the burst arrived (for the scan-to-render measure). */
  readonly startedAt: number;
  /**
   * How long before the burst the last key no terminator closed came (a pause-ended scan, keys
   * typed by hand), in ms; null when there was none or its time cannot be compared. Under
   * endPauseMs those keys are the scan's own delayed start; from there up to the split guard the
   * burst follows a break if they came at scanner speed.
   */
  readonly leadGapMs: number | null;
  /** Began soon after a break in scanner-speed keys (a scan ended by a pause, a half-sent code): it may be the tail of a split scan. */
  readonly afterBreak: boolean;
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
  /** The last key of input no terminator closed, before the current burst; null when closed. */
  let looseAt: number | null = null;
  /** How many keys that unterminated input had in one burst: 1 for a key typed by hand. */
  let looseKeys = 0;
  let leadGapMs: number | null = null;
  let leadKeys = 0;

  const reset = () => {
    chars = [];
  };
  /** The keys so far are left unterminated (a pause, keys typed by hand): a burst soon after follows a break. */
  const leaveLoose = () => {
    if (chars.length > 0) {
      looseAt = lastAt;
      looseKeys = chars.length;
    }
    reset();
  };
  const qualifies = () => chars.length >= o.minLength;
  const take = (endedBy: WedgeScan['endedBy']): WedgeScan => {
    // Only keys that came at scanner speed can be the head of a split scan: a single key before the
    // pause is a person's (a scanner that stalls after its first character leaves a tail that must
    // pass its own check digit and lookup, as any scan does).
    const afterBreak = leadGapMs !== null && leadKeys >= 2 && leadGapMs >= o.endPauseMs && leadGapMs < o.splitGuardMs;
    const scan = { code: chars.join(''), endedBy, startedAt: firstAt, leadGapMs, afterBreak };
    if (endedBy === 'pause') leaveLoose();
    else reset();
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
        looseAt = null;
        return scan;
      }
      if ([...key].length !== 1) {
        // Arrows, Backspace, function keys: a person is at the keyboard.
        const scan = qualifies() && gap > o.maxKeyGapMs ? take('pause') : null;
        reset();
        looseAt = null;
        return scan;
      }
      let ended: WedgeScan | null = null;
      // Once a burst is long enough to be a scan, a little jitter (a busy USB hub) does not end it;
      // only a real pause does.
      // A key stamped before the one before it was timed on another clock: it is no part of that burst.
      const continues = gap >= 0 && (gap <= o.maxKeyGapMs || (qualifies() && gap < o.endPauseMs));
      if (chars.length > 0 && !continues) {
        // Too slow to belong to the burst: the burst is over, and this key starts a new one.
        ended = qualifies() ? take('pause') : null;
        leaveLoose();
      }
      if (chars.length === 0) {
        firstAt = at;
        leadGapMs = looseAt === null || at < looseAt ? null : at - looseAt;
        leadKeys = looseKeys;
      }
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
    reset() {
      reset();
      looseAt = null;
    },
  };
}
