// The invoice numbers a till may issue in a period: its ranges (字軌 letters and first and last
// eight-digit number), issued in order range by range, with no gap and none twice. The next
// number follows from the ranges and the last number issued alone, so a till that restarts, or
// writes its sale in the same transaction that reads them, can never take one twice.

export interface InvoiceRange {
  track: string;
  /** Eight digits, first and last included. */
  from: string;
  to: string;
}

const pad8 = (n: number) => String(n).padStart(8, '0');
const size = (r: InvoiceRange) => Number(r.to) - Number(r.from) + 1;

/** The ranges in the order their numbers are issued: by track letters, then by first number. */
export function issueOrder(ranges: readonly InvoiceRange[]): InvoiceRange[] {
  return [...ranges].sort((a, b) => (a.track === b.track ? Number(a.from) - Number(b.from) : a.track < b.track ? -1 : 1));
}

/** Where `number` (AB11223344) sits: the range's index in issue order and the offset in it; null when in none. */
function positionOf(ordered: readonly InvoiceRange[], number: string): { index: number; offset: number } | null {
  const track = number.slice(0, 2);
  const n = Number(number.slice(2));
  const index = ordered.findIndex((r) => r.track === track && n >= Number(r.from) && n <= Number(r.to));
  return index < 0 ? null : { index, offset: n - Number(ordered[index]!.from) };
}

export interface NumbersLeft {
  /** The next number to issue, or null when none is left. */
  next: string | null;
  /** How many numbers are left, the next one included. */
  left: number;
}

/**
 * The next number after `lastIssued` (the period's last invoice, or none yet) and how many are
 * left. A last number in none of the ranges (a range taken away) counts as the start: nothing
 * before it is reused, since numbers only go forward.
 */
export function numbersLeft(ranges: readonly InvoiceRange[], lastIssued: string | null): NumbersLeft {
  const ordered = issueOrder(ranges);
  let index = 0;
  let offset = 0;
  if (lastIssued) {
    const at = positionOf(ordered, lastIssued);
    if (at) {
      index = at.index;
      offset = at.offset + 1;
    } else {
      // Numbers only go forward: the ranges after the last one issued remain.
      const track = lastIssued.slice(0, 2);
      const n = Number(lastIssued.slice(2));
      index = ordered.findIndex((r) => r.track > track || (r.track === track && Number(r.from) > n));
      if (index < 0) return { next: null, left: 0 };
    }
  }
  let left = 0;
  let next: string | null = null;
  for (let i = index; i < ordered.length; i++) {
    const r = ordered[i]!;
    const skip = i === index ? offset : 0;
    const here = size(r) - skip;
    if (here > 0 && next === null) next = `${r.track}${pad8(Number(r.from) + skip)}`;
    left += Math.max(0, here);
  }
  return { next, left };
}

/** Why a new range cannot be added next to `existing` (same period), or null when it can. */
export function rangeConflict(existing: readonly InvoiceRange[], added: InvoiceRange): string | null {
  if (Number(added.from) > Number(added.to)) return `the range runs from its first number to its last: ${added.from} is after ${added.to}`;
  const clash = existing.find((r) => r.track === added.track && Number(r.from) <= Number(added.to) && Number(added.from) <= Number(r.to));
  return clash
    ? `${added.track}${added.from}-${added.track}${added.to} overlaps ${clash.track}${clash.from}-${clash.track}${clash.to}, already recorded for this period`
    : null;
}

/** Whether `ranges` holds exactly `range` (same letters, first and last number). */
export function hasRange(ranges: readonly InvoiceRange[], range: InvoiceRange): boolean {
  return ranges.some((r) => r.track === range.track && r.from === range.from && r.to === range.to);
}

/**
 * Why a till cannot record `added` for a period, given the ranges it has and the last number it
 * issued in it, or null when it can: a range may not overlap one it has, nor lie before the last
 * number issued (numbers only go forward: it would never be used).
 */
export function rangeRefusal(existing: readonly InvoiceRange[], lastIssued: string | null, added: InvoiceRange): string | null {
  const conflict = rangeConflict(existing, added);
  if (conflict) return conflict;
  if (lastIssued && `${added.track}${added.to}` < lastIssued)
    return `${added.track}${added.from}-${added.track}${added.to} lies before ${lastIssued}, the last number this till issued in the period: numbers are issued in order`;
  return null;
}
