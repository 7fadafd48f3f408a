// Accepted patterns (issue #14): a case reviewed 'fine' makes its pattern (the same rule, the same
// staff, the same member) an accepted one for ACCEPTED_PATTERN_DAYS after the review, at the till
// (its own `loss-review` entries) and at HQ (its own reviews and every till's). Later cases of the
// pattern are still listed, marked as accepted, after every case still open. One rule for both.

/** How long a case reviewed 'fine' keeps later cases of its pattern quiet (days after the review). */
export const ACCEPTED_PATTERN_DAYS = 28;

/** A pattern's key: rule, staff (in any order) and member. */
export function lossPatternKey(rule: string, staffIds: readonly string[], memberId: string | null): string {
  return `${rule}|${[...staffIds].sort().join(',')}|${memberId ?? ''}`;
}

/** A review 'fine' of a pattern, on business day `day` (YYYY-MM-DD). */
export interface FineReview<R> {
  rule: string;
  staffIds: readonly string[];
  memberId: string | null;
  day: string;
  review: R;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The fine reviews by pattern, each pattern's in the order given (oldest first): what
 * `acceptingReview` looks a case up in.
 */
export function finePatterns<R>(reviews: Iterable<FineReview<R>>): Map<string, Array<FineReview<R>>> {
  const byPattern = new Map<string, Array<FineReview<R>>>();
  for (const r of reviews) {
    const key = lossPatternKey(r.rule, r.staffIds, r.memberId);
    let list = byPattern.get(key);
    if (!list) byPattern.set(key, (list = []));
    list.push(r);
  }
  return byPattern;
}

/**
 * The latest fine review of the case's pattern whose 28 days still cover the case's business day
 * (a case on the review's day or up to 28 days after it, or before it), or null. `skip` leaves a
 * review out (the case's own: a case is not accepted by its own review).
 */
export function acceptingReview<R>(
  patterns: ReadonlyMap<string, ReadonlyArray<FineReview<R>>>,
  c: { rule: string; staffIds: readonly string[]; memberId: string | null; businessDay: string },
  skip: (review: R) => boolean = () => false,
): R | null {
  const list = patterns.get(lossPatternKey(c.rule, c.staffIds, c.memberId)) ?? [];
  return list.findLast((f) => c.businessDay <= addDays(f.day, ACCEPTED_PATTERN_DAYS) && !skip(f.review))?.review ?? null;
}

/** Accepted cases after the others, each group in its order (a stable sort). */
export function acceptedLast<C extends { acceptedBy: unknown }>(cases: C[]): C[] {
  return cases.sort((a, b) => Number(a.acceptedBy !== null) - Number(b.acceptedBy !== null));
}
